"""The short discussion on a checklist item: a comment, its timeline event, its notification."""

from django.db import transaction

from ..errors import ActionRefused
from ..models import ChecklistItem, ChecklistItemComment, NotificationKind, TimelineEvent
from ..rules.checklist import ITEM_RULES
from ..rules.next import Party, item_next
from ..rules.roles import Role, holders
from .timeline import event_record, notification_queue

Status = ChecklistItem.Status


def _next_people(item) -> list:
    """Whoever must act on the item next: the table's row for it (rules/next.item_next), as
    `next_actor` names it."""
    addon = item.addon
    found = item_next(item)
    if found is None:
        return []
    if found.party == Party.OWNERS:
        return list(addon.team.members.filter(is_active=True))
    if found.party == Party.SRE:
        return list(addon.engineers.filter(is_active=True))
    if found.party == Party.LEAD and addon.sre_lead_id:
        return [addon.sre_lead]
    if found.party == Party.ANY_LEAD:  # the assigned lead asked: another lead decides
        return list(holders(Role.LEAD).exclude(pk=getattr(found.not_by, "pk", None)))
    return []


def _participants(item, author) -> list[str]:
    """The item's other participants: who acted on it, who discussed it, who acts next."""
    people = [item.done_by, item.verified_by, item.waiver_requested_by, item.waiver_decided_by]
    people += [comment.author for comment in item.comments.select_related("author")]
    people += _next_people(item)
    return sorted({p.email for p in people if p is not None and p.pk != author.pk and p.email})


def item_comment_post(*, item, by, body: str) -> ChecklistItemComment:
    body = (body or "").strip()
    if not body:
        message = "Write the comment first."
        raise ActionRefused(message, field_errors={"body": message})
    with transaction.atomic():
        addon = item.addon
        ITEM_RULES["comment"].enforce(by, item)
        recipients = _participants(item, by)
        comment = ChecklistItemComment.objects.create(item=item, author=by, body=body)
        message = f"{by} commented on {item.key}: {body}"
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.COMMENT,
            message=message,
            payload={"item": item.key, "action": "comment", "comment": comment.pk},
        )
        notification_queue(
            event=event,
            recipients=recipients,
            subject=f"[{addon.addon_id}] {by} commented on checklist item {item.key}",
            body=f"{message}\n\n{addon.name} ({addon.addon_id}), item {item.key}: {item.title}",
            kind=NotificationKind.COMMENT,
        )
    return comment
