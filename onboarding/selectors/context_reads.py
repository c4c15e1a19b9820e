"""The reads the rules, guards and next steps ask of a list of addons, made for all at once.

`AddonContext.many` (rules/context.py) calls `load_reads` with a context per addon: each read
below is one query for every addon of the list, whatever their number and states, and each
context then answers it without asking again.
"""

from django.db.models import Prefetch, prefetch_related_objects

from ..models import SLO, State
from ..models.states import WORK_STATES
from .checklist_progress import blocking_by_addon, progress_by_addon
from .next_steps import change_requests
from .signoffs import concurrences_by_addon, signoffs_by_addon
from .slo_evaluation import evaluated, with_sums
from .slo_window import window_end

# The states whose SLOs the rules judge (and whose SLOs and SOPs the next steps list).
JUDGED_STATES = [*WORK_STATES, State.TRANSITIONED]


def load_reads(contexts, known=None) -> None:
    """`known`: reads the list's own query already made, {read: {addon pk: value}}."""
    if not contexts:
        return
    user = contexts[0].actor
    addons = [ctx.addon for ctx in contexts]
    by_pk = {ctx.addon.pk: ctx for ctx in contexts}
    for read, values in (known or {}).items():
        for pk, value in values.items():
            by_pk[pk].known(read, value)
    working = [a for a in addons if a.state in WORK_STATES]
    judged = [a for a in addons if a.state in JUDGED_STATES]
    if judged:
        # The SLOs come with their window's sums: the verdicts need no query of their own.
        # (An aggregate drops the model's ordering: each addon's SLOs by name, as the page's.)
        end = window_end()
        slos = with_sums(SLO.objects.order_by("name"), end)
        prefetch_related_objects(judged, Prefetch("slos", queryset=slos), "sops")
        slos = [slo for addon in judged for slo in addon.slos.all()]
        results = {r.slo.pk: r for r in evaluated(slos, end)}
        for addon in judged:
            by_pk[addon.pk].known("slo_results", [results[s.pk] for s in addon.slos.all()])
    if working:
        for pk, progress in progress_by_addon(working, user.pk).items():
            by_pk[pk].known("checklist_progress", progress)
        if contexts[0].verifier:
            for pk, (gate, items) in blocking_by_addon(working).items():
                by_pk[pk].known(("gate_blocking", gate), items)
    reviewing = [a for a in addons if a.state == State.SUBMITTED]
    if reviewing and contexts[0].architect:
        for pk, signoff in signoffs_by_addon(reviewing, user).items():
            by_pk[pk].known("my_signoff", signoff)
    if reviewing and contexts[0].any_lead and not (known or {}).get("concurred"):
        for pk, given in concurrences_by_addon(reviewing, user).items():
            by_pk[pk].known("concurred", given)
    requested = [a for a in addons if a.state == State.CHANGES_REQUESTED]
    if requested:
        found = change_requests(requested)
        for addon in requested:
            by_pk[addon.pk].known("change_request", found.get(addon.pk))
