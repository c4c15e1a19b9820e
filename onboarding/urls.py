from django.contrib.auth import views as auth_views
from django.urls import path

from .views import addon_yaml, addons, home

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("addons/", addons.addon_list, name="addon_list"),
    path("addons/<str:addon_id>/", addons.addon_detail, name="addon_detail"),
    path(
        "addons/<str:addon_id>/transition/<str:name>/",
        addons.addon_transition,
        name="addon_transition",
    ),
    path(
        "addons/<str:addon_id>/addon.yaml",
        addon_yaml.addon_yaml_download,
        name="addon_yaml",
    ),
]
