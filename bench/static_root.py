"""Static files as production serves them (hashed names, Brotli/gzip copies, a manifest),
rebuilt on every bench run before anything renders a page.

Production settings look every `{% static %}` name up in the manifest, so a missing or stale
STATIC_ROOT (a fresh clone, or one collected before a file was added) fails the first page
with "Missing staticfiles manifest entry". The bench therefore collects into a directory of
its own, emptied first, and the probes, gunicorn and the profiler all read that one.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_ROOT = ROOT / "bench" / "data" / "staticfiles"
PRODUCTION_STORAGE = "portal.storage.PortalStaticFilesStorage"


def production_env(env: dict, static_root: Path = STATIC_ROOT) -> dict:
    """`env` with production's static storage reading `static_root` (and debug off)."""
    cleared = {k: v for k, v in env.items() if k not in ("DJANGO_DEBUG", "STATICFILES_BACKEND")}
    return {**cleared, "STATIC_ROOT": str(static_root), "STATICFILES_BACKEND": PRODUCTION_STORAGE}


def collect(env: dict) -> None:
    """Rebuild STATIC_ROOT from scratch: stale files and manifest entries go first."""
    subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
