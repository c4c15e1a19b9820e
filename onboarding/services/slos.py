"""SLO definitions and their review by Addon SRE (push tokens: services/api_tokens.py).

Owners define and edit SLOs until the addon is handed over; once the transition window has
started every edit still goes through, but the timeline says what changed and the definition
goes back to Addon SRE for review, so a moved goalpost is never silent.
"""

from django.db import transaction
from django.template.defaultfilters import pluralize

from ..errors import ActionRefused
from ..integrations.prometheus.promql import (
    QueryRefused,
    events_query,
    inverted_if_error_ratio,
    ratio_query,
)
from ..models import SLO, Addon, TimelineEvent
from ..rules import slos as rules
from ..selectors.gate_settings import gate_settings
from .review_notices import changes_requested_notify, review_requested_notify
from .timeline import event_record


def _check_editable(addon: Addon, by) -> None:
    rules.slo_edit.enforce(by, addon)


def _addon_locked(addon: Addon, by) -> Addon:
    """The addon row locked and checked again: complete_transition judges the SLOs under the
    same lock, so a definition can't change between its check and the handover."""
    locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
    _check_editable(locked, by)
    return locked


# Definition fields added after the first callers (API clients, tests, scripts) may be left
# out: on create their defaults apply, on update the stored values stay.
OPTIONAL_DEFINITION = {"prometheus_source": None, "kind": SLO.Kind.EVENTS, "ratio_query": ""}


def _definition(data: dict, current: SLO | None = None) -> dict:
    def value(name):
        if name in data:
            return data[name]
        return getattr(current, name) if current is not None else OPTIONAL_DEFINITION[name]

    return {name: value(name) for name in SLO.DEFINITION_FIELDS}


def _check_source(data: dict, *, invert_error_ratio: bool = False) -> dict:
    """A Prometheus SLO needs the expressions of its kind, each one usable (`promql.py`).
    A bare error-ratio rule is stored as 1 - <rule> only when the person confirmed it."""
    if data.get("source") != SLO.Source.PROMETHEUS:
        return data
    ratio = data.get("kind") == SLO.Kind.RATIO
    if ratio and invert_error_ratio:
        expr = (data.get("ratio_query") or "").strip()
        inverted = inverted_if_error_ratio(expr)
        if inverted == expr:
            message = (
                "Only a recording rule whose name says it is an error ratio is inverted; "
                "this query is stored as written."
            )
            raise ActionRefused(message, field_errors={"invert_error_ratio": message})
        data = {**data, "ratio_query": inverted}
    names = ("ratio_query",) if ratio else ("good_query", "total_query")
    errors = {}
    for name in names:
        expr = (data.get(name) or "").strip()
        if not expr:
            errors[name] = "A Prometheus SLO of this kind needs this PromQL expression."
            continue
        try:
            ratio_query(expr) if ratio else events_query(expr)
        except QueryRefused as exc:
            errors[name] = str(exc)
    if errors:
        raise ActionRefused("Check the PromQL expressions.", field_errors=errors)
    return data


def _check_window(addon: Addon, data: dict) -> None:
    """The transition window is the addon's (the portal's, frozen when its transition period
    started); an SLO may judge a longer window, not a shorter."""
    days = gate_settings(addon).window_days
    if data.get("window_days") is not None and data["window_days"] < days:
        message = f"The window is at least the portal's transition window: {days} days."
        raise ActionRefused(message, field_errors={"window_days": message})


def _check_unique_name(addon: Addon, name: str, exclude_pk=None) -> None:
    # Asked under the addon's row lock, so two simultaneous creates get this answer too.
    if addon.slos.filter(name=name).exclude(pk=exclude_pk).exists():
        message = "This addon already has an SLO with this name."
        raise ActionRefused(message, field_errors={"name": message})


def slo_create(*, addon: Addon, by, data: dict) -> SLO:
    _check_editable(addon, by)
    invert = bool(data.get("invert_error_ratio"))
    data = _check_source(_definition(data), invert_error_ratio=invert)
    _check_window(addon, data)
    with transaction.atomic():
        addon = _addon_locked(addon, by)
        _check_unique_name(addon, data["name"])
        slo = SLO.objects.create(addon=addon, **data)
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO defined: {slo.name}, {slo.objective}% over {slo.window_days} day{pluralize(slo.window_days)}."
            + (
                f" The error ratio is stored inverted, as confirmed: {slo.ratio_query}"
                if invert
                else ""
            ),
            payload={"slo": slo.pk, "action": "created"},
        )
        review_requested_notify(event=event, what=f"the SLO {slo.name}", page="SLOs")
    return slo


def slo_update(*, slo: SLO, by, data: dict) -> SLO:
    addon = slo.addon
    _check_editable(addon, by)
    invert = bool(data.get("invert_error_ratio"))
    data = _check_source(_definition(data, slo), invert_error_ratio=invert)
    _check_window(addon, data)
    with transaction.atomic():
        addon = _addon_locked(addon, by)
        _check_unique_name(addon, data["name"], exclude_pk=slo.pk)
        locked = SLO.objects.select_for_update().get(pk=slo.pk)
        changes = {
            name: [str(getattr(locked, name)), str(data[name])]
            for name in SLO.DEFINITION_FIELDS
            if str(getattr(locked, name)) != str(data[name])
        }
        if not changes:
            return locked
        for name in SLO.DEFINITION_FIELDS:
            setattr(locked, name, data[name])
        during = addon.transition_started_at is not None
        if during:
            locked.review = SLO.Review.PENDING
        locked.save()
        message = f"SLO {locked.name} changed: " + ", ".join(
            f"{name} {old!r} → {new!r}" for name, (old, new) in changes.items()
        )
        if during:
            message += " (during the transition window; back to Addon SRE review)"
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=message[:2000],
            payload={"slo": locked.pk, "action": "changed", "changes": changes},
        )
        if during:  # back to Addon SRE review
            review_requested_notify(event=event, what=f"the SLO {locked.name}", page="SLOs")
    return locked


def slo_review(*, slo: SLO, by, approve: bool, comment: str = "") -> SLO:
    addon = slo.addon
    rules.slo_review.enforce(by, addon)
    comment = (comment or "").strip()
    if not approve and not comment:
        message = "Say what the owners should change."
        raise ActionRefused(message, field_errors={"comment": message})
    with transaction.atomic():
        locked = SLO.objects.select_for_update().get(pk=slo.pk)
        locked.review = SLO.Review.APPROVED if approve else SLO.Review.CHANGES_REQUESTED
        locked.review_comment = comment
        locked.save(update_fields=["review", "review_comment"])
        verdict = "approved" if approve else f"changes requested: {comment}"
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {locked.name} {verdict}",
            payload={"slo": locked.pk, "action": "review", "review": locked.review},
        )
        if not approve:
            changes_requested_notify(
                event=event,
                what=f"the SLO {locked.name}",
                comment=comment,
                next_step="Edit its definition on the addon's SLOs page.",
            )
    return locked
