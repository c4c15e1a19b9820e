from django.contrib.auth import views as auth_views
from django.urls import path

from .views import addon_yaml, addons, checklist, home
from .views import dashboard as dashboard_views
from .views import timeline as timeline_views

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("addons/", addons.addon_list, name="addon_list"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("addons/<str:addon_id>/timeline/", timeline_views.addon_timeline, name="addon_timeline"),
    path(
        "addons/<str:addon_id>/timeline.<str:fmt>",
        timeline_views.addon_timeline,
        name="addon_timeline_export",
    ),
    path("addons/<str:addon_id>/", addons.addon_detail, name="addon_detail"),
    path(
        "addons/<str:addon_id>/transition/<str:name>/",
        addons.addon_transition,
        name="addon_transition",
    ),
    path("addons/<str:addon_id>/checklist/", checklist.checklist_page, name="checklist"),
    path(
        "addons/<str:addon_id>/checklist/<int:item_id>/<str:action>/",
        checklist.checklist_item_action,
        name="checklist_item_action",
    ),
    path(
        "addons/<str:addon_id>/addon.yaml",
        addon_yaml.addon_yaml_download,
        name="addon_yaml",
    ),
]
