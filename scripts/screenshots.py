"""Save a PNG of each main page, on demo data, at desktop and phone widths.

Migrates a throwaway SQLite database, loads `seed_demo`, serves it with `runserver` on a free
loopback port and photographs each page as its demo user (password "demo") with Playwright in
Debian's Chromium. The images go to docs/screenshots/<page>-desktop.png and <page>-mobile.png.

    make screenshots
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}

# image name -> (demo user, path); the addons are those of seed_demo.
PAGES = {
    "home": ("owner", "/"),
    "home-architect": ("architect1", "/"),
    "home-sre": ("sre", "/"),
    "home-lead": ("lead", "/"),
    "home-manager": ("manager", "/"),
    "addon-list": ("owner", "/addons/"),
    "addon-detail": ("owner", "/addons/observability/"),
    "intake-form": ("owner", "/intake/new/"),
    "review-queue": ("architect1", "/review/"),
    "review": ("architect1", "/addons/feature-store/review/"),
    "checklist": ("owner", "/addons/pipelines/checklist/"),
    "checklist-sre": ("sre", "/addons/pipelines/checklist/"),
    "slos": ("owner", "/addons/observability/slos/"),
    "timeline": ("manager", "/addons/observability/timeline/"),
    "dashboard": ("manager", "/dashboard/"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs
    )


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our http URL
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds}s")


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def photograph(base: str) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for suffix, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            user = None
            for name, (username, path) in PAGES.items():
                if username != user:
                    login(page, base, username)
                    user = username
                response = page.goto(f"{base}{path}")
                if response.status != 200:
                    raise SystemExit(f"{path} as {username}: HTTP {response.status}")
                page.wait_for_load_state("networkidle")
                target = OUT / f"{name}-{suffix}.png"
                page.screenshot(path=str(target))
                saved.append(target)
            context.close()
        browser.close()
    return saved


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}",
            "CELERY_BROKER_URL": "",
        }
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            done = manage(env, *command, capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/login/", server)
            saved = photograph(base)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in saved:
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
