"""SLO definitions, SOP review, extension and the SLO page as people use them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import SLO, SOP, SLOBucket, State, TimelineEvent
from onboarding.services.sops import sop_review

from .conftest import make_slo

pytestmark = pytest.mark.both_databases

FORM = {
    "name": "api-availability",
    "sli_type": "availability",
    "description": "Successful API calls",
    "objective": "99.5",
    "window_days": "28",
    "source": "prometheus",
    "good_query": 'http_requests_total{code!~"5.."}',
    "total_query": "",
}


def test_prometheus_slo_needs_both_expressions(client, make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    client.force_login(owner)
    response = client.post(reverse("slo_new", args=[addon.addon_id]), FORM)
    assert response.status_code == 400
    assert "A Prometheus SLO of this kind needs this PromQL expression." in (
        response.content.decode()
    )
    assert not addon.slos.filter(name="api-availability").exists()
    response = client.post(
        reverse("slo_new", args=[addon.addon_id]), {**FORM, "total_query": "http_requests_total"}
    )
    assert response.status_code == 302
    slo = addon.slos.get(name="api-availability")
    assert slo.review == SLO.Review.PENDING
    assert addon.events.filter(kind="slo", payload__action="created").count() == 1


def test_architect_cannot_define_slos(client, make_addon, architect1):
    addon = make_addon(State.ONBOARDING)
    client.force_login(architect1)
    assert client.post(reverse("slo_new", args=[addon.addon_id]), FORM).status_code == 403


def test_other_teams_owner_gets_404(client, make_addon, owner2):
    addon = make_addon(State.ONBOARDING)
    client.force_login(owner2)
    assert client.get(reverse("addon_slos", args=[addon.addon_id])).status_code == 404


def test_edit_during_transition_is_on_the_timeline_and_back_to_review(
    client, transition_addon, owner
):
    slo = transition_addon.slos.get()
    client.force_login(owner)
    data = {
        "name": slo.name,
        "sli_type": slo.sli_type,
        "description": slo.description,
        "objective": "99.5",
        "window_days": "28",
        "source": "pushed",
    }
    response = client.post(reverse("slo_edit", args=[transition_addon.addon_id, slo.pk]), data)
    assert response.status_code == 302
    slo.refresh_from_db()
    assert slo.review == SLO.Review.PENDING
    event = transition_addon.events.get(kind="slo", payload__action="changed")
    assert "objective '99.000' → '99.5'" in event.message
    assert "during the transition window" in event.message


def test_assigned_sre_approves_or_requests_changes_with_a_comment(client, make_addon, sre, lead):
    addon = make_addon(State.ONBOARDING)
    slo = make_slo(addon, name="latency")
    url = reverse("slo_review", args=[addon.addon_id, slo.pk])
    client.force_login(sre)
    client.post(url, {"decision": "changes", "comment": ""})
    slo.refresh_from_db()
    assert slo.review == SLO.Review.PENDING
    client.post(url, {"decision": "changes", "comment": "Use p99, not the mean."})
    slo.refresh_from_db()
    assert (slo.review, slo.review_comment) == ("changes_requested", "Use p99, not the mean.")
    client.post(url, {"decision": "approve"})
    slo.refresh_from_db()
    assert slo.review == SLO.Review.APPROVED
    assert addon.events.filter(kind="slo", payload__action="review").count() == 2


def test_unassigned_sre_cannot_review(client, make_addon, architect1):
    addon = make_addon(State.ONBOARDING)
    slo = make_slo(addon, name="latency")
    client.force_login(architect1)
    response = client.post(
        reverse("slo_review", args=[addon.addon_id, slo.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403


def test_sop_listed_by_owner_and_reviewed_by_sre(client, transition_addon, owner, sre):
    url = reverse("addon_sops", args=[transition_addon.addon_id])
    client.force_login(owner)
    client.post(url, {"title": "Pod down", "url": "https://sops.example.com/pod", "alerts": "X"})
    sop = SOP.objects.get(addon=transition_addon)
    review = reverse("sop_review", args=[transition_addon.addon_id, sop.pk])
    assert client.post(review, {"decision": "approve"}).status_code == 403
    client.force_login(sre)
    client.post(review, {"decision": "changes", "comment": "Add the escalation path."})
    sop.refresh_from_db()
    assert sop.status == "changes_requested" and sop.reviewed_by == sre
    client.post(review, {"decision": "approve"})
    sop.refresh_from_db()
    assert sop.status == "approved"
    assert transition_addon.events.filter(kind="sop").count() == 3


def _drop_last_two_days(addon):
    """A gap of 48 hours: coverage below the 95 % minimum, so the window is insufficient."""
    last = SLOBucket.objects.filter(slo__addon=addon).order_by("-start")[:48]
    SLOBucket.objects.filter(pk__in=[b.pk for b in last]).delete()


def test_extension_needs_a_missed_window_and_a_reason(client, transition_addon, sre):
    url = reverse("addon_extend", args=[transition_addon.addon_id])
    client.force_login(sre)
    client.post(url, {"reason": "More data"})
    assert not transition_addon.events.filter(kind="extension").exists()  # every SLO met
    _drop_last_two_days(transition_addon)
    page = client.get(transition_addon.get_absolute_url()).content.decode()
    assert 'data-action="extend"' in page
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Give the reason for the extension." in response.content.decode()
    response = client.post(url, {"reason": "x" * 2001}, follow=True)
    assert "Keep the reason to 2000 characters (it has 2001)." in response.content.decode()
    assert not transition_addon.events.filter(kind="extension").exists()
    response = client.post(url, {"reason": "A gap in the exporter's data"}, follow=True)
    assert "Transition period extended." in response.content.decode()
    event = transition_addon.events.get(kind="extension")
    assert "availability (insufficient data)" in event.message
    transition_addon.refresh_from_db()
    assert transition_addon.state == State.TRANSITION


def test_owner_cannot_extend(client, transition_addon, owner):
    _drop_last_two_days(transition_addon)
    client.force_login(owner)
    response = client.post(
        reverse("addon_extend", args=[transition_addon.addon_id]), {"reason": "x"}
    )
    assert response.status_code == 403


def test_addon_page_shows_what_blocks_completion(client, transition_addon, sre):
    client.force_login(sre)
    page = client.get(transition_addon.get_absolute_url()).content.decode()
    assert 'data-testid="complete-blockers"' in page
    assert "List the addon&#x27;s SOPs and have Addon SRE review them." in page


def test_slo_page_shows_gaps_and_keeps_its_query_count(client, transition_addon, sre):
    client.force_login(sre)
    url = reverse("addon_slos", args=[transition_addon.addon_id])
    end = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)

    def gappy_slo(name):
        slo = make_slo(transition_addon, name=name, window_days=28)
        SLOBucket.objects.bulk_create(
            SLOBucket(slo=slo, start=end - timedelta(hours=h), good=9, total=10)
            for h in range(1, 28 * 24, 2)  # every other hour: gaps everywhere
        )

    client.get(url)  # a first request fills the caches (portal settings, collection clock)
    with CaptureQueriesContext(connection) as covered:
        client.get(url)
    gappy_slo("extra-0")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(1, 4):
        gappy_slo(f"extra-{i}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    # Missing hours are read in one query, only when some window has any.
    assert len(covered) + 1 == len(small) == len(large)
    page = response.content.decode()
    assert page.count('data-status="insufficient"') == 4
    assert 'data-gap="1"' in page
    assert page.count("<polyline") >= 5


def test_slo_charts_label_their_axes_objective_and_window(client, transition_addon, sre):
    client.force_login(sre)
    slo = make_slo(transition_addon, name="labelled", objective="99.500", window_days=28)
    end = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)
    page = client.get(reverse("addon_slos", args=[transition_addon.addon_id])).content.decode()
    assert "objective 99.5 %" in page
    assert ">100 %</text>" in page and ">0 %</text>" in page
    first_day = (end - timedelta(days=slo.window_days)).strftime("%b %-d")
    assert f">{first_day}</text>" in page
    assert f">{(end - timedelta(hours=1)).strftime('%b %-d')}</text>" in page


def test_demo_observability_has_two_met_slos_and_two_pending_sops(db):
    from onboarding.demo.seed import seed
    from onboarding.models import Addon
    from onboarding.selectors.slo_evaluation import evaluate, viability_blocker

    # A second before the hour turns: the demo's data ends at the hour `now` gives, not the
    # wall clock's, so the verdict cannot change under the test when a real hour turns.
    now = datetime(2026, 11, 20, 12, 59, 59, tzinfo=UTC)
    seed(password="demo", now=now)
    addon = Addon.objects.get(addon_id="observability")
    assert addon.state == State.TRANSITION
    last = SLOBucket.objects.filter(slo__addon=addon).latest("start").start
    assert last == datetime(2026, 11, 20, 11, tzinfo=UTC)
    results = evaluate(addon.slos.all(), now)
    assert [r.status for r in results] == ["met", "met"]
    assert viability_blocker(addon, now) is None
    assert list(addon.sops.values_list("status", flat=True)) == ["pending", "pending"]
    assert TimelineEvent.objects.filter(addon=addon).exists()


def test_sre_cannot_review_an_sop_once_the_addon_is_transitioned(make_addon, sre):
    addon = make_addon(State.TRANSITIONED)
    sop = SOP.objects.create(addon=addon, title="Pod down", url="https://sops.example.com/pod")
    events = addon.events.count()
    with pytest.raises(ActionRefused, match="SOPs cannot change while the addon is transitioned"):
        sop_review(sop=sop, by=sre, approve=False, comment="Rewrite it.")
    sop.refresh_from_db()
    assert sop.status == SOP.Status.PENDING and addon.events.count() == events


def test_owner_is_told_in_plain_words_that_a_transitioned_addons_slos_are_fixed(
    client, make_addon, owner
):
    addon = make_addon(State.TRANSITIONED)
    client.force_login(owner)
    response = client.post(reverse("slo_new", args=[addon.addon_id]), FORM | {"total_query": "x"})
    assert "SLOs cannot change while the addon is transitioned." in response.content.decode()
    assert not addon.slos.filter(name=FORM["name"]).exists()


def test_demo_addons_were_drafted_before_their_first_event(db):
    from django.db.models import Min

    from onboarding.demo.seed import seed
    from onboarding.models import Addon

    now = datetime(2026, 11, 20, 12, 59, 59, tzinfo=UTC)
    seed(password="demo", now=now)
    for addon in Addon.objects.annotate(first=Min("events__created_at")):
        assert addon.first is None or addon.created_at <= addon.first, addon.addon_id
    observability = Addon.objects.get(addon_id="observability")
    assert now - observability.created_at >= now - observability.state_changed_at
