"""`make soak`: load with faults on a private PostgreSQL and Redis, then count what survived.

Starts its own PostgreSQL cluster and Redis server on free loopback ports (never the shared
ones: restarting those would break everyone else's work), migrates and seeds them, and runs
gunicorn and a Celery worker against them. CLIENTS threads log in as owners, architects, the
SRE lead and readers and for SECONDS send a mix of page views and writes (submitting drafts,
posting review comments). PostgreSQL is restarted once (pg_ctl restart) and Redis is stopped
for REDIS_DOWN seconds. Afterwards the notification sweep runs (as Celery beat would) and the
script prints: requests, successes, 5xx by phase, writes acknowledged vs found, their timeline
events, notifications queued and delivered. It exits non-zero if anything was lost or doubled,
or a 5xx came outside the PostgreSQL restart.

Environment: SOAK_SECONDS (60), SOAK_CLIENTS (16). Needs the PostgreSQL server binaries,
redis-server and (as root) the postgres system user. Loopback only; every loop is bounded.
"""

# It runs fixed local commands (servers, manage.py) with arguments it builds itself.
# ruff: noqa: S603, S607

import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "16"))
REDIS_DOWN = 10
PASSWORD = "soak-password-0123"  # noqa: S105 - throwaway users of a throwaway database
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Postgres:
    """A throwaway cluster run by the postgres user (the server refuses to run as root)."""

    def __init__(self, workdir: Path):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
        if not binaries:
            sys.exit("soak: PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = Path(binaries[0]).parent
        self.dir = workdir / "pg"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        # The server's output goes here: a pipe held open by it would never reach EOF.
        self.log = str(workdir / "postgresql.log")

    def run(self, *args, check=True):
        return subprocess.run([*self.as_user, *args], check=check, capture_output=True, text=True)

    def start(self):
        self.dir.mkdir()
        if self.as_user:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.dir.parent, "postgres")
        Path(self.log).touch()
        if self.as_user:
            shutil.chown(self.log, "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust")
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off "
            "-c synchronous_commit=off -c max_connections=100"
        )
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.dir), "-o", options, "-l", self.log,
                 "-w", "start")  # fmt: skip
        self.run(str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres",
                 "portal")  # fmt: skip

    def restart(self):
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.dir), "-l", self.log, "-m", "fast",
                 "-w", "restart")  # fmt: skip

    def stop(self):
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.dir), "-m", "fast", "stop", check=False)

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/portal"


