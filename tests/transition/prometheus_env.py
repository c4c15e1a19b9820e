"""A real Prometheus loaded with 29 days of generated, OSD-style data, and what each hour
of that data is by construction (the oracle the tests compare the portal against).

Series (5-minute samples up to the hour the data ends at, `end`):
- `portal_demo_{good,all}_total`: plain counters (the original case).
- `haproxy_backend_http_responses_total{route="rhods-dashboard",code="200"|"503"}`: router
  counters, as the odh-deployer rules read them; one hour with an error burst.
- `probe_success{instance="rhods-dashboard-route",job="user_facing_endpoints_status"}`:
  a blackbox probe with a 55-minute outage across an hour boundary.
- `probe_success{instance="notebook-spawner-route",job="user_facing_endpoints_status"}`:
  a probe whose scrapes stop for four hours.
- `portal_gap_{good,all}_total`: counters with a three-hour scrape gap.
- `portal_vanishing_{good,all}_total`: counters that vanish 30 hours before `end`.
- `http_request_duration_seconds_count{job="myservice",code="200"|"503"}`: the counters of
  Sloth's getting-started SLO, with a three-hour scrape gap.
- `http_requests_total{job="app",status="200"|"500"}`: the counters of Pyrra's "http" SLO,
  with an error burst.

Recording rules come from odh-deployer (`vendor/odh_recording_rules.yml`), Sloth
(`vendor/sloth_getting_started.yml`) and Pyrra (`vendor/pyrra_http_rules.yml`) and are
evaluated by Prometheus itself: `promtool tsdb create-blocks-from rules` against the running
server, whose blocks are then loaded by a restart.
"""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import yaml

STEP = timedelta(minutes=5)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAYS = 29
RULE_DAYS = 8  # the rules are backfilled over the last days only: promtool takes a while
VENDOR = Path(__file__).parent / "vendor"
RULES = VENDOR / "odh_recording_rules.yml"
SLOTH_RULES = VENDOR / "sloth_getting_started.yml"
PYRRA_RULES = VENDOR / "pyrra_http_rules.yml"
SLOTH_OK = 'http_request_duration_seconds_count{code="200",job="myservice"}'
SLOTH_BAD = 'http_request_duration_seconds_count{code="503",job="myservice"}'
PYRRA_OK = 'http_requests_total{job="app",status="200"}'
PYRRA_BAD = 'http_requests_total{job="app",status="500"}'
SLOTH_GAP_HOURS_BEFORE_END = 60
PYRRA_BURST_HOURS_BEFORE_END = 20
RATIO_SCALE = 3_600_000


