"""The short form of `make soak`: 20 s, 4 clients, one PostgreSQL restart, Redis down 10 s.

It runs the same script on private servers it starts itself and must end with nothing lost,
nothing doubled and no 5xx outside the seconds PostgreSQL was restarting.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_soak_with_faults_loses_and_doubles_nothing():
    env = {**os.environ, "SOAK_SECONDS": "20", "SOAK_CLIENTS": "4"}
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        env.pop(name, None)  # the soak brings its own servers
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "scripts/soak.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-3000:]
    assert "PASS: nothing lost, nothing doubled" in report
    assert "missing 0, doubled 0" in report
    assert "(writes without exactly one: 0)" in report
    assert ", pending 0," in report
