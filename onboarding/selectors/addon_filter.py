import django_filters
from django.db.models import Q

from ..models import Addon, Stage, State, Team
from ..models.states import STAGE_STATES


class AddonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search name or id")
    state = django_filters.ChoiceFilter(choices=State.choices)
    stage = django_filters.ChoiceFilter(choices=Stage.choices, method="in_stage", label="Stage")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.filter(is_sre=False))

    class Meta:
        model = Addon
        fields = ["q", "state", "stage", "team"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(addon_id__icontains=value))

    def in_stage(self, queryset, name, value):
        return queryset.filter(state__in=STAGE_STATES[value])
