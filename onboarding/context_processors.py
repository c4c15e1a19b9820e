from django.utils.functional import SimpleLazyObject

from .models import Addon, PortalSettings
from .rules import pages
from .rules.roles import roles_of


def portal(request):
    """The navigation's needs: the user's roles and, for reviewers, the queue's count.

    Both are read only if the template prints them, so htmx fragments cost no query here.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    may_review_queue = pages.review_queue.allows(user, None)
    return {
        "user_roles": SimpleLazyObject(lambda: roles_of(user)),
        "may_review_queue": may_review_queue,
        "review_queue_count": (
            SimpleLazyObject(Addon.objects.awaiting_review().count) if may_review_queue else None
        ),
        "may_assign": pages.assign_queue.allows(user, None),
        "may_dashboard": pages.dashboard.allows(user, None),
        "may_admin": pages.admin.allows(user, None),
        "portal_settings": PortalSettings.load(),
    }
