"""The architects' review queue: submitted addons with their sign-off counts, filtered and sorted.

Counts are annotated in SQL so the page's query count does not grow with the queue.
"""

from datetime import timedelta

import django_filters
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone

from ..models import Addon, Team
from ..models.review import current_round
from .signoffs import round_quorum

YES_NO = [("yes", "Yes"), ("no", "No")]
SORTS = {
    "oldest": ("state_changed_at", "pk"),
    "newest": ("-state_changed_at", "-pk"),
    "fewest_signoffs": ("signoff_count", "state_changed_at", "pk"),
    "most_signoffs": ("-signoff_count", "state_changed_at", "pk"),
}


# What the queue's rows print; the wide intake columns stay in the database.
QUEUE_COLUMNS = ("addon_id", "name", "team", "priority", "state", "state_changed_at")


def review_queue(user, *, sla_days: int):
    """Submitted addons, oldest first, annotated with what the queue's columns show."""
    in_round = current_round("signoffs__", F("intake_revision"))
    current = in_round & Q(signoffs__objection=False)
    cutoff = timezone.now() - timedelta(days=sla_days)
    return (
        Addon.objects.awaiting_review()
        .select_related("team")
        .only(*QUEUE_COLUMNS, "team__name")
        .annotate(
            signoff_count=Count("signoffs", filter=current, distinct=True),
            objection_count=Count(
                "signoffs", filter=in_round & Q(signoffs__objection=True), distinct=True
            ),
            quorum=round_quorum(),
            signed_by_me=Count("signoffs", filter=current & Q(signoffs__architect=user)),
            over_sla=ExpressionWrapper(Q(state_changed_at__lt=cutoff), BooleanField()),
        )
        .order_by(*SORTS["oldest"])
    )


class ReviewQueueFilter(django_filters.FilterSet):
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.filter(is_sre=False))
    priority = django_filters.ChoiceFilter(choices=Addon.Priority.choices)
    signed_by_me = django_filters.ChoiceFilter(
        choices=YES_NO, method="by_signed", label="Signed by me", empty_label="Any"
    )
    over_sla = django_filters.ChoiceFilter(
        choices=YES_NO, method="by_sla", label="Over the review SLA", empty_label="Any"
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("oldest", "Oldest first"),
            ("newest", "Newest first"),
            ("fewest_signoffs", "Fewest sign-offs first"),
            ("most_signoffs", "Most sign-offs first"),
        ],
        method="by_sort",
        label="Sort",
        empty_label="Oldest first",
    )

    class Meta:
        model = Addon
        fields = ["team", "priority"]

    def by_signed(self, queryset, name, value):
        return (
            queryset.filter(signed_by_me__gt=0)
            if value == "yes"
            else queryset.filter(signed_by_me=0)
        )

    def by_sla(self, queryset, name, value):
        return queryset.filter(over_sla=(value == "yes"))

    def by_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
