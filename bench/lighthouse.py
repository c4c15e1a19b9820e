"""The outside judge: Lighthouse (npm, pinned in bench/lighthouse/) on Debian's Chromium.

Each page is audited logged in as its persona (the session cookie goes in as an extra header)
with the desktop preset; the scores, the DOM size and the bytes transferred are kept.
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")
PAGES = ("home", "addon_list", "addon_detail", "checklist", "slo_page")


def install() -> None:
    if not CLI.exists():
        subprocess.run(  # noqa: S603 - fixed argv
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],  # noqa: S607
            cwd=HERE,
            check=True,
        )


ATTEMPTS = 3  # Lighthouse sometimes loses the trace of a load (NO_NAVSTART): run it again


def audit(url: str, cookies: dict) -> dict:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _audit(url, cookies)
        except subprocess.CalledProcessError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _audit(url: str, cookies: dict) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(  # noqa: S603 - fixed argv
            [
                str(CLI),
                url,
                "--preset=desktop",
                "--only-categories=" + ",".join(CATEGORIES),
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--extra-headers=" + json.dumps({"Cookie": cookie}),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=180,
        )
        result = json.loads(report.read_text())
    audits = result["audits"]
    final_url = result.get("finalDisplayedUrl") or result.get("finalUrl", url)
    if "/login/" in final_url:
        raise SystemExit(f"bench: Lighthouse was sent to the login page for {url}")
    return {
        **{name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES},
        "dom_elements": int(audits["dom-size"]["numericValue"]),
        "transfer_kb": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "failed_audits": sorted(
            key
            for key, audit in audits.items()
            if audit.get("score") is not None
            and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "metricSavings", "numeric")
        ),
    }


def audit_pages(base: str, sessions: dict, pages: dict) -> dict:
    """`pages` maps a page name to (persona, url) as bench/probe.py finds them."""
    install()
    return {
        name: {"role": pages[name][0], "url": pages[name][1]}
        | audit(base + pages[name][1], sessions[pages[name][0]].cookies.get_dict())
        for name in PAGES
        if name in pages
    }


def table(results: dict) -> str:
    lines = [
        "| page | role | performance | accessibility | best practices | DOM elements | "
        "transfer (KB) |",
        "|" + "---|" * 7,
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['role']} | {r['performance']} | {r['accessibility']} "
            f"| {r['best-practices']} | {r['dom_elements']} | {r['transfer_kb']} |"
        )
    return "\n".join(lines)