class Redis:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.dir = workdir / "redis"
        self.dir.mkdir()
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_port(self.port):
            sys.exit("soak: redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Phases:
    """Which phase a moment belongs to; the PostgreSQL restart window may show 5xx."""

    def __init__(self):
        self.marks = []  # (monotonic time, phase name) in order
        self.lock = threading.Lock()
        self.enter("before faults")

    def enter(self, name):
        with self.lock:
            self.marks.append((time.monotonic(), name))

    def at(self, moment):
        with self.lock:
            return [name for start, name in self.marks if start <= moment][-1]


RESTART_PHASE = "postgres restart"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = Counter()
        self.ok = Counter()
        self.server_errors = Counter()
        self.transport_errors = Counter()
        self.acked = []  # (kind, key)

    def record(self, phase, status):
        with self.lock:
            self.requests[phase] += 1
            if status is None:
                self.transport_errors[phase] += 1
            elif status >= 500:
                self.server_errors[phase] += 1
            elif status < 400:
                self.ok[phase] += 1


def csrf(session):
    return session.cookies.get("csrftoken", "")


class Client(threading.Thread):
    def __init__(self, base, username, role, targets, stats, phases, deadline):
        super().__init__(daemon=True)
        self.base, self.username, self.role = base, username, role
        self.targets, self.stats, self.phases, self.deadline = targets, stats, phases, deadline
        self.session = requests.Session()
        self.n = 0

    def request(self, method, path, **kwargs):
        # Counted in the phase it was answered in: a request in flight when PostgreSQL
        # stops fails then, not when it was sent.
        try:
            response = self.session.request(
                method, self.base + path, timeout=10, allow_redirects=False, **kwargs
            )
        except requests.RequestException:
            self.stats.record(self.phases.at(time.monotonic()), None)
            return None
        self.stats.record(self.phases.at(time.monotonic()), response.status_code)
        return response

    def login(self):
        for _ in range(20):  # bounded: the database may be restarting
            if time.monotonic() > self.deadline:
                return False
            page = self.request("GET", "/login/")
            if page is not None and page.status_code == 200:
                data = {"username": self.username, "password": PASSWORD,
                        "csrfmiddlewaretoken": csrf(self.session)}  # fmt: skip
                done = self.request("POST", "/login/", data=data)
                if done is not None and done.status_code == 302:
                    return True
            time.sleep(0.5)
        return False

    def post(self, path, data):
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": csrf(self.session)})

    def run(self):
        if not self.login():
            return
        reads = ["/", "/addons/"] + [f"/addons/{a}/" for a in self.targets["submitted"][:5]]
        while time.monotonic() < self.deadline:
            self.n += 1
            if self.n % 3:
                self.request("GET", reads[self.n % len(reads)])
            elif self.role == "owner" and self.targets["drafts"]:
                self.submit()
            elif self.role == "reviewer":
                self.comment()
            else:
                self.request("GET", f"/addons/{self.targets['submitted'][0]}/timeline/")
            if (
                self.request("GET", "/") is not None
                and self.session.cookies.get("sessionid") is None
            ):
                self.login()

    def submit(self):
        try:
            addon_id = self.targets["drafts"].pop()
        except IndexError:
            return
        response = self.post(
            f"/addons/{addon_id}/transition/submit/", {"submit-seen_state": "draft"}
        )
        if response is not None and response.status_code == 302:
            location = response.headers.get("Location", "")
            if location.rstrip("/").endswith(addon_id):
                self.stats.acked.append(("submit", addon_id))

    def comment(self):
        addon_id = self.targets["submitted"][self.n % len(self.targets["submitted"])]
        body = f"soak {self.username} {self.n} {uuid.uuid4().hex[:12]}"
        response = self.post(f"/addons/{addon_id}/review/comment/", {"body": body})
        if (
            response is not None
            and response.status_code == 302
            and response.headers.get("Location", "").endswith("#discussion")
        ):
            self.stats.acked.append(("comment", body))


SEED = """
import django, json, sys
django.setup()
from django.contrib.auth.models import Group
from onboarding.reference_data import ensure
from onboarding.models import Team
from onboarding.rules.roles import Role
from onboarding.demo.workflow import bring_to
from django.utils import timezone
from tests.factories import AddonFactory, TeamFactory, UserFactory
ensure()
password = sys.argv[1]
team = TeamFactory(name="Soak team", slug="soak-team")
TeamFactory(name="Addon SRE", slug="addon-sre", is_sre=True)
def user(name, role, team=None):
    u = UserFactory(username=name, email=name + "@example.com")
    u.set_password(password); u.save()
    u.groups.set(Group.objects.filter(name=str(role)))
    if team is not None: team.members.add(u)
    return u
owners = [user(f"owner{i}", Role.OWNER, team) for i in range(1, 7)]
architects = [user(f"architect{i}", Role.ARCHITECT) for i in range(1, 7)]
lead = user("lead", Role.LEAD, Team.objects.get(slug="addon-sre"))
sre = user("sre", Role.SRE, Team.objects.get(slug="addon-sre"))
manager = user("manager", Role.MANAGER)
p = {"owner": owners[0], "architect1": architects[0], "architect2": architects[1],
     "lead": lead, "sre": sre, "manager": manager}
submitted = [bring_to(AddonFactory(team=team, addon_id=f"sub-{i}"), "submitted", p,
                      now=timezone.now()).addon_id
             for i in range(12)]
drafts = [AddonFactory(team=team, addon_id=f"draft-{i}").addon_id for i in range(400)]
print(json.dumps({"submitted": submitted, "drafts": drafts}))
"""

VERIFY = """
import django, json, sys
django.setup()
from onboarding.models import Addon, Comment, Notification, TimelineEvent
from onboarding.tasks import deliver_pending_notifications
acked = json.load(open(sys.argv[1]))
report = {"found": 0, "missing": [], "doubled": [], "events": 0, "bad_events": []}
for kind, key in acked:
    if kind == "comment":
        rows = list(Comment.objects.filter(body=key).values_list("pk", flat=True))
        events = TimelineEvent.objects.filter(kind="comment", payload__comment=rows[0]).count() if rows else 0
    else:
        addon = Addon.objects.get(addon_id=key)
        rows = [addon.pk] if addon.state != "draft" else []
        events = TimelineEvent.objects.filter(addon=addon, to_state="submitted").count()
    if not rows: report["missing"].append(key)
    elif len(rows) > 1: report["doubled"].append(key)
    else: report["found"] += 1
    report["events"] += events
    if rows and events != 1: report["bad_events"].append((key, events))
for _ in range(10):  # the sweep, as beat runs it every minute; bounded
    deliver_pending_notifications()
    if not Notification.objects.filter(sent_at__isnull=True).exists(): break
report["notifications"] = Notification.objects.count()
report["delivered"] = Notification.objects.filter(sent_at__isnull=False).count()
report["pending"] = Notification.objects.filter(sent_at__isnull=True).count()
print(json.dumps(report))
"""


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    os.chmod(workdir, 0o755)  # noqa: S103 - the postgres user must reach its data directory
    pg, redis = Postgres(workdir), Redis(workdir)
    procs = []
    mail = workdir / "mail"
    mail.mkdir()
    try:
        log(f"PostgreSQL on {pg.port}, Redis on {redis.port}, work dir {workdir}")
        pg.start()
        redis.start()
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": pg.url,
            "CELERY_BROKER_URL": f"redis://{HOST}:{redis.port}/0",
            "DJANGO_SECRET_KEY": "soak-secret-key-used-nowhere-else-0123456789abcdef",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "EMAIL_URL": f"filemail:///{mail}",  # the path keeps its leading slash
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DJANGO_DEBUG", None)
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        seeded = subprocess.run(
            [PY, "-c", SEED, PASSWORD], cwd=ROOT, env=env, check=True, capture_output=True,
            text=True,
        )  # fmt: skip
        targets = json.loads(seeded.stdout.strip().splitlines()[-1])
        with open(workdir / "gunicorn.log", "w") as glog, open(workdir / "worker.log", "w") as wlog:
            procs.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "portal.wsgi", "-b", f"{HOST}:{port}", "-w", "3",
                 "--threads", "4", "--timeout", "30"],
                cwd=ROOT, env=env, stdout=glog, stderr=subprocess.STDOUT,
            ))  # fmt: skip
            procs.append(subprocess.Popen(
                [str(BIN / "celery"), "-A", "portal", "worker", "-c", "2", "-l", "WARNING"],
                cwd=ROOT, env=env, stdout=wlog, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        if not wait_port(port):
            sys.exit("soak: gunicorn did not start")
        base = f"http://{HOST}:{port}"

        stats, phases = Stats(), Phases()
        start = time.monotonic()
        deadline = start + SECONDS
        roles = ["owner"] * 6 + ["reviewer"] * 7 + ["reader"] * 3
        names = [f"owner{i}" for i in range(1, 7)] + [f"architect{i}" for i in range(1, 7)]
        names += ["lead", "sre", "manager", "manager"]
        clients = [
            Client(base, names[i % len(names)], roles[i % len(roles)], targets, stats, phases,
                   deadline)
            for i in range(CLIENTS)
        ]  # fmt: skip
        for client in clients:
            client.start()

        time.sleep(SECONDS * 0.25)
        log("restarting PostgreSQL")
        phases.enter(RESTART_PHASE)
        pg.restart()
        time.sleep(3)  # connections notice the restart on their next use
        phases.enter("after postgres restart")
        time.sleep(SECONDS * 0.2)
        log(f"stopping Redis for {REDIS_DOWN} s")
        phases.enter("redis down")
        redis.stop()
        time.sleep(REDIS_DOWN)
        redis.start()
        phases.enter("after redis returned")
        log("Redis is back")
        for client in clients:
            client.join(timeout=max(1, deadline - time.monotonic()) + 15)

        health = requests.get(base + "/readyz", timeout=10).status_code
        time.sleep(5)  # the worker drains what was queued after Redis returned
        acked_file = workdir / "acked.json"
        acked_file.write_text(json.dumps(stats.acked))
        verified = subprocess.run(
            [PY, "-c", VERIFY, str(acked_file)], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        report = json.loads(verified.stdout.strip().splitlines()[-1])
        emails = sum(
            len(re.findall(r"^Message-ID: ", p.read_text(errors="replace"), re.M))
            for p in mail.glob("*")
        )
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        redis.stop()
        pg.stop()

    outside = {p: n for p, n in stats.server_errors.items() if p != RESTART_PHASE and n}
    print()
    print(f"clients {CLIENTS}, {SECONDS} s, readiness after the run: {health}")
    print(f"{'phase':<24}{'requests':>10}{'2xx/3xx':>10}{'5xx':>6}{'no answer':>11}")
    for _, phase in phases.marks:
        print(f"{phase:<24}{stats.requests[phase]:>10}{stats.ok[phase]:>10}"
              f"{stats.server_errors[phase]:>6}{stats.transport_errors[phase]:>11}")  # fmt: skip
    total = sum(stats.requests.values())
    print(f"{'total':<24}{total:>10}{sum(stats.ok.values()):>10}"
          f"{sum(stats.server_errors.values()):>6}{sum(stats.transport_errors.values()):>11}")  # fmt: skip
    kinds = Counter(kind for kind, _ in stats.acked)
    print(f"writes acknowledged {len(stats.acked)} ({dict(kinds)}), found {report['found']}, "
          f"missing {len(report['missing'])}, doubled {len(report['doubled'])}")  # fmt: skip
    print(f"timeline events of those writes {report['events']} "
          f"(writes without exactly one: {len(report['bad_events'])})")  # fmt: skip
    print(f"notifications {report['notifications']}, delivered {report['delivered']}, "
          f"pending {report['pending']}, e-mails written {emails}")  # fmt: skip
    failures = []
    if outside:
        failures.append(f"5xx outside the PostgreSQL restart: {outside}")
    if report["missing"] or report["doubled"] or report["bad_events"]:
        failures.append("acknowledged writes lost, doubled or without exactly one event")
    if report["pending"] or emails != report["delivered"]:
        failures.append("notifications not delivered exactly once")
    if health != 200:
        failures.append("the portal did not recover")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        shutil.rmtree(workdir, ignore_errors=True)
        print("PASS: nothing lost, nothing doubled")
    else:
        print(f"logs kept in {workdir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
