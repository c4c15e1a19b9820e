"""LOG_FORMAT=json makes every log line one JSON object."""

import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_json_log_format_writes_one_json_object_per_line():
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('onboarding.test').warning('handover failed', extra={'addon': 'x1'})"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "handover failed"
    assert record["level"] == "WARNING"
    assert record["logger"] == "onboarding.test"
    assert record["addon"] == "x1"
    assert "time" in record


def test_text_log_format_is_the_default():
    assert settings.LOG_FORMAT == "text"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    logging.config.dictConfig(settings.LOGGING)
