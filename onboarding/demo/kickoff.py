"""Demo review activity: discussions and sign-offs consistent with each addon's state.

Runs through the review services so every comment and sign-off is on the timeline.
Idempotent: an addon that already has a discussion is left alone.
"""

from ..models import Addon, State
from ..services.review import comment_post, concurrence_give, signoff_give

# addon id -> (sign-offs by these architects, the discussion as (persona, text))
KICKOFF = {
    "model-serving": (
        ["architect1"],
        [
            (
                "architect1",
                "How does the serving runtime scale to zero?\nIs the cold start in the SLO?",
            ),
            (
                "owner",
                "Scale to zero is opt-in per model; cold starts are excluded from the latency SLI.",
            ),
        ],
    ),
    "feature-store": (
        ["architect1", "architect2"],
        [
            ("architect2", "Which backup target do you use for the online store?"),
            ("owner", "Redis snapshots to S3 every hour; restores drilled monthly."),
            ("lead", "Fine from the Addon SRE side."),
        ],
    ),
    "stream-bridge": (
        [],
        [("architect1", "Please add the capacity forecast for the next year.")],
    ),
    "vector-db": (
        [],
        [("architect2", "Looks good; the load test numbers are convincing.")],
    ),
    "legacy-queue": (
        [],
        [("architect1", "This duplicates the managed AMQ offering; see the rejection.")],
    ),
}


def seed_kickoff(personas) -> None:
    for addon_id, (architects, discussion) in KICKOFF.items():
        addon = Addon.objects.filter(addon_id=addon_id).select_related("team").first()
        if addon is None or addon.comments.exists():
            continue
        owner = next(iter(addon.team.members.order_by("username")), personas["owner"])
        for who, text in discussion:
            author = owner if who == "owner" else personas[who]
            comment_post(addon=addon, by=author, body=text)
        if addon.state == State.SUBMITTED:
            for name in architects:
                signoff_give(addon=addon, by=personas[name], note="Intake reads well.")
            if len(architects) > 1:
                concurrence_give(addon=addon, by=personas["lead"])
