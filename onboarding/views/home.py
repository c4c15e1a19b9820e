from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Addon
from ..rules.context import visible
from ..selectors.my_work import work_for


@login_required
def home(request):
    """'My work': per addon, what waits on this person; a manager's role-wide lists too."""
    work = work_for(request.user)
    recent = None
    if not work:
        recent = visible(Addon.objects, request.user).open().select_related("team")
        recent = recent.order_by("-state_changed_at")[:10]
    return render(request, "onboarding/home.html", {"work": work, "recent": recent})
