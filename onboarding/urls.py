from django.contrib.auth import views as auth_views
from django.urls import path

from .api import urls as api_urls
from .views import (
    addon_yaml,
    addons,
    checklist,
    checklist_bulk,
    checklist_item,
    home,
    metadata,
    sso,
)
from .views import api_tokens as api_token_views
from .views import assign as assign_views
from .views import dashboard as dashboard_views
from .views import deploys as deploy_views
from .views import intake as intake_views
from .views import notification_settings as notification_settings_views
from .views import review as review_views
from .views import slo_gaps as slo_gap_views
from .views import slo_query as slo_query_views
from .views import slos as slo_views
from .views import sops as sop_views
from .views import timeline as timeline_views
from .views import transition_period as transition_period_views

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", sso.login, name="login"),
    path("oidc/authenticate/", sso.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", sso.oidc_callback, name="oidc_authentication_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("addons/", addons.addon_list, name="addon_list"),
    path("intake/new/", intake_views.intake_new, name="intake_new"),
    path("addons/<str:addon_id>/intake/", intake_views.intake_edit, name="intake_edit"),
    path("review/", review_views.queue, name="review_queue"),
    path("addons/<str:addon_id>/review/", review_views.review, name="addon_review"),
    path(
        "addons/<str:addon_id>/review/<str:action>/",
        review_views.review_action,
        name="addon_review_action",
    ),
    path("assign/", assign_views.assign_queue, name="assign_queue"),
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
        "addons/<str:addon_id>/checklist/do/<str:action>/",
        checklist.checklist_action,
        name="checklist_action",
    ),
    path(
        "addons/<str:addon_id>/checklist/bulk-done/",
        checklist_bulk.checklist_bulk_done,
        name="checklist_bulk_done",
    ),
    path(
        "addons/<str:addon_id>/checklist/<int:item_id>/",
        checklist_item.checklist_item,
        name="checklist_item",
    ),
    path(
        "addons/<str:addon_id>/checklist/<int:item_id>/comments/",
        checklist_item.checklist_item_comment,
        name="checklist_item_comment",
    ),
    path(
        "addons/<str:addon_id>/checklist/<int:item_id>/<str:action>/",
        checklist.checklist_item_action,
        name="checklist_item_action",
    ),
    path("addons/<str:addon_id>/metadata/", metadata.addon_metadata, name="addon_metadata"),
    path(
        "addons/<str:addon_id>/metadata/production/",
        metadata.addon_metadata,
        {"environment": "production"},
        name="addon_metadata_production",
    ),
    path(
        "addons/<str:addon_id>/metadata/compare/",
        metadata.addon_metadata_compare,
        name="addon_metadata_compare",
    ),
    path(
        "addons/<str:addon_id>/metadata/import/",
        metadata.addon_metadata_import_view,
        name="addon_metadata_import",
    ),
    path(
        "addons/<str:addon_id>/addon.yaml",
        addon_yaml.addon_yaml_download,
        name="addon_yaml",
    ),
    # The JSON API (django-ninja): /api/v1/..., the SLO push, /api/docs.
    path("api/", api_urls()),
    path("account/tokens/", api_token_views.api_tokens, name="account_api_tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        api_token_views.api_token_revoke,
        name="account_api_token_revoke",
    ),
    path(
        "account/notifications/",
        notification_settings_views.notification_settings,
        name="account_notifications",
    ),
    # Transition stage: SLOs, their data, SOPs, extension and handover.
    path("addons/<str:addon_id>/slos/", slo_views.addon_slos, name="addon_slos"),
    path("addons/<str:addon_id>/slos/new/", slo_views.slo_edit, name="slo_new"),
    path("addons/<str:addon_id>/slos/<int:pk>/edit/", slo_views.slo_edit, name="slo_edit"),
    path(
        "addons/<str:addon_id>/slos/<int:pk>/review/",
        slo_views.slo_review_view,
        name="slo_review",
    ),
    path(
        "addons/<str:addon_id>/slos/<int:pk>/backfill/",
        slo_views.slo_backfill_view,
        name="slo_backfill",
    ),
    path("addons/<str:addon_id>/slos/<int:pk>/upload/", slo_views.slo_upload, name="slo_upload"),
    path(
        "addons/<str:addon_id>/slos/<int:pk>/gaps/accept/",
        slo_gap_views.slo_gap_accept_view,
        name="slo_gap_accept",
    ),
    path(
        "addons/<str:addon_id>/slos/test-query/",
        slo_query_views.slo_query_test,
        name="slo_query_test",
    ),
    path(
        "addons/<str:addon_id>/slos/<int:pk>/test-query/",
        slo_query_views.slo_query_test,
        name="slo_query_test_edit",
    ),
    path("addons/<str:addon_id>/tokens/", slo_views.token_new, name="token_new"),
    path(
        "addons/<str:addon_id>/tokens/<int:pk>/revoke/",
        slo_views.token_revoke,
        name="token_revoke",
    ),
    path("addons/<str:addon_id>/sops/", sop_views.addon_sops, name="addon_sops"),
    path(
        "addons/<str:addon_id>/sops/<int:pk>/review/", sop_views.sop_review_view, name="sop_review"
    ),
    path(
        "addons/<str:addon_id>/sops/<int:pk>/resubmit/",
        sop_views.sop_resubmit_view,
        name="sop_resubmit",
    ),
    path(
        "addons/<str:addon_id>/extend/", transition_period_views.addon_extend, name="addon_extend"
    ),
    path(
        "addons/<str:addon_id>/stage-deploy/",
        deploy_views.addon_stage_deploy,
        name="addon_stage_deploy",
    ),
    path(
        "addons/<str:addon_id>/handover/retry/",
        transition_period_views.handover_retry_view,
        name="handover_retry",
    ),
    path(
        "addons/<str:addon_id>/handover/check/",
        transition_period_views.handover_check_view,
        name="handover_check",
    ),
    path(
        "addons/<str:addon_id>/handover/pager-test/",
        transition_period_views.pager_test_view,
        name="pager_test",
    ),
    path(
        "addons/<str:addon_id>/handover/pager-test/check/",
        transition_period_views.pager_test_check_view,
        name="pager_test_check",
    ),
    path(
        "addons/<str:addon_id>/handover/shadow/",
        transition_period_views.shadow_start_view,
        name="shadow_start",
    ),
    path(
        "addons/<str:addon_id>/handover/push/",
        transition_period_views.handover_push_view,
        name="handover_push",
    ),
    path(
        "addons/<str:addon_id>/handover/hand-back/",
        transition_period_views.hand_back_view,
        name="hand_back",
    ),
]
