"""The role × URL matrix: what each persona gets from every URL of the portal.

SETUP says, per URL name, which addon the request is about (its state), which URL kwargs
differ from the defaults of test_role_matrix.KWARGS and what a POST carries (a valid request,
so an authorized persona gets past validation and the permission check is what decides).

MATRIX[url name] = {"GET": {persona: expected}, "POST": {persona: expected}}, where expected is
"login" (302 to the login page), an HTTP status, or 302 (any other redirect: done or refused
with a message). Anonymous is the persona "anon". Single sign-on is off in the test
environment (no OIDC_RP_CLIENT_ID), so its two URLs answer 404 to everyone.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

PERSONAS = ("anon", "owner", "owner2", "architect1", "lead", "sre", "manager")
LOGIN = "login"
# Outcomes where the persona was kept out: a POST must not have changed anything.
DENIED = {LOGIN, 401, 403, 404, 405}
# Refused as bad input: nothing may change either.
UNCHANGED = DENIED | {400}


def _upload(_ctx):
    body = b"start,good,total\n2026-01-01T00:00:00Z,99,100\n"
    return {"file": SimpleUploadedFile("data.csv", body, content_type="text/csv")}


def _row_done(ctx):
    return {"item": ctx.item.pk, f"evidence_url-{ctx.item.pk}": "https://docs.example.com/e"}


def _bulk_done(ctx):
    return {"selected": ctx.item.pk, f"evidence_url-{ctx.item.pk}": "https://docs.example.com/e"}


def _intake(ctx):
    return {
        "addon_id": "matrix-new",
        "name": "Matrix New",
        "team": ctx.team.pk,
        "install_mode": "OwnNamespace",
        "default_channel": "stable",
    }


def _metadata(ctx):
    return {
        "quay_repo": "quay.io/osd-addons/matrix",
        "test_harness": "quay.io/osd-addons/matrix-harness:v1",
        "imageset_version": "latest",
        "pagerduty_secret_name": "pagerduty-api-key",
        "pagerduty_secret_namespace": "redhat-matrix",
        "pagerduty_acknowledge_timeout": "21600",
        "pagerduty_resolve_timeout": "0",
        "pagerduty_escalation_policy_id": "PMATRIX",
    }


def _metadata_import(ctx):
    """The addon's own stage addon.yaml, as an owner would paste it back."""
    from onboarding.integrations.managed_tenants.addon_yaml import addon_metadata_of, yaml_text
    from onboarding.integrations.managed_tenants.document import addon_document

    doc = addon_document(
        addon=ctx.addon,
        metadata=addon_metadata_of(ctx.addon),
        environment="stage",
        escalation_policy=ctx.addon.pagerduty_escalation_policy_id,
    )
    return {"environment": "stage", "text": yaml_text(doc)}


def _intake_edit(ctx):
    return {
        "addon_id": ctx.addon.addon_id,
        "name": "Renamed by the matrix",
        "team": ctx.team.pk,
        "install_mode": "OwnNamespace",
        "default_channel": "stable",
        "seen_state": ctx.addon.state,
    }


def _slo(_ctx):
    return {
        "name": "latency",
        "sli_type": "latency",
        "description": "Fast enough",
        "objective": "99.0",
        "window_days": 28,
        "source": "pushed",
    }


def _query_try(_ctx):
    return {"source": "prometheus", "kind": "ratio", "ratio_query": "probe_success"}


