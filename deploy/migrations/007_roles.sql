-- Least privilege in PostgreSQL (issue 12): one NOLOGIN group role per service with only what it needs. The tables
-- stay owned by the migrating role (wactl migrate, the operators' CLI); the services log in with their own login
-- roles, members of these groups, which `wactl migrate --login-roles` creates from the environment
-- (PG_PASSWORD_INGRESS, ...; never a password in a migration). Needs a migrating role with CREATEROLE (the compose
-- and Kubernetes PostgreSQL's superuser has it; the local stack grants it). Roles are cluster-wide: the DO blocks make
-- this file safe to apply to a second database of the same cluster.
--
--   wa_ingress  the internet-facing one: reads the doctors' sealed app secrets and the ids that select them, nothing
--               else (no patients, no messages, no tokens, no writes)
--   wa_router   \
--   wa_ai        } reads and writes rows of every table (no DDL, no TRUNCATE, not owner); tables added by later
--   wa_sender   /  migrations get the same through the default privileges below

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['wa_ingress', 'wa_router', 'wa_ai', 'wa_sender'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM wa_ingress;
GRANT USAGE ON SCHEMA public TO wa_ingress, wa_router, wa_ai, wa_sender;
GRANT SELECT (id, is_active, whatsapp_app_secret, whatsapp_business_account_id, whatsapp_phone_number_id)
    ON doctors TO wa_ingress;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO wa_router, wa_ai, wa_sender;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO wa_router, wa_ai, wa_sender;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO wa_router, wa_ai, wa_sender;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO wa_router, wa_ai, wa_sender;
