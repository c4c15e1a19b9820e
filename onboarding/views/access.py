from django.http import Http404

from ..models import Addon


def get_addon_for_user(user, addon_id: str, queryset=None) -> Addon:
    """The addon if this user may see it; otherwise 404, so others' addons stay invisible.

    It comes with whether the user is in its team or among its engineers, which the
    permission checks of the page then read instead of asking again (permissions.py).
    """
    queryset = queryset if queryset is not None else Addon.objects.select_related("team")
    queryset = queryset.with_viewer(user)
    try:
        return queryset.for_user(user).get(addon_id=addon_id)
    except Addon.DoesNotExist:
        raise Http404("No such addon.") from None