SETUP = {
    "logout": {"data": {}},
    "login": {"data": {"username": "nobody", "password": "wrong"}},
    "intake_new": {"data": _intake},
    "intake_edit": {"state": "draft", "data": _intake_edit},
    "addon_metadata": {"state": "onboarding", "data": _metadata},
    "addon_metadata_production": {"state": "onboarding", "data": _metadata},
    "addon_metadata_compare": {"state": "onboarding"},
    "addon_metadata_import": {"state": "onboarding", "data": _metadata_import},
    "addon_review": {"state": "submitted"},
    "addon_review_action": {
        "state": "submitted",
        "kwargs": {"action": "comment"},
        "data": {"body": "Please describe the failover."},
    },
    "addon_transition": {
        "state": "draft",
        "kwargs": {"name": "submit"},
        "data": {"submit-seen_state": "draft"},
    },
    "checklist_item_action": {
        "kwargs": {"action": "mark_done"},
        "data": {"notes": "Done in the matrix", "evidence_url": "https://docs.example.com/e"},
    },
    "checklist_action": {"kwargs": {"action": "mark_done"}, "data": _row_done},
    "checklist_bulk_done": {"data": _bulk_done},
    "checklist_item_comment": {"data": {"body": "Asked in the matrix."}},
    "addon_slos": {"state": "transition"},
    "slo_new": {"state": "transition", "data": _slo},
    "slo_edit": {"state": "transition", "kwargs": {"pk": "slo"}, "data": _slo},
    "slo_review": {
        "state": "transition",
        "kwargs": {"pk": "slo"},
        "data": {"decision": "approve", "comment": "ok"},
    },
    "slo_backfill": {"state": "transition", "kwargs": {"pk": "slo"}, "data": {}},
    "slo_upload": {"state": "transition", "kwargs": {"pk": "slo"}, "data": _upload},
    "slo_gap_accept": {
        "state": "transition",
        "kwargs": {"pk": "slo"},
        "data": {
            "start": "2026-01-01T00:00:00Z",
            "end": "2026-01-01T02:00:00Z",
            "reason": "Scrape outage",
        },
    },
    "slo_query_test": {"state": "transition", "data": _query_try},
    "slo_query_test_edit": {"state": "transition", "kwargs": {"pk": "slo"}, "data": _query_try},
    "token_new": {"state": "transition", "data": {"label": "CI exporter"}},
    "token_revoke": {"state": "transition", "kwargs": {"pk": "token"}, "data": {}},
    "addon_sops": {
        "state": "transition",
        "data": {"title": "Disk full", "url": "https://sops.example.com/disk", "alerts": ""},
    },
    "sop_resubmit": {
        "state": "transition",
        "kwargs": {"pk": "sop"},
        "data": {"title": "Disk full", "url": "https://sops.example.com/disk", "alerts": ""},
    },
    "sop_review": {
        "state": "transition",
        "kwargs": {"pk": "sop"},
        "data": {"decision": "approve", "comment": "ok"},
    },
    "addon_extend": {"state": "transition", "data": {"reason": "A data gap last week."}},
    "addon_stage_deploy": {"state": "onboarding", "data": {"deployed_on": "2026-11-01"}},
    "handover_retry": {"state": "transitioned", "data": {}},
    "handover_check": {"state": "transitioned", "data": {}},
    "hand_back": {"state": "transitioned", "data": {"reason": "latency keeps missing"}},
    "pager_test": {"state": "transitioned", "data": {}},
    "pager_test_check": {"state": "transitioned", "data": {}},
    "shadow_start": {"state": "transitioned", "data": {}},
    "handover_push": {"state": "transitioned", "data": {}},
    "api:slo_measurements_push": {"state": "transition", "data": {}},
    "account_api_tokens": {"data": {"label": "Matrix script"}},
    "account_api_token_revoke": {"kwargs": {"pk": "api_token"}, "data": {}},
    "account_notifications": {"data": {"wanted": ["comment", "assignment"]}},
}


def r(*expected):
    """A row in PERSONAS order: anon, owner, owner2, architect1, lead, sre, manager."""
    return dict(zip(PERSONAS, expected, strict=True))


