from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Addon


@login_required
def home(request):
    addons = Addon.objects.for_user(request.user).open().select_related("team")
    return render(
        request,
        "onboarding/home.html",
        {"recent": addons.order_by("-state_changed_at")[:10]},
    )
