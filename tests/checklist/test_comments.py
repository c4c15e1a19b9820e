"""The short discussion on a checklist item: who may post, what is shown, who hears of it."""

import pytest
from django.urls import reverse

from onboarding.models import ChecklistItemComment, Notification, TimelineEvent
from onboarding.services import checklist as c
from tests.checklist.conftest import html

HTMX = {"HTTP_HX_REQUEST": "true"}


def comment_url(item):
    return reverse("checklist_item_comment", args=[item.addon.addon_id, item.pk])


def panel_url(item):
    return reverse("checklist_item", args=[item.addon.addon_id, item.pk])


def test_owner_posts_a_comment_shown_on_the_item(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    response = client.post(comment_url(item), {"body": "Is the March drill enough?"})
    assert response.status_code == 302
    assert response.url == panel_url(item) + f"#item-{item.pk}-discussion"
    page = html(client.get(response.url))
    assert "Comment posted." in page
    assert "<strong>owner</strong>" in page and "Is the March drill enough?" in page
    event = TimelineEvent.objects.get(kind="comment", addon=item.addon)
    assert event.actor == owner
    assert event.payload["item"] == "CONT-1" and event.payload["action"] == "comment"


def test_the_row_counts_the_comments(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    client.post(comment_url(item), {"body": "One"})
    client.post(comment_url(item), {"body": "Two"})
    page = html(client.get(reverse("checklist", args=[item.addon.addon_id])))
    assert "Details… (2 comments)" in page


def test_by_htmx_the_row_comes_back_with_the_panel_and_the_comment(client, sre, item_of):
    item = item_of("RELI-5")
    client.force_login(sre)
    response = client.post(comment_url(item), {"body": "Waiting for the quota."}, **HTMX)
    body = html(response)
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert 'data-testid="comment"' in body and "Waiting for the quota." in body
    assert "Comment posted." in body


def test_the_other_participants_hear_of_a_comment(client, owner, sre, lead, item_of):
    item = c.item_mark_done(item=item_of("INC-1"), by=owner)
    client.force_login(sre)
    client.post(comment_url(item), {"body": "The list bounces, please check."})
    note = Notification.objects.get(event__kind="comment")
    # The owner marked it done; the assigned Addon SREs verify it next; the author is left out.
    assert owner.email in note.recipients and sre.email not in note.recipients
    assert "sre commented on checklist item INC-1" in note.subject
    assert note.kind == "comment"  # muted with the other comments on Notification settings
    client.force_login(owner)
    client.post(comment_url(item), {"body": "Fixed the list."})
    latest = Notification.objects.filter(event__kind="comment").latest("pk")
    assert sre.email in latest.recipients and owner.email not in latest.recipients


def test_an_empty_comment_is_refused_next_to_the_field(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    response = client.post(comment_url(item), {"body": "   "})
    assert response.status_code == 400
    page = html(response)
    assert f'id="item-{item.pk}-comment-err">Write the comment first.' in page
    assert not ChecklistItemComment.objects.exists()
    assert not TimelineEvent.objects.filter(kind="comment").exists()


def test_anonymous_is_sent_to_log_in(client, item_of):
    item = item_of("CONT-1")
    response = client.post(comment_url(item), {"body": "Hello"})
    assert response.status_code == 302 and "login" in response.url
    assert not ChecklistItemComment.objects.exists()


def test_another_team_gets_404_and_nothing_is_posted(client, owner2, item_of):
    item = item_of("CONT-1")
    client.force_login(owner2)
    assert client.post(comment_url(item), {"body": "Hello"}).status_code == 404
    assert not ChecklistItemComment.objects.exists()


@pytest.mark.parametrize("persona", ["architect1", "manager"])
def test_people_who_do_not_work_the_checklist_get_403(client, personas, persona, item_of):
    item = item_of("CONT-1")
    client.force_login(personas[persona])
    assert client.post(comment_url(item), {"body": "Hello"}).status_code == 403
    assert not ChecklistItemComment.objects.exists()
    page = html(client.get(panel_url(item)))
    assert "No comment yet." in page and "Post comment" not in page


def test_a_comment_is_shown_escaped(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    client.post(comment_url(item), {"body": "<script>alert(1)</script>"})
    page = html(client.get(panel_url(item)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_a_person_who_muted_comments_does_not_hear_of_one(client, owner, sre, item_of):
    from onboarding.services.notification_preferences import notification_preference_save

    item = c.item_mark_done(item=item_of("INC-1"), by=owner)
    notification_preference_save(user=owner, muted_kinds=["comment"])
    client.force_login(sre)
    client.post(comment_url(item), {"body": "The list bounces, please check."})
    assert ChecklistItemComment.objects.count() == 1
    heard = [n.recipients for n in Notification.objects.filter(kind="comment")]
    assert all(owner.email not in recipients for recipients in heard)
