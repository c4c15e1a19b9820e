"""`make bench`: seed the large data set, serve it with gunicorn, drive the main pages, report.

Steps: static files collected afresh (bench/static_root.py) -> seed (bench/seed.py) -> demo
database (seed_demo) -> query counts at both sizes and the SLO/dashboard timings
(bench/probe.py, in process) -> gunicorn with production settings and 2 workers on a free
loopback port -> a threaded HTTP client logged in once per persona drives each page after a warm-up, REQUESTS requests at concurrency 1 and 8 -> table on stdout
-> Lighthouse (bench/lighthouse.py) logged in on five main pages -> table on stdout and
bench/results.json with PASS/MISS against the targets of issues 18 and 26.

Environment: BENCH_DATABASE_URL, BENCH_SMALL_DATABASE_URL, BENCH_REQUESTS (200),
BENCH_SKIP_SEED=1 to reuse a seeded large database, BENCH_SKIP_LIGHTHOUSE=1 to leave it out.
"""

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # noqa: E402 - bench/ is a folder of scripts, not a package
import static_root as static  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LARGE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
SMALL_URL = os.environ.get(
    "BENCH_SMALL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_small"
)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARMUP = 20
CONCURRENCY = (1, 8)
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")

TARGETS = {
    "floor_ratio": 4.0,
    "post_floor_ratio": 4.0,
    "queries": 10,
    "slo_evaluation_s": 2.0,
    "lighthouse_score": 100,
    "checklist_dom_elements": 600,
}

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "bench-secret-key-not-used-anywhere-else-0123456789",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "BENCH_FLOOR": "1",
    "LOG_LEVEL": "WARNING",
    "BENCH_PASSWORD": PASSWORD,
}


def _env(database_url: str, **extra) -> dict:
    env = static.production_env(dict(os.environ))
    return {**env, **PRODUCTION_ENV, "DATABASE_URL": database_url, **extra}


