"""Give the application's database role what it needs, and nothing that rewrites history.

Run as the owner role after every `migrate` (deploy/k8s/migrate-job.yaml does): the app role
may read and write the workflow tables, but on the append-only tables (the timeline and the
audit, whose models carry a pgtrigger `Protect`) only SELECT and INSERT. It owns nothing, so
`ALTER TABLE … DISABLE TRIGGER` and `DROP` are refused to it, and it never gets TRUNCATE.
"""

import pgtrigger
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql


def append_only_tables() -> list[str]:
    """The tables whose model protects its rows against UPDATE and DELETE in the database."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if any(isinstance(t, pgtrigger.Protect) for t in getattr(model._meta, "triggers", []))
    )


def grant_statements(role: str) -> list[sql.Composed]:
    app = sql.Identifier(role)
    frozen = sql.SQL(", ").join(sql.Identifier(t) for t in append_only_tables())
    return [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            app
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app),
        sql.SQL(
            "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}"
        ).format(app),
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(frozen, app),
    ]


class Command(BaseCommand):
    help = "Grant the application role its privileges (run as the owner role after migrate)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The application's database role, e.g. portal_app.")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL deployment's; nothing to grant.")
        with connection.cursor() as cursor:
            for statement in grant_statements(role):
                cursor.execute(statement)
        tables = ", ".join(append_only_tables())
        self.stdout.write(f"Granted {role}; append-only (SELECT, INSERT): {tables}.")
