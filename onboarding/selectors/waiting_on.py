"""Who the addon as a whole waits on, whoever looks at it (issue 13: "who acts next").

Who that is comes from the one table (rules/next.py: the due steps the addon `waits` on); this
module only words it for the addon header, My work and the dashboard, from the same reads the
guards and the next steps make, so the page costs no query more.
"""

from dataclasses import dataclass

from django.template.defaultfilters import pluralize

from ..models import State
from ..rules.next import Party as Who
from ..rules.next import waits
from .next_steps import counted, day
from .pager import pager


@dataclass(frozen=True)
class Party:
    who: str
    what: str


def waiting_on(ctx) -> list[Party]:
    """Each party the context's addon waits on with what it waits for; empty once nothing
    does. The same whoever asks: the context lends its reads."""
    addon = ctx.addon
    due = {d.kind: d for d in waits(ctx)}
    if not due:
        return []
    state = addon.state
    if state in (State.DRAFT, State.CHANGES_REQUESTED):
        return [Party(_owners(addon), _intake_words(addon, due))]
    if "sign_off" in due or "accept" in due:
        return [_review_party(addon, ctx.tally)]
    if "assign" in due:
        return [Party("an Addon SRE manager", "assign the addon to a lead and engineers")]
    if "scope" in due:
        return [Party(_lead(addon), "record the scope")]
    if "reopen" in due:
        return [Party(_owners(addon), "reopen it as a draft, if they want to try again")]
    if state == State.TRANSITIONED:
        return _pager_parties(addon, due)
    return _work_parties(addon, due)


def _owners(addon) -> str:
    return f"the owner team ({addon.team.name})"


def _lead(addon) -> str:
    return f"{addon.sre_lead} (SRE lead)" if addon.sre_lead_id else "the SRE lead"


def _intake_words(addon, due) -> str:
    work = ["make the requested changes"] if "changes" in due else []
    if intake := due.get("intake"):
        work.append(f"fill in {counted(intake.count, 'missing intake field')}")
    verb = "resubmit" if addon.state == State.CHANGES_REQUESTED else "submit"
    then = f", then {verb} the intake" if work else f"{verb} the intake"
    return " and ".join(work) + then


def _review_party(addon, tally) -> Party:
    quorum = tally.quorum
    if tally.objections:
        what = f"{counted(tally.objections, 'objection')} open in round {addon.intake_revision}"
    elif tally.signoffs < quorum:
        what = f"{tally.signoffs} of {quorum} sign-offs in round {addon.intake_revision}"
    else:
        return Party("an architect", f"accept or reject (the quorum of {quorum} sign-offs is met)")
    return Party("the architects", what)


def _pager_parties(addon, due) -> list[Party]:
    """Until Addon SRE carries the pager, the handover is what the addon waits on."""
    fact = pager(addon)
    if "handover_retry" in due or "handover_check" in due:
        return [
            Party(
                f"{_lead(addon)} or the assigned Addon SRE",
                f"retry or check the handover. {fact.sentence.rstrip('.')}",
            )
        ]
    # The handover's steps (pager test, shadow, push) and its merge request: the pager fact
    # names the step due and who carries the pager meanwhile.
    return [Party("the pager handover", fact.sentence.rstrip("."))]


def _work_words(addon, due) -> dict[Who, list[str]]:
    """Each party's work in the header's words and order."""

    def todo(kind):
        return f"{counted(due[kind].count, 'checklist item')} to do"

    owners = [
        ("mark_in_production", lambda: "the production deploy date"),
        ("stage_deploy", lambda: "the stage deploy date"),
        ("owner_todo", lambda: todo("owner_todo")),
        ("slos", lambda: "the SLOs"),
        ("sops", lambda: "the SOPs"),
        ("metadata", lambda: "the managed-tenants metadata"),
        ("slo_data", lambda: "SLO data for " + ", ".join(r.slo.name for r in due["slo_data"].rows)),
    ]
    reviews = sum(len(due[k].rows) for k in ("slo_review", "sop_review") if k in due)
    sre = [
        ("sre_todo", lambda: todo("sre_todo")),
        ("verify", lambda: f"{counted(due['verify'].count, 'checklist item')} to verify"),
        ("slo_review", lambda: f"{reviews} SLO or SOP review{pluralize(reviews)}"),
        ("sop_review", lambda: f"{reviews} SLO or SOP review{pluralize(reviews)}"),
    ]
    words = {}
    for party, kinds in ((Who.OWNERS, owners), (Who.SRE, sre)):
        said = [word() for kind, word in kinds if kind in due]
        words[party] = list(dict.fromkeys(said))  # the SLO and SOP reviews are said once
    return words


def _work_parties(addon, due) -> list[Party]:
    words = _work_words(addon, due)
    parties = []
    if words[Who.OWNERS]:
        parties.append(Party(_owners(addon), ", ".join(words[Who.OWNERS])))
    if words[Who.SRE]:
        parties.append(Party("the assigned Addon SRE", ", ".join(words[Who.SRE])))
    if waivers := due.get("waivers"):
        parties.append(Party(_lead(addon), counted(waivers.count, "waiver request") + " to decide"))
    if waivers := due.get("lead_waivers"):
        parties.append(
            Party(
                f"an Addon SRE lead other than {addon.sre_lead}",
                counted(waivers.count, "waiver request") + " to decide",
            )
        )
    if window := due.get("window"):
        parties.append(Party("the SLO window", f"it elapses on {day(window.until)}"))
    if "extend" in due:
        parties.append(Party("the assigned Addon SRE", "extend the transition period"))
    for kind in ("approve_production", "complete_transition"):
        if last := due.get(kind):
            parties.append(_last_step(last))
    return parties


LAST_WORDS = {
    "approve_production": "approve production",
    "complete_transition": "complete the transition",
}


def _last_step(duty) -> Party:
    """Nothing else is open: the SRE takes the state's last step, once its guards allow it."""
    words = LAST_WORDS[duty.kind]
    if duty.details:
        return Party(
            "the assigned Addon SRE", f"{words} once this is resolved: " + " ".join(duty.details)
        )
    return Party("the assigned Addon SRE", words)
