"""Every URL of the portal × every persona: the status each gets, from the table in matrix.py.

The URL names come from the URLconf itself, so a URL added without a row fails here. Each
persona's request runs in a savepoint that is rolled back, so one persona's successful write
does not change what the next one sees. A POST that a persona is denied changes nothing.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, path, reverse
from django.utils import timezone

from onboarding.models import SOP, Addon, ApiToken, ChecklistItem, Handover
from onboarding.services.api_tokens import token_create

from .matrix import LOGIN, MATRIX, PERSONAS, SETUP, UNCHANGED
from .urlwalk import walk, without_row

URL_NAMES = list(dict.fromkeys(name for name, _ in walk(get_resolver().url_patterns)))
DEFAULT_STATE = "onboarding"


@dataclass
class World:
    addon: Addon
    team: object
    item: ChecklistItem | None
    slo: object
    sop: SOP | None
    token: object
    handover: Handover | None
    api_token: ApiToken | None = None


# URL kwarg name -> its value for the world; SETUP[...]["kwargs"] overrides per URL
# ("pk" names a different object on each URL, so it is always given there).
KWARGS = {
    "addon_id": lambda w: w.addon.addon_id,
    "item_id": lambda w: w.item.pk,
    "slo_id": lambda w: w.slo.pk,
    "fmt": lambda w: "csv",
    "name": lambda w: "submit",
    "action": lambda w: "comment",
}
OBJECTS = {"slo": "slo", "sop": "sop", "token": "token", "api_token": "api_token"}


def build_world(make_addon, personas, state) -> World:
    addon = make_addon(state)
    item = (
        ChecklistItem.objects.filter(addon=addon, side="owner").order_by("position").first()
        or ChecklistItem.objects.filter(addon=addon).first()
    )
    slo = addon.slos.first()
    if slo is None:
        from onboarding.demo.workflow import add_slo_with_data

        slo = add_slo_with_data(addon, now=timezone.now(), days=1)
    sop = addon.sops.first() or SOP.objects.create(
        addon=addon, title="Operator down", url="https://sops.example.com/operator"
    )
    token = None
    if state not in ("transitioned",):
        token, _ = token_create(addon=addon, by=personas["owner"], label="matrix")
    return World(
        addon=addon,
        team=addon.team,
        item=item,
        slo=slo,
        sop=sop,
        token=token,
        handover=Handover.objects.filter(addon=addon).first(),
        # The owner's own JSON API token: only the owner may revoke it.
        api_token=ApiToken.issue(user=personas["owner"], label="matrix")[0],
    )


def url_for(name, world) -> str:
    if name == "admin:index":
        return reverse(name)
    overrides = SETUP.get(name, {}).get("kwargs", {})
    kwargs = {}
    for kwarg in _kwarg_names(name):
        if kwarg in overrides:
            value = overrides[kwarg]
            kwargs[kwarg] = getattr(world, OBJECTS[value]).pk if value in OBJECTS else value
        else:
            kwargs[kwarg] = KWARGS[kwarg](world)
    return reverse(name, kwargs=kwargs)


def _kwarg_names(name) -> list[str]:
    resolver = get_resolver()
    *namespaces, view = name.split(":")
    for namespace in namespaces:  # e.g. "api:addon_detail"
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(view)
    # [(possibilities, pattern, defaults, converters)]; possibilities = [(format, params)]
    return list(possibilities[0][0][0][1]) if possibilities else []


def snapshot(addon) -> dict:
    counts = {m.__name__: m.objects.count() for m in apps.get_app_config("onboarding").get_models()}
    addon.refresh_from_db()
    return {**counts, "addon.state": addon.state}


def outcome(response) -> object:
    if response.status_code == 302 and "login" in response["Location"].split("?")[0]:
        return LOGIN
    return response.status_code


def visit(client, method, url, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data)


def state_for(name) -> str:
    return SETUP.get(name, {}).get("state", DEFAULT_STATE)


def visit_as_everyone(name, world, personas):
    """({method: {persona: outcome}}, [denied or refused requests that changed data])."""
    url = url_for(name, world)
    setup = SETUP.get(name, {})
    actual = {"GET": {}, "POST": {}}
    changed = []
    for method in ("GET", "POST"):
        for persona in PERSONAS:
            data = setup.get("data", {})
            data = data(world) if callable(data) else dict(data)
            client = Client()
            with transaction.atomic():
                if persona != "anon":
                    client.force_login(personas[persona])
                before = snapshot(world.addon)
                result = outcome(visit(client, method, url, data))
                after = snapshot(world.addon)
                transaction.set_rollback(True)
            actual[method][persona] = result
            if result in UNCHANGED and before != after:
                diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                changed.append(f"{method} as {persona} ({result}): {diff}")
    return url, actual, changed


# One addon per state serves every URL that needs that state (building it is the slow part).
@pytest.mark.parametrize("state", sorted({state_for(name) for name in URL_NAMES}))
def test_every_persona_gets_the_expected_status(state, make_addon, personas):
    world = build_world(make_addon, personas, state)
    problems = []
    for name in [n for n in URL_NAMES if state_for(n) == state]:
        if name not in MATRIX:
            problems.append(f"URL {name!r} has no row in tests/security/matrix.py")
            continue
        url, actual, changed = visit_as_everyone(name, world, personas)
        if actual != MATRIX[name]:
            problems.append(f"{name} {url}: expected {MATRIX[name]}, got {actual}")
        if changed:
            problems.append(f"{name}: a denied or refused request changed data: {changed}")
    assert not problems, "\n".join(problems)


def test_every_url_has_a_row():
    missing = without_row(URL_NAMES, MATRIX)
    assert not missing, f"URLs without a row in tests/security/matrix.py: {missing}"


def _fake_view(request):
    raise AssertionError("never requested")


def test_a_url_without_a_row_is_reported():
    patterns = [*get_resolver().url_patterns, path("fake/unlisted/", _fake_view, name="unlisted")]
    names = [name for name, _ in walk(patterns)]
    assert "unlisted" in names
    # Rows for every real URL, so the fake one is all the guard can report.
    complete = {**{name: {} for name in URL_NAMES}, **MATRIX}
    assert without_row(names, complete) == ["unlisted"]


def test_the_matrix_reports_a_url_without_a_row(make_addon, personas, monkeypatch):
    """The same guard inside the matrix test itself: it fails, naming the URL."""
    import tests.security.test_role_matrix as module

    monkeypatch.setattr(module, "MATRIX", {k: v for k, v in MATRIX.items() if k != "home"})
    monkeypatch.setattr(module, "URL_NAMES", ["home"])
    with pytest.raises(AssertionError, match="URL 'home' has no row"):
        module.test_every_persona_gets_the_expected_status(DEFAULT_STATE, make_addon, personas)


def test_the_walk_includes_nested_includes_and_the_admin_index_only():
    names = [name for name, _ in walk(get_resolver().url_patterns)]
    assert "addon_detail" in names
    assert "admin:index" in names
    assert not [n for n in names if n.startswith("admin:") and n != "admin:index"]
