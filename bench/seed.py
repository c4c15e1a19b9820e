"""Seed the large benchmark database in well under two minutes.

Drops and recreates the database named by BENCH_DATABASE_URL, migrates it, then bulk-loads
5,000 addons over every state, a full checklist for each addon from onboarding on, about
200,000 timeline events and 1,000 SLOs with 29 days of hourly buckets, mostly with
INSERT ... SELECT over generate_series. Personas (owner, owner2, architect1..3, lead, sre,
manager) get the password in BENCH_PASSWORD.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/seed.py
"""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")

# BENCH_ADDONS scales the data set down (tests/perf/test_bench_seed.py seeds 500).
ADDONS = int(os.environ.get("BENCH_ADDONS", "5000"))
OWNER_TEAMS = 50
EVENTS_PER_ADDON = 40
SLO_ADDONS = ADDONS // 10  # two SLOs each
BUCKET_DAYS = 29

# i % 100 -> state; 91 of 100 addons are onboarding or later and carry a full checklist.
STATE_BY_MOD = (
    ["onboarding"] * 30
    + ["production_approved"] * 20
    + ["transition"] * 20
    + ["transitioned"] * 21
    + [
        "draft",
        "submitted",
        "changes_requested",
        "accepted",
        "rejected",
        "assigned",
        "withdrawn",
        "submitted",
        "draft",
    ]
)
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "changes_requested": ["submitted", "changes_requested"],
    "accepted": ["submitted", "accepted"],
    "rejected": ["submitted", "rejected"],
    "withdrawn": ["submitted", "withdrawn"],
    "assigned": ["submitted", "accepted", "assigned"],
    "onboarding": ["submitted", "accepted", "assigned", "onboarding"],
    "production_approved": [
        "submitted",
        "accepted",
        "assigned",
        "onboarding",
        "production_approved",
    ],
    "transition": [
        "submitted",
        "accepted",
        "assigned",
        "onboarding",
        "production_approved",
        "transition",
    ],
    "transitioned": [
        "submitted",
        "accepted",
        "assigned",
        "onboarding",
        "production_approved",
        "transition",
        "transitioned",
    ],
}
SRE_STATES = ("assigned", "onboarding", "production_approved", "transition", "transitioned")
CHECKLIST_STATES = ("onboarding", "production_approved", "transition", "transitioned")

PERSONAS = {
    "owner": ["Service Owner"],
    "owner2": ["Service Owner"],
    "architect1": ["SRES Architect"],
    "architect2": ["SRES Architect"],
    "architect3": ["SRES Architect"],
    "lead": ["Addon SRE Lead"],
    "sre": ["Addon SRE"],
    "manager": ["Addon SRE Manager"],
}
EXTRA_LEADS = 4  # lead persona leads every 5th assigned addon, lead01..04 the rest
EXTRA_SRES = 9  # sre persona works on every 10th, sre01..09 the rest


