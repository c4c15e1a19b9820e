"""`make profile`: where each bench page spends its time, on the seeded large database.

Each page the bench drives is requested PROFILE_REQUESTS times (50) in process, with production
settings (DEBUG off, cached template loader), under pyinstrument. Printed per page: time per
request and its split by where the sampled frames live:
- sql: the database driver and Django's query compiler (django/db, psycopg),
- template: Django's template engine, the template tags and the form renderer,
- middleware: everything between the handler and the view (sessions, auth, gzip, CSP, ...),
- view: the rest (views, selectors, rules, forms, Python).
With --json, prints the shares as JSON (bench/run.py keeps them for the pages that
missed). With --html, writes bench/profiles/<page>.html for a closer look (git-ignored).

    BENCH_DATABASE_URL=... .venv/bin/python bench/profile_pages.py [--html] [page ...]
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
)
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("BENCH_FLOOR", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("DJANGO_DEBUG", None)
# The static files `make bench` collected (bench/static_root.py), with production's storage.
sys.path.insert(0, str(ROOT / "bench"))
import static_root as static  # noqa: E402

os.environ.update(
    static.production_env(dict(os.environ), Path(os.environ.get("STATIC_ROOT", static.STATIC_ROOT)))
)
sys.argv, FLAGS = [a for a in sys.argv if not a.startswith("--")], set(sys.argv)

import probe  # noqa: E402 - sets up Django on the database above
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "50"))
CATEGORIES = (
    ("sql", ("/django/db/", "/psycopg/", "/psycopg_pool/")),
    ("template", ("/django/template/", "/templatetags/", "/django/forms/", "/crispy_")),
    ("middleware", ("/django/contrib/sessions/", "/django/contrib/auth/", "/middleware/")),
)


def _category(path: str) -> str:
    for name, markers in CATEGORIES:
        if any(marker in path for marker in markers):
            return name
    return "view"


def split(frame, totals=None, inherited="view") -> dict:
    """Self time of every frame, charged to its own category or, for Python's internals
    (builtins, stdlib), to the nearest category above it."""
    totals = {} if totals is None else totals
    path = frame.file_path or ""
    own = _category(path) if "/site-packages/" in path or "/onboarding/" in path else inherited
    if own == "view" and inherited != "view" and "/site-packages/" not in path:
        own = inherited if "/onboarding/" not in path else "view"
    totals[own] = totals.get(own, 0.0) + frame.total_self_time
    for child in frame.children:
        split(child, totals, own)
    return totals


def profile_page(client, url, name) -> dict:
    client.get(url)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for _ in range(REQUESTS):
        response = client.get(url)
    profiler.stop()
    elapsed = (time.perf_counter() - started) / REQUESTS * 1000
    assert response.status_code == 200, (url, response.status_code)
    totals = split(profiler.last_session.root_frame())
    whole = sum(totals.values()) or 1
    if "--html" in FLAGS:
        out = Path(__file__).parent / "profiles"
        out.mkdir(exist_ok=True)
        (out / f"{name}.html").write_text(profiler.output_html())
    return {"ms": elapsed, **{k: v / whole for k, v in totals.items()}}


def main() -> None:
    found = probe.targets()
    wanted = set(sys.argv[1:]) or set(found["pages"])
    users = {u.username: u for u in get_user_model().objects.filter(username__in=probe.PERSONAS)}
    results = {}
    for name, (persona, url) in found["pages"].items():
        if name not in wanted:
            continue
        client = Client()
        client.force_login(users[persona])
        results[name] = profile_page(client, url, name)
    if "--json" in FLAGS:
        print(json.dumps({k: {m: round(v, 3) for m, v in r.items()} for k, r in results.items()}))
        return
    print(f"{'page':18} {'ms/req':>7}  {'sql':>5} {'tmpl':>5} {'mw':>5} {'view':>5}")
    for name, r in results.items():
        print(
            f"{name:18} {r['ms']:7.1f}  "
            + " ".join(f"{r.get(k, 0):5.0%}" for k in ("sql", "template", "middleware", "view"))
        )


if __name__ == "__main__":
    main()
