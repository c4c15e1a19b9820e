from django.utils.functional import SimpleLazyObject

from .models import Addon, PortalSettings
from .roles import roles_of
from .rules import pages


def portal(request):
    """The navigation's needs: the user's roles and, for reviewers, the queue's count.

    Both are read only if the template prints them, so htmx fragments cost no query here.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    reviewer = pages.review_queue.allows(user, None)
    return {
        "user_roles": SimpleLazyObject(lambda: roles_of(user)),
        "is_reviewer": reviewer,
        "review_queue_count": (
            SimpleLazyObject(Addon.objects.awaiting_review().count) if reviewer else None
        ),
        "is_manager": pages.assign_queue.allows(user, None),
        "may_admin": pages.admin.allows(user, None),
        "portal_settings": PortalSettings.load(),
    }
