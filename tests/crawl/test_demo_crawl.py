"""The demo as `make run` serves it, clicked through by every demo persona, on both databases.

`make test` runs this module on PostgreSQL and again on SQLite (the `both_databases` marker):
seed_demo loads the demo exactly as `make run` does, then each persona follows every link and
submits every GET form reachable from home (bounded, see crawler.py). No page may answer 5xx,
raise, or print a variable its template does not have; and no page may offer a link its
reader is refused (4xx).
"""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from onboarding.demo.seed import USERS

from .crawler import INVALID, crawl

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def shows_invalid_variables(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["string_if_invalid"] = INVALID
    settings.TEMPLATES = templates


@pytest.fixture
def demo(settings, shows_invalid_variables):
    settings.DEBUG = True  # seed_demo refuses otherwise, as it does outside `make run`
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def test_every_page_reachable_from_home_renders_for_every_persona(demo):
    problems, visited = [], {}
    for username in USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        walk = crawl(client, "/")
        problems += [f"{username}: {problem}" for problem in walk.problems]
        visited[username] = len(walk.visited)
    assert not problems, f"on {connection.vendor}:\n" + "\n".join(problems)
    # Each walk got past home into the addons, the checklists and beyond.
    assert min(visited.values()) > 20, visited


def test_the_crawl_sees_a_missing_variable_and_nothing_else(shows_invalid_variables):
    from django.template import engines

    template = engines["django"].from_string(
        "[{{ missing }}]{% with w=missing %}{% if w %}shown{% endif %}{% endwith %}"
        "{{ missing|default:'fallback' }}"
    )
    assert template.render({}) == f"[{INVALID}]fallback"
