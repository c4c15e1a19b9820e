-- The portal's two PostgreSQL roles; run once as the database administrator, e.g.
--   psql -v owner_password="'…'" -v app_password="'…'" -d portal -f deploy/db-roles.sql
--
-- portal_owner owns the schema and every table: the migrate job connects as it
--   (MIGRATION_DATABASE_URL), then runs `manage.py db_app_grants portal_app`.
-- portal_app is what web, worker and beat connect as (DATABASE_URL): it owns nothing, may
--   read and write the workflow tables, and on the timeline and audit only SELECT and INSERT.
--   Not owning a table, it cannot ALTER it (no DISABLE TRIGGER) nor TRUNCATE it.
CREATE ROLE portal_owner LOGIN PASSWORD :owner_password;
CREATE ROLE portal_app LOGIN PASSWORD :app_password NOSUPERUSER NOCREATEDB NOCREATEROLE;
ALTER DATABASE portal OWNER TO portal_owner;
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE portal TO portal_app;
GRANT USAGE ON SCHEMA public TO portal_app;