# fmt: off
MATRIX: dict[str, dict[str, dict[str, object]]] = {
    #                   anon   owner owner2 architect1 lead sre manager
    "admin:index": {
        "GET":  r(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200),
        "POST": r(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200),
    },
    "home": {
        "GET":  r(LOGIN, 200, 200, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 200, 200, 200, 200, 200),
    },
    "favicon": {
        "GET":  r(301, 301, 301, 301, 301, 301, 301),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "login": {
        "GET":  r(200, 200, 200, 200, 200, 200, 200),
        "POST": r(200, 200, 200, 200, 200, 200, 200),
    },
    "logout": {
        "GET":  r(405, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    },
    "oidc_authentication_init": {
        "GET":  r(404, 404, 404, 404, 404, 404, 404),
        "POST": r(404, 404, 404, 404, 404, 404, 404),
    },
    "oidc_authentication_callback": {
        "GET":  r(404, 404, 404, 404, 404, 404, 404),
        "POST": r(404, 404, 404, 404, 404, 404, 404),
    },
    "addon_list": {
        "GET":  r(LOGIN, 200, 200, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 200, 200, 200, 200, 200),
    },
    "intake_new": {
        "GET":  r(LOGIN, 200, 200, 403, 403, 403, 403),
        "POST": r(LOGIN, 302, 400, 403, 403, 403, 403),
    },
    "intake_edit": {
        "GET":  r(LOGIN, 200, 404, 403, 403, 403, 403),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "review_queue": {
        "GET":  r(LOGIN, 403, 403, 200, 200, 403, 403),
        "POST": r(LOGIN, 403, 403, 200, 200, 403, 403),
    },
    "addon_review": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "addon_review_action": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 302, 302, 403, 403),
    },
    "assign_queue": {
        "GET":  r(LOGIN, 403, 403, 403, 403, 403, 200),
        "POST": r(LOGIN, 403, 403, 403, 403, 403, 200),
    },
    "dashboard": {
        "GET":  r(LOGIN, 403, 403, 403, 403, 403, 200),
        "POST": r(LOGIN, 403, 403, 403, 403, 403, 200),
    },
    "addon_timeline": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "addon_timeline_export": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "addon_detail": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "addon_transition": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "addon_metadata": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "addon_metadata_production": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "addon_metadata_compare": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 405, 405, 405, 405, 405, 405),
    },
    "addon_metadata_import": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "addon_yaml": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 405, 405, 405, 405, 405, 405),
    },
    "api:api-root": {
        "GET":  r(404, 404, 404, 404, 404, 404, 404),
        "POST": r(404, 404, 404, 404, 404, 404, 404),
    },
    "api:addon_list": {
        "GET":  r(401, 401, 401, 401, 401, 401, 401),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "api:addon_detail": {
        "GET":  r(401, 401, 401, 401, 401, 401, 401),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "api:addon_timeline": {
        "GET":  r(401, 401, 401, 401, 401, 401, 401),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "api:openapi-json": {
        "GET":  r(200, 200, 200, 200, 200, 200, 200),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "api:openapi-view": {
        "GET":  r(200, 200, 200, 200, 200, 200, 200),
        "POST": r(405, 405, 405, 405, 405, 405, 405),
    },
    "checklist": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "checklist_item_action": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "checklist_action": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "checklist_bulk_done": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "checklist_item": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 405, 405, 405, 405, 405, 405),
    },
    "checklist_item_comment": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 302, 302, 403),
    },
    "addon_slos": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 404, 200, 200, 200, 200),
    },
    "slo_new": {
        "GET":  r(LOGIN, 200, 404, 403, 403, 403, 403),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "slo_edit": {
        "GET":  r(LOGIN, 200, 404, 403, 403, 403, 403),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "slo_review": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "slo_backfill": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "slo_upload": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 302, 302, 403),
    },
    "slo_gap_accept": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "slo_query_test": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 200, 404, 403, 200, 200, 403),
    },
    "slo_query_test_edit": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 200, 404, 403, 200, 200, 403),
    },
    "token_new": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 200, 404, 403, 200, 200, 403),
    },
    # One rule (rules/slos.py token_revoke): a manager revokes any token, here as in the admin.
    "token_revoke": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 302, 302, 302),
    },
    "addon_sops": {
        "GET":  r(LOGIN, 200, 404, 200, 200, 200, 200),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "sop_resubmit": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 403, 403, 403),
    },
    "sop_review": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "addon_extend": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "addon_stage_deploy": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 403, 302, 302, 403),
    },
    "handover_retry": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 302),
    },
    "handover_check": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 302),
    },
    "hand_back": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 403, 403),
    },
    "pager_test": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "pager_test_check": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 302, 403),
    },
    "shadow_start": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 403, 403),
    },
    "handover_push": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 403, 404, 403, 302, 403, 403),
    },
    "api:slo_measurements_push": {
        "GET":  r(405, 405, 405, 405, 405, 405, 405),
        "POST": r(401, 401, 401, 401, 401, 401, 401),
    },
    "account_api_tokens": {
        "GET":  r(LOGIN, 200, 200, 200, 200, 200, 200),
        "POST": r(LOGIN, 200, 200, 200, 200, 200, 200),
    },
    "account_api_token_revoke": {
        "GET":  r(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": r(LOGIN, 302, 404, 404, 404, 404, 404),
    },
    "account_notifications": {
        "GET":  r(LOGIN, 200, 200, 200, 200, 200, 200),
        "POST": r(LOGIN, 302, 302, 302, 302, 302, 302),
    },
}
# fmt: on
