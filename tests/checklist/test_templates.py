import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import ChecklistItem, ChecklistTemplate, State
from onboarding.services.checklist_templates import (
    checklist_template_copy,
    checklist_template_publish,
)


@pytest.fixture
def v1(db):
    return ChecklistTemplate.objects.get(version=1)


# The key column of shared/CHECKLIST.md, in order.
CHECKLIST_MD_KEYS = [
    "CONT-1",
    "CONT-2",
    "CONT-3",
    "INC-1",
    "INC-2",
    "INC-3",
    "INC-4",
    "INC-5",
    "INC-6",
    "INC-7",
    "INC-8",
    "OBS-1",
    "OBS-2",
    "OBS-3",
    "OBS-4",
    "OBS-5",
    "OBS-6",
    "REL-1",
    "REL-2",
    "REL-3",
    "REL-4",
    "REL-5",
    "RELI-1",
    "RELI-2",
    "RELI-3",
    "RELI-4",
    "RELI-5",
    "RELI-6",
    "RELI-7",
    "RELI-8",
    "RELI-9",
    "RELI-10",
    "RELI-11",
    "SEC-1",
    "SEC-2",
    "SEC-3",
    "SEC-4",
    "GATE-1",
    "GATE-2",
    "GATE-3",
    "GATE-4",
    "TRAN-1",
    "TRAN-2",
    "TRAN-3",
]


def test_v1_has_every_checklist_md_item(v1):
    items = {i.key: i for i in v1.items.all()}
    assert len(items) == 44
    assert list(v1.items.order_by("position").values_list("key", flat=True)) == CHECKLIST_MD_KEYS
    assert v1.is_published
    for key, side, gate, evidence in [
        ("CONT-1", "owner", "production", True),
        ("INC-1", "owner", "production", False),
        ("INC-8", "sre", "handover", False),
        ("OBS-6", "owner", "handover", True),
        ("RELI-5", "sre", "production", False),
        ("RELI-11", "owner", "handover", True),
        ("GATE-2", "sre", "production", True),
        ("TRAN-3", "sre", "handover", False),
    ]:
        item = items[key]
        assert (item.side, item.gate, item.evidence_required) == (side, gate, evidence), key
    categories = list(dict.fromkeys(i.category for i in v1.items.order_by("position")))
    assert categories == [
        "Continuity",
        "Incident management",
        "Observability",
        "Releasing",
        "Reliability",
        "Security",
        "Production gating",
        "Transition",
    ]
    assert sum(1 for i in items.values() if i.gate == "handover") == 9


def test_publishing_a_new_version_leaves_existing_checklists_unchanged(make_addon, v1, manager):
    scoped = make_addon(State.ONBOARDING)
    before = list(scoped.checklist_items.values_list("key", "title", "template_version"))

    draft = checklist_template_copy(template=v1, by=manager)
    assert (draft.version, draft.is_published, draft.items.count()) == (2, False, 44)
    draft.items.filter(key="CONT-1").update(title="Data continuity, rewritten")
    draft.items.filter(key="TRAN-3").delete()
    checklist_template_publish(template=draft, by=manager)

    after = list(scoped.checklist_items.values_list("key", "title", "template_version"))
    assert after == before
    assert v1.items.get(key="CONT-1").title.startswith("Data continuity: what data")

    newer = make_addon(State.ONBOARDING)
    assert newer.checklist_items.count() == 43
    assert set(newer.checklist_items.values_list("template_version", flat=True)) == {2}
    assert newer.checklist_items.get(key="CONT-1").title == "Data continuity, rewritten"


def test_published_version_cannot_be_published_again(v1, manager):
    with pytest.raises(ActionRefused, match="already published"):
        checklist_template_publish(template=v1, by=manager)


def test_empty_draft_cannot_be_published(manager):
    draft = ChecklistTemplate.objects.create(version=9)
    with pytest.raises(ActionRefused, match="no items"):
        checklist_template_publish(template=draft, by=manager)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_only_a_manager_copies_or_publishes(v1, lead, sre):
    for person in (lead, sre):
        with pytest.raises(PermissionDenied):
            checklist_template_copy(template=v1, by=person)
    assert ChecklistTemplate.objects.count() == 1


def test_manager_publishes_a_copy_through_the_admin_actions(client, v1, manager):
    client.force_login(manager)
    url = reverse("admin:onboarding_checklisttemplate_changelist")
    response = client.post(url, {"action": "start_new_version", "_selected_action": [v1.pk]})
    assert response.status_code == 302
    draft = ChecklistTemplate.objects.get(version=2)
    assert draft.items.count() == 44 and not draft.is_published

    response = client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_published_version_is_read_only_in_the_admin(client, v1, manager):
    client.force_login(manager)
    url = reverse("admin:onboarding_checklisttemplate_change", args=[v1.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="items-0-title"' not in page.content
    assert b"CONT-1" in page.content
    response = client.post(url, {"notes": "changed"})
    assert response.status_code == 403
    v1.refresh_from_db()
    assert v1.notes != "changed"


def test_draft_items_are_editable_in_the_admin(client, v1, manager):
    draft = checklist_template_copy(template=v1, by=manager)
    client.force_login(manager)
    page = client.get(reverse("admin:onboarding_checklisttemplate_change", args=[draft.pk]))
    assert page.status_code == 200
    assert b'name="items-0-title"' in page.content


def test_non_manager_cannot_open_the_template_admin(client, v1, lead):
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    url = reverse("admin:onboarding_checklisttemplate_changelist")
    response = client.get(url)
    # The admin site sends a non-manager to its login page; the template list stays unseen.
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_scope_snapshots_the_template(make_addon, v1):
    addon = make_addon(State.ONBOARDING)
    v1.items.filter(key="INC-1").update(title="Edited after scoping")
    assert ChecklistItem.objects.get(addon=addon, key="INC-1").title.startswith("Contact")
