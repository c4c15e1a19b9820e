from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..forms.login import BoundedLoginForm


def login(request):
    """The login page: single sign-on when configured, the password form unless switched off."""
    if request.method == "POST" and not settings.LOCAL_LOGIN_ENABLED:
        raise Http404("Password login is switched off; use single sign-on.")
    context = {
        "oidc_enabled": settings.OIDC_ENABLED,
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
        "sso_failed": request.GET.get("sso") == "failed",
    }
    view = auth_views.LoginView.as_view(authentication_form=BoundedLoginForm, extra_context=context)
    return view(request)


def _only_when_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        return view(request, *args, **kwargs)

    return wrapped


oidc_authenticate = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
oidc_callback = _only_when_enabled(OIDCAuthenticationCallbackView.as_view())