def recreate(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


# Joined a year ago: the bench's people are past the gate cooldown (ROLE_COOLDOWN_DAYS).
JOINED = datetime.now(UTC) - timedelta(days=365)


def _people(cur, password_hash: str) -> dict[str, int]:
    names = [*PERSONAS, *(f"lead{n:02}" for n in range(1, EXTRA_LEADS + 1))]
    names += [f"sre{n:02}" for n in range(1, EXTRA_SRES + 1)]
    names += [f"owner-t{n:02}" for n in range(OWNER_TEAMS)]
    with cur.copy(
        "COPY auth_user (username, password, email, first_name, last_name, is_staff, "
        "is_superuser, is_active, date_joined) FROM STDIN"
    ) as copy:
        for name in names:
            staff = name == "manager"
            copy.write_row(
                (
                    name,
                    password_hash,
                    f"{name}@example.com",
                    name.capitalize(),
                    "",
                    staff,
                    False,
                    True,
                    JOINED,
                )
            )
    cur.execute("SELECT username, id FROM auth_user")
    ids = dict(cur.fetchall())
    cur.execute("SELECT name, id FROM auth_group")
    groups = dict(cur.fetchall())
    roles = dict(PERSONAS)
    for name in names:
        if name.startswith("lead"):
            roles.setdefault(name, ["Addon SRE Lead"])
        elif name.startswith("sre"):
            roles.setdefault(name, ["Addon SRE"])
        elif name.startswith("owner-t"):
            roles.setdefault(name, ["Service Owner"])
    cur.executemany(
        "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
        [(ids[u], groups[g]) for u, gs in roles.items() for g in gs],
    )
    return ids


def _teams(cur, users: dict[str, int]) -> tuple[list[int], int]:
    cur.execute(
        "INSERT INTO onboarding_team (name, slug, is_sre, mailing_list) "
        "SELECT 'Team ' || lpad(n::text, 2, '0'), 'team-' || lpad(n::text, 2, '0'), false, "
        "'team-' || n || '@example.com' FROM generate_series(0, %s) n",
        [OWNER_TEAMS - 1],
    )
    cur.execute(
        "INSERT INTO onboarding_team (name, slug, is_sre, mailing_list) "
        "VALUES ('Addon SRE', 'addon-sre', true, 'addon-sre@example.com') RETURNING id"
    )
    sre_team = cur.fetchone()[0]
    cur.execute("SELECT id FROM onboarding_team WHERE NOT is_sre ORDER BY slug")
    teams = [row[0] for row in cur.fetchall()]
    members = [(teams[0], users["owner"]), (teams[1], users["owner2"])]
    members += [(teams[n], users[f"owner-t{n:02}"]) for n in range(OWNER_TEAMS)]
    members += [(sre_team, uid) for name, uid in users.items() if name.startswith(("lead", "sre"))]
    cur.executemany(
        "INSERT INTO onboarding_team_members (team_id, user_id) VALUES (%s, %s)", members
    )
    return teams, sre_team


ADDON_SQL = """
INSERT INTO onboarding_addon (
    addon_id, name, description, owner_contact, quota_name, target_namespace, operator_name,
    install_mode, default_channel, integration_enabled, stage_enabled, production_enabled,
    pagerduty_escalation_policy_id, dms_tags, sde_epic_url, roms_sheet_url,
    questionnaire_url, service_definition_url, sag_review_done, architecture_summary,
    architecture_diagram_url, dependencies, cluster_requirements, data_flows, continuity_plan,
    slis_and_slos, load_testing, capacity_forecast, runs_without_cluster_admin, support_contacts,
    prototyping_on_stage, prototyping_notes, priority, intake_revision, sprint_slot, work_items,
    estimate_weeks, stage_deployed_on, production_deployed_on, transition_started_at,
    transitioned_at, state, state_changed_at, created_at, updated_at, team_id, sre_team_id,
    sre_lead_id, created_by_id
)
SELECT
    'addon-' || lpad(i::text, 4, '0'), 'Addon ' || lpad(i::text, 4, '0'),
    'Managed addon number ' || i || ' on OpenShift Dedicated and ROSA.',
    'Team <team@redhat.com>', 'addon-' || i, 'redhat-addon-' || i, 'addon-' || i || '-operator',
    'OwnNamespace', 'stable', false, s.state IN (SELECT unnest(%(sre_states)s::text[])),
    s.state IN ('transition', 'transitioned'), 'POWN' || i, 'addon-' || i,
    'https://issues.redhat.com/browse/SDE-' || i, '', 'https://docs.example.com/q/' || i,
    'https://docs.example.com/sd/' || i, true, 'An operator reconciles custom resources.', '',
    'Cluster storage.', '3 workers.', 'Metrics to RHOBS.', 'Nightly backups.', '99.5%% over 28 days.',
    '500 req/s soak.', '50 clusters.', true, 'team@example.com', false, '',
    CASE WHEN s.state = 'draft' THEN '' ELSE 'P' || (1 + i %% 4) END, 1,
    CASE WHEN s.state IN (SELECT unnest(%(sre_states)s::text[])) THEN 'Sprint ' || (i %% 26) ELSE '' END,
    '', NULL, NULL,
    CASE WHEN s.state IN ('transition', 'transitioned') THEN (t.changed - interval '40 days')::date END,
    CASE WHEN s.state = 'transitioned' THEN t.changed - interval '30 days'
         WHEN s.state = 'transition' THEN t.changed END,
    CASE WHEN s.state = 'transitioned' THEN t.changed END,
    s.state, t.changed, t.changed - interval '90 days', t.changed,
    (%(teams)s::bigint[])[1 + i %% %(nteams)s],
    CASE WHEN s.state IN (SELECT unnest(%(sre_states)s::text[])) THEN %(sre_team)s::bigint END,
    CASE WHEN s.state NOT IN (SELECT unnest(%(sre_states)s::text[])) THEN NULL
         WHEN i %% 5 = 0 THEN %(lead)s::bigint
         ELSE (%(leads)s::bigint[])[1 + i %% %(nleads)s] END,
    (%(team_owners)s::bigint[])[1 + i %% %(nteams)s]
FROM generate_series(1, %(n)s) i
CROSS JOIN LATERAL (SELECT (%(states)s::text[])[1 + i %% 100] AS state) s
CROSS JOIN LATERAL (
    SELECT now() - make_interval(days => (i * 37) %% 200, hours => i %% 24) AS changed
) t
"""


def _addons(cur, users, teams, sre_team) -> None:
    owners = [users[f"owner-t{n:02}"] for n in range(OWNER_TEAMS)]
    owners[0], owners[1] = users["owner"], users["owner2"]
    cur.execute(
        ADDON_SQL,
        {
            "states": STATE_BY_MOD,
            "sre_states": list(SRE_STATES),
            "teams": teams,
            "nteams": OWNER_TEAMS,
            "sre_team": sre_team,
            "lead": users["lead"],
            "leads": [users[f"lead{n:02}"] for n in range(1, EXTRA_LEADS + 1)],
            "nleads": EXTRA_LEADS,
            "team_owners": owners,
            "n": ADDONS,
        },
    )
    # Engineers: the sre persona on every 10th assigned addon, sre01..09 on the others.
    sres = [users["sre"]] + [users[f"sre{n:02}"] for n in range(1, EXTRA_SRES + 1)]
    cur.execute(
        "INSERT INTO onboarding_addon_engineers (addon_id, user_id) "
        "SELECT a.id, (%s::bigint[])[1 + substr(a.addon_id, 7)::int %% 10] "
        "FROM onboarding_addon a WHERE a.sre_team_id IS NOT NULL",
        [sres],
    )


CHECKLIST_SQL = """
INSERT INTO onboarding_checklistitem (
    addon_id, template_version, position, key, category, title, guidance, mandatory, side, gate,
    evidence_required, status, evidence_url, notes, done_by_id, done_at, verified_by_id,
    verified_at, waiver_justification, reopen_reason, updated_at
)
SELECT a.id, tpl.version, t.position, t.key, t.category, t.title, t.guidance, t.mandatory,
    t.side, t.gate, t.evidence_required, st.status,
    CASE WHEN st.status <> 'todo' AND t.evidence_required THEN 'https://docs.example.com/e/' || t.key ELSE '' END,
    '',
    CASE WHEN st.status <> 'todo' THEN %(owner)s::bigint END,
    CASE WHEN st.status <> 'todo' THEN a.state_changed_at END,
    CASE WHEN st.status = 'verified' THEN %(sre)s::bigint END,
    CASE WHEN st.status = 'verified' THEN a.state_changed_at END,
    '', '', a.state_changed_at
FROM onboarding_addon a
JOIN onboarding_checklisttemplate tpl ON tpl.version = 1
JOIN onboarding_checklisttemplateitem t ON t.template_id = tpl.id
CROSS JOIN LATERAL (SELECT CASE
    WHEN a.state IN ('transition', 'transitioned') THEN 'verified'
    WHEN a.state = 'production_approved' AND t.gate = 'production' THEN 'verified'
    ELSE (ARRAY['todo', 'done', 'verified', 'todo'])[1 + (a.id + t.position) %% 4]
END AS status) st
WHERE a.state IN ('onboarding', 'production_approved', 'transition', 'transitioned')
"""

EVENTS_SQL = """
INSERT INTO onboarding_timelineevent (
    addon_id, created_at, actor_id, kind, from_state, to_state, message, payload
)
SELECT a.id,
    a.created_at + (a.state_changed_at - a.created_at)
        * (CASE WHEN p.step IS NOT NULL THEN p.step::float / p.steps
                ELSE (k - 0.5) / %(per_addon)s END),
    (%(actors)s::bigint[])[1 + (a.id + k) %% %(nactors)s],
    CASE WHEN p.step IS NOT NULL THEN 'transition'
         ELSE (ARRAY['comment', 'checklist', 'signoff', 'intake', 'slo'])[1 + k %% 5] END,
    coalesce(p.from_state, ''), coalesce(p.to_state, ''),
    CASE WHEN p.step IS NOT NULL THEN 'Moved to ' || p.to_state
         ELSE 'Event ' || k || ' of ' || a.addon_id END,
    '{}'::jsonb
FROM onboarding_addon a
CROSS JOIN generate_series(1, %(per_addon)s) k
LEFT JOIN bench_path p ON p.state = a.state AND p.step = k
"""

SLO_SQL = """
INSERT INTO onboarding_slo (
    addon_id, name, sli_type, description, objective, window_days, document_url, dashboard_url,
    source, kind, good_query, total_query, ratio_query, review, review_comment, last_status,
    last_collection_error, created_at
)
SELECT a.id, n.name, n.sli_type, 'Share of good ' || n.sli_type || ' events.', 99.5, 28, '', '',
    'pushed', 'events', '', '', '', 'approved', '', '', '', a.state_changed_at
FROM (
    SELECT id, state_changed_at FROM onboarding_addon
    WHERE state IN ('production_approved', 'transition', 'transitioned')
    ORDER BY id LIMIT %(n)s
) a
CROSS JOIN (VALUES ('API availability', 'availability'), ('API latency', 'latency')) n(name, sli_type)
"""

# Hours up to six ahead of the seed: windows stay fully covered (no gap queries) when the
# bench reuses the database later (BENCH_SKIP_SEED=1); a window never reads past its end.
BUCKETS_SQL = """
INSERT INTO onboarding_slobucket (slo_id, start, good, total)
SELECT s.id, h, v.total - CASE WHEN s.id %% 10 = 0 THEN v.total / 50 ELSE (s.id + extract(epoch FROM h)::bigint / 3600) %% 3 END, v.total
FROM onboarding_slo s
CROSS JOIN generate_series(
    date_trunc('hour', now()) - make_interval(days => %(days)s),
    date_trunc('hour', now()) + interval '6 hours',
    interval '1 hour'
) h
CROSS JOIN LATERAL (SELECT 1000 + ((s.id * 7 + extract(epoch FROM h)::bigint / 3600) %% 500) AS total) v
"""


def _path_table(cur) -> None:
    cur.execute(
        "CREATE TEMP TABLE bench_path (state text, step int, steps int, from_state text, to_state text)"
    )
    rows = []
    for state, path in PATHS.items():
        previous = "draft"
        for step, to_state in enumerate(path, start=1):
            rows.append((state, step, len(path), previous, to_state))
            previous = to_state
    cur.executemany("INSERT INTO bench_path VALUES (%s, %s, %s, %s, %s)", rows)


def seed(url: str) -> dict[str, int]:
    from django.contrib.auth.hashers import make_password

    password_hash = make_password(PASSWORD)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        users = _people(cur, password_hash)
        teams, sre_team = _teams(cur, users)
        _addons(cur, users, teams, sre_team)
        cur.execute(CHECKLIST_SQL, {"owner": users["owner"], "sre": users["sre"]})
        _path_table(cur)
        actors = [users[u] for u in ("owner", "architect1", "architect2", "lead", "sre", "manager")]
        cur.execute(
            EVENTS_SQL,
            {"per_addon": EVENTS_PER_ADDON, "actors": actors, "nactors": len(actors)},
        )
        # Two sign-offs on every submitted addon, as the review queue shows them.
        cur.execute(
            "INSERT INTO onboarding_signoff (addon_id, architect_id, objection, note, "
            "intake_revision, created_at) SELECT a.id, u.id, false, '', 1, a.state_changed_at "
            "FROM onboarding_addon a CROSS JOIN auth_user u "
            "WHERE a.state = 'submitted' AND u.username IN ('architect1', 'architect2')"
        )
        cur.execute(SLO_SQL, {"n": SLO_ADDONS})
        cur.execute(BUCKETS_SQL, {"days": BUCKET_DAYS})
        counts = {}
        for table in (
            "onboarding_addon",
            "onboarding_checklistitem",
            "onboarding_timelineevent",
            "onboarding_slo",
            "onboarding_slobucket",
        ):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant table names
            counts[table.removeprefix("onboarding_")] = cur.fetchone()[0]
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    started = time.perf_counter()
    recreate(url)
    migrate(url)
    counts = seed(url)
    print(f"seeded {url} in {time.perf_counter() - started:.1f}s: {counts}")


if __name__ == "__main__":
    main()