def _step(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def seed_small() -> None:
    parts = urlsplit(SMALL_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": SMALL_URL, "DJANGO_DEBUG": "1", "LOG_LEVEL": "WARNING"}
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603 - fixed argv
        [PY, "manage.py", "seed_demo", "--password", PASSWORD],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def probe(database_url: str, *args: str) -> dict:
    env = _env(database_url, DJANGO_ALLOWED_HOSTS="testserver")
    out = subprocess.run(  # noqa: S603 - fixed argv
        [PY, "-W", "ignore", "bench/probe.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"bench: probe of {database_url} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = _env(LARGE_URL, DJANGO_ALLOWED_HOSTS="127.0.0.1")
    cmd = [
        str(Path(PY).parent / "gunicorn"),
        "portal.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env)  # noqa: S603 - fixed argv
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{base}/login/", timeout=10).status_code == 200:
                return server, base
        except (requests.ConnectionError, requests.Timeout):
            pass  # still booting: a loaded machine can take a while to import Django
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("bench: gunicorn did not answer")


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/login/").raise_for_status()
    response = session.post(
        f"{base}/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"bench: login as {username} failed ({response.status_code})")
    return session


def _clone(session: requests.Session) -> requests.Session:
    """A new connection pool with the same logged-in cookies, one per client thread."""
    clone = requests.Session()
    clone.cookies.update(session.cookies)
    return clone


def drive(sessions, base, make_request, count: int, concurrency: int) -> dict:
    """`count` requests over `concurrency` threads; latencies in ms."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    remaining = iter(range(count))

    def worker(index: int):
        session = _clone(sessions)
        state: dict = {}
        while True:
            with lock:
                n = next(remaining, None)
            if n is None:
                return
            started = time.perf_counter()
            error = make_request(session, base, index, concurrency, state)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if error:
                    errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "rps": round(count / wall, 1),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


def get_page(url):
    def make_request(session, base, index, concurrency, state):
        response = session.get(base + url, allow_redirects=False, timeout=60)
        return None if response.status_code == 200 else f"{url}: {response.status_code}"

    return make_request


def post_item(items):
    """Each thread works its own items: mark done, then reopen, so the action can repeat."""

    def make_request(session, base, index, concurrency, state):
        mine = state.setdefault("items", items[index::concurrency])
        position = state.get("n", 0)
        state["n"] = position + 1
        done_url, reopen_url, pk = mine[(position // 2) % len(mine)]
        mark = position % 2 == 0
        response = session.post(
            base + (done_url if mark else reopen_url),
            data={"item": pk} if mark else {"reason": "bench: reopened to repeat the action"},
            headers={"HX-Request": "true", "X-CSRFToken": session.cookies["csrftoken"]},
        )
        if response.status_code != 200 or "refused" in response.text:
            return f"POST {response.status_code}"
        return None

    return make_request


def _verdicts(pages: dict, timings: dict, audits: dict) -> list[str]:
    misses = []
    floor = pages["floor"]["c1"]["median_ms"]
    for name, page in pages.items():
        if name == "floor":
            continue
        checks = page["checks"] = {}
        c1 = page["c1"]
        if name == "checklist_post":
            checks["median<=4xfloor"] = c1["median_ms"] <= TARGETS["post_floor_ratio"] * floor
        elif name != "admin_changelist":  # Django's own page: the peer, not a target
            checks["median<=4xfloor"] = c1["median_ms"] <= TARGETS["floor_ratio"] * floor
        checks["queries<=10"] = page["queries_large"] <= TARGETS["queries"]
        checks["queries_constant"] = page["queries_small"] == page["queries_large"]
        checks["no_errors"] = not (c1["errors"] or page["c8"]["errors"])
        if name == "addon_list":
            checks["no_slower_than_admin"] = (
                c1["median_ms"] <= pages["admin_changelist"]["c1"]["median_ms"]
            )
        misses += [f"{name}: {check}" for check, ok in checks.items() if not ok]
    if timings["slo_evaluation_s"] > TARGETS["slo_evaluation_s"]:
        misses.append("slo_evaluation: > 2 s")
    for name, scores in audits.items():
        for category in lighthouse.CATEGORIES:
            if scores[category] < TARGETS["lighthouse_score"]:
                misses.append(f"lighthouse {name}: {category} {scores[category]}")
    checklist = audits.get("checklist")
    if checklist and checklist["dom_elements"] > TARGETS["checklist_dom_elements"]:
        misses.append(f"lighthouse checklist: {checklist['dom_elements']} DOM elements > 600")
    return misses


def profile_misses(misses: list[str]) -> dict:
    """Where the time of each page that missed its median target goes (bench/profile_pages.py:
    in process, production settings, shares of SQL, templates, middleware and view)."""
    names = sorted({m.split(":")[0] for m in misses if "xfloor" in m})
    if not names:
        return {}
    _step(f"profiling the misses: {', '.join(names)}")
    done = subprocess.run(  # noqa: S603 - fixed argv
        [PY, "profile_pages.py", "--json", *names],
        cwd=ROOT / "bench",
        env=_env(LARGE_URL),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(pages: dict, timings: dict) -> str:
    floor = pages["floor"]["c1"]["median_ms"]
    head = (
        "| page | role | median c1 (ms) | p95 c1 (ms) | req/s c1 | median c8 (ms) | p95 c8 (ms) "
        "| req/s c8 | ×floor | queries small/large | result |"
    )
    lines = [head, "|" + "---|" * 11]
    for name, page in pages.items():
        c1, c8 = page["c1"], page["c8"]
        misses = [k for k, ok in page.get("checks", {}).items() if not ok]
        verdict = (
            "—" if name == "floor" else ("PASS" if not misses else "MISS " + ", ".join(misses))
        )
        lines.append(
            f"| {name} | {page['role']} | {c1['median_ms']:.1f} | {c1['p95_ms']:.1f} | {c1['rps']} "
            f"| {c8['median_ms']:.1f} | {c8['p95_ms']:.1f} | {c8['rps']} "
            f"| {c1['median_ms'] / floor:.1f} | {page['queries_small']}/{page['queries_large']} "
            f"| {verdict} |"
        )
    slo = timings["slo_evaluation_s"]
    lines.append("")
    lines.append(
        f"SLO evaluation of {timings['slo_count']} SLOs (28-day window): {slo * 1000:.0f} ms "
        f"({'PASS' if slo <= TARGETS['slo_evaluation_s'] else 'MISS'} ≤ 2 s); "
        f"dashboard aggregates: {timings['dashboard_aggregates_s'] * 1000:.0f} ms."
    )
    return "\n".join(lines)


def _machine() -> dict:
    cpu = platform.processor()
    try:
        text = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", text).group(1)
    except (OSError, AttributeError):
        pass
    with psycopg.connect(LARGE_URL) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "postgresql": pg,
    }


def main() -> None:
    started = time.perf_counter()
    _step(f"collecting static files into {static.STATIC_ROOT}")
    static.collect(_env(LARGE_URL))
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        _step("seeding the large database")
        subprocess.run([PY, "bench/seed.py"], cwd=ROOT, check=True)  # noqa: S603
    else:
        env = {**os.environ, "DATABASE_URL": LARGE_URL, "DJANGO_DEBUG": "1"}
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    _step("seeding the demo database")
    seed_small()
    _step("query counts (demo data)")
    small = probe(SMALL_URL)
    _step("query counts and timings (large data)")
    large = probe(LARGE_URL, "--timings")
    server, base = serve()
    try:
        _step(f"gunicorn on {base}; logging in")
        pages_found = large["targets"]["pages"]
        personas = {p for p, _ in pages_found.values()} | {large["targets"]["post"]["persona"]}
        sessions = {p: login(base, p) for p in sorted(personas)}
        jobs = {name: (persona, get_page(url)) for name, (persona, url) in pages_found.items()}
        jobs["checklist_post"] = ("sre", post_item(large["targets"]["post"]["items"]))
        pages = {}
        for name, (persona, make_request) in jobs.items():
            drive(sessions[persona], base, make_request, WARMUP, 2)
            runs = {
                f"c{c}": drive(sessions[persona], base, make_request, REQUESTS, c)
                for c in CONCURRENCY
            }
            pages[name] = {
                "role": persona,
                "url": pages_found.get(name, ["", "POST checklist item (htmx)"])[1],
                **runs,
                "queries_small": small["queries"][name],
                "queries_large": large["queries"][name],
            }
            _step(f"{name}: median {runs['c1']['median_ms']} ms, p95 {runs['c1']['p95_ms']} ms")
        audits = {}
        if os.environ.get("BENCH_SKIP_LIGHTHOUSE") != "1":
            _step("Lighthouse (desktop preset) on five pages")
            audits = lighthouse.audit_pages(base, sessions, pages_found)
    finally:
        server.terminate()
        server.wait(timeout=30)
    timings = large["timings"]
    misses = _verdicts(pages, timings, audits)
    table = _table(pages, timings)
    if audits:
        table += "\n\nLighthouse 12 (desktop preset, Chromium):\n\n" + lighthouse.table(audits)
    profiles = profile_misses(misses)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "requests_per_run": REQUESTS,
        "concurrency": list(CONCURRENCY),
        "targets": TARGETS,
        "pages": pages,
        "timings": timings,
        "lighthouse": audits,
        "misses": misses,
        "miss_profiles": profiles,
        "duration_s": round(time.perf_counter() - started, 1),
        "table": table,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table)
    print("\nMISSES:\n- " + "\n- ".join(misses) if misses else "\nAll targets met.")
    print(f"\nbench finished in {results['duration_s']} s; wrote bench/results.json")


if __name__ == "__main__":
    main()