def binary(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(
            f"`{name}` not found: install the Debian package `prometheus` "
            "(apt-get install prometheus; .ci/run does this)."
        )
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Data:
    end: datetime
    lines: dict = field(default_factory=dict)  # family -> (type, [sample lines])
    samples: dict = field(default_factory=dict)  # series name -> {t: value}

    def add(self, family, kind, series, labels, t, value):
        self.lines.setdefault(family, (kind, []))[1].append(
            f"{series}{labels} {value} {int(t.timestamp())}"
        )
        self.samples.setdefault(series + labels, {})[t] = value

    def openmetrics(self) -> str:
        out = []
        for family, (kind, lines) in self.lines.items():
            out.append(f"# TYPE {family} {kind}")
            out.extend(lines)
        return "\n".join(out) + "\n# EOF\n"

    # Per-hour values as Prometheus sees them at the hour's end: a range [H, H + 1h],
    # both ends included (Prometheus 2.x).
    def window(self, series: str, hour: datetime) -> list:
        samples = self.samples[series]
        return [samples[t] for t in sorted(samples) if hour <= t <= hour + HOUR]

    def increase(self, series: str, hour: datetime):
        """The hour's increase when the range holds its first and last sample, else None
        (a gap or vanished series; partial hours are never part of a test's oracle)."""
        samples = self.samples[series]
        if hour in samples and hour + HOUR in samples:
            return samples[hour + HOUR] - samples[hour]
        return None

    def mean(self, series: str, hour: datetime, right_open=False):
        """The hour's mean; `right_open` leaves out the sample at H + 1h — as recording
        rules evaluated by `promtool tsdb create-blocks-from rules` see the hour."""
        values = self.window(series, hour)
        if right_open and hour + HOUR in self.samples[series]:
            values = values[:-1]
        return sum(values) / len(values) if values else None


def _hours(start, end):
    hour = start
    while hour < end:
        yield hour
        hour += HOUR


def generate(end: datetime) -> Data:
    start = end - timedelta(days=DAYS)
    data = Data(end)
    counters = {
        "demo_good": 0,
        "demo_all": 0,
        "ok": 0,
        "bad": 0,
        "gap_good": 0,
        "gap_all": 0,
        "van_good": 0,
        "van_all": 0,
        "sloth_ok": 0,
        "sloth_bad": 0,
        "pyrra_ok": 0,
        "pyrra_bad": 0,
    }
    sloth_gap = (end - timedelta(hours=SLOTH_GAP_HOURS_BEFORE_END), timedelta(hours=3))
    pyrra_burst = end - timedelta(hours=PYRRA_BURST_HOURS_BEFORE_END)
    outage = (end - timedelta(hours=50) + timedelta(minutes=20), timedelta(minutes=55))
    burst_hour = end - timedelta(hours=40)
    probe_gap = (end - timedelta(hours=100), end - timedelta(hours=96))
    counter_gap = (end - timedelta(hours=80), end - timedelta(hours=77))
    vanish = end - timedelta(hours=30)
    recent = end - timedelta(days=RULE_DAYS)
    t = start
    while t <= end:
        hour = t.replace(minute=0)
        h = int((hour - start) / HOUR)
        data.add(
            "portal_demo_good", "counter", "portal_demo_good_total", "", t, counters["demo_good"]
        )
        data.add("portal_demo_all", "counter", "portal_demo_all_total", "", t, counters["demo_all"])
        step_total = 100 + (h % 7) * 10
        step_bad = 3 if h % 5 == 0 else (1 if h % 3 == 0 else 0)
        counters["demo_good"] += step_total - step_bad
        counters["demo_all"] += step_total
        if t < recent:  # the other series cover the last days only (their windows are 7 days)
            t += STEP
            continue

        route = 'route="rhods-dashboard"'
        data.add(
            "haproxy_backend_http_responses",
            "counter",
            "haproxy_backend_http_responses_total",
            f'{{code="200",{route}}}',
            t,
            counters["ok"],
        )
        data.add(
            "haproxy_backend_http_responses",
            "counter",
            "haproxy_backend_http_responses_total",
            f'{{code="503",{route}}}',
            t,
            counters["bad"],
        )
        counters["ok"] += 40 + (h % 4) * 5
        counters["bad"] += 30 if hour == burst_hour else (1 if h % 6 == 0 else 0)

        down = outage[0] <= t < outage[0] + outage[1]
        job = 'job="user_facing_endpoints_status"'
        data.add(
            "probe_success",
            "gauge",
            "probe_success",
            f'{{instance="rhods-dashboard-route",{job}}}',
            t,
            0 if down else 1,
        )
        if not probe_gap[0] < t < probe_gap[1]:
            data.add(
                "probe_success",
                "gauge",
                "probe_success",
                f'{{instance="notebook-spawner-route",{job}}}',
                t,
                1,
            )

        if not counter_gap[0] < t < counter_gap[1]:
            data.add(
                "portal_gap_good", "counter", "portal_gap_good_total", "", t, counters["gap_good"]
            )
            data.add(
                "portal_gap_all", "counter", "portal_gap_all_total", "", t, counters["gap_all"]
            )
        counters["gap_good"] += 50 - (h % 2)
        counters["gap_all"] += 50
        if t <= vanish:
            data.add(
                "portal_vanishing_good",
                "counter",
                "portal_vanishing_good_total",
                "",
                t,
                counters["van_good"],
            )
            data.add(
                "portal_vanishing_all",
                "counter",
                "portal_vanishing_all_total",
                "",
                t,
                counters["van_all"],
            )
        counters["van_good"] += 20
        counters["van_all"] += 20

        # Scraped every minute, as services usually are: a rate rule over [1h] then keeps
        # a value until a minute before the end of the first hour of a gap.
        for minute in range(5 if t < end else 1):
            at = t + minute * MINUTE
            if not sloth_gap[0] < at < sloth_gap[0] + sloth_gap[1]:
                for series, key in ((SLOTH_OK, "sloth_ok"), (SLOTH_BAD, "sloth_bad")):
                    # A summary's _count, typed "unknown": OpenMetrics counters end in _total.
                    name, labels = series.split("{")
                    data.add(name, "unknown", name, "{" + labels, at, counters[key])
            counters["sloth_ok"] += 10
            counters["sloth_bad"] += 1 if h % 4 == 0 else 0
        for series, key in ((PYRRA_OK, "pyrra_ok"), (PYRRA_BAD, "pyrra_bad")):
            name, labels = series.split("{")
            data.add("http_requests", "counter", name, "{" + labels, t, counters[key])
        counters["pyrra_ok"] += 30 + (h % 3) * 5
        counters["pyrra_bad"] += 20 if hour == pyrra_burst else (1 if h % 5 == 0 else 0)
        t += STEP
    # OpenMetrics wants a family's series one after the other, not interleaved.
    for family, (kind, lines) in data.lines.items():
        data.lines[family] = (kind, sorted(lines, key=lambda line: line.split(" ")[0]))
    return data


def _one_hour_rules(path: Path, group_name: str, suffix: str) -> dict:
    groups = yaml.safe_load(path.read_text())["groups"]
    group = next(g for g in groups if g["name"] == group_name)
    rules = [r for r in group["rules"] if r.get("record", "").endswith(suffix)]
    return {"name": group_name, "rules": rules}


def rules_1h(target: Path) -> Path:
    """The vendored odh-deployer, Sloth and Pyrra SLI groups, limited to their one-hour rules
    (the others are the same expressions over other ranges and would only slow promtool)."""
    groups = [
        _one_hour_rules(RULES, "SLOs - ODH Dashboard", ":burnrate1h"),
        _one_hour_rules(
            SLOTH_RULES, "sloth-slo-sli-recordings-myservice-requests-availability", ":ratio_rate1h"
        ),
        _one_hour_rules(PYRRA_RULES, "http", ":burnrate1h"),
    ]
    target.write_text(yaml.safe_dump({"groups": groups}))
    return target


class Server:
    def __init__(self, base: Path, data_dir: Path):
        self.base, self.data_dir = base, data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        (self.base / "prometheus.yml").write_text("global:\n  scrape_interval: 1h\n")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                binary("prometheus"),
                f"--config.file={self.base / 'prometheus.yml'}",
                f"--storage.tsdb.path={self.data_dir}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--storage.tsdb.retention.time=60d",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.base / "prometheus.log", "a"),  # noqa: SIM115 - closed with it
        )
        for _ in range(300):
            try:
                if requests.get(f"{self.url}/-/ready", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        pytest.fail(
            "Prometheus did not become ready:\n" + (self.base / "prometheus.log").read_text()
        )

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def build(base: Path, end: datetime) -> tuple[Server, Data]:
    promtool = binary("promtool")
    data = generate(end)
    (base / "data.om").write_text(data.openmetrics())
    tsdb = base / "tsdb"
    subprocess.run(  # noqa: S603 - fixed arguments, binaries found on PATH
        [
            promtool,
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=720h",
            str(base / "data.om"),
            str(tsdb),
        ],
        check=True,
        capture_output=True,
    )
    server = Server(base, tsdb)
    server.start()
    rules_out = base / "rules-blocks"
    try:
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                promtool,
                "tsdb",
                "create-blocks-from",
                "rules",
                f"--start={int((end - timedelta(days=RULE_DAYS)).timestamp())}",
                # Past `end` as a running Prometheus would be when the collection runs at
                # a few minutes past the hour: the rules' first values after the hour exist.
                f"--end={int((end + STEP).timestamp())}",
                f"--url={server.url}",
                "--eval-interval=1m",  # Prometheus' default evaluation interval
                f"--output-dir={rules_out}",
                str(rules_1h(base / "rules_1h.yml")),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    finally:
        server.stop()
    for block in rules_out.iterdir():
        shutil.move(str(block), tsdb / block.name)
    server.start()
    return server, data


def data_end() -> datetime:
    now = datetime.now(tz=UTC)
    return now.replace(minute=0, second=0, microsecond=0)


__all__ = ["HOUR", "RATIO_SCALE", "Data", "Server", "build", "data_end", "free_port"]
