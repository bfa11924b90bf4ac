-- 014: least privilege for wa-dashboard (issue 16), as 007_roles.sql did for the other services. The dashboard
-- logs in as wa_dashboard_login (created by `wactl migrate --login-roles` from PG_PASSWORD_DASHBOARD), a member of
-- the NOLOGIN group role wa_dashboard, which may:
--   read    the tenants (doctors, with their sealed credentials: the number page re-opens the stored token),
--           users, api_tokens, the knowledge base and the matcher's tables (kb_match), clinic settings, templates,
--           the audit log, patients, messages, handoffs and webhook_events (the inbox and its flags)
--   change  a doctor's profile and WhatsApp columns only (not is_active, the phone number or the ids of others),
--           clinic_settings, kb_entries (and kb_examples through its trigger), templates, handoffs (take over and
--           release), users' sign-in columns, api_tokens' last use
--   add     audit_log and credential_events rows
-- and nothing else: no DELETE but of knowledge-base entries and their examples, no TRUNCATE, no DDL, and unlike the
-- router, ai and sender no default privileges: a later table is the dashboard's only if its migration grants it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wa_dashboard') THEN
        CREATE ROLE wa_dashboard NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM wa_dashboard;
GRANT USAGE ON SCHEMA public TO wa_dashboard;

GRANT SELECT ON doctors, users, api_tokens, kb_entries, kb_examples, kb_stopwords, clinic_settings, templates,
    audit_log, patients, messages, handoffs, webhook_events, credential_events TO wa_dashboard;
GRANT UPDATE (name, specialization, clinic_name, clinic_address, email, updated_at,
              whatsapp_phone_number_id, whatsapp_access_token, whatsapp_business_account_id,
              whatsapp_token_expires_at, whatsapp_app_id, whatsapp_app_secret, whatsapp_display_number,
              whatsapp_quality_rating, whatsapp_messaging_limit, credentials_key_id, credentials_state,
              credentials_checked_at, credentials_error, credentials_updated_at, allow_master_fallback)
    ON doctors TO wa_dashboard;
GRANT UPDATE (last_login_at, password_hash) ON users TO wa_dashboard;
GRANT UPDATE (last_used_at) ON api_tokens TO wa_dashboard;
GRANT INSERT, UPDATE ON clinic_settings, templates TO wa_dashboard;
GRANT INSERT, UPDATE, DELETE ON kb_entries, kb_examples TO wa_dashboard;
GRANT INSERT, UPDATE ON handoffs TO wa_dashboard;
-- the knowledge base's matcher (008), for "try a question" and for the examples' trigger on an entry's change
GRANT SELECT ON kb_synonyms, kb_weights, kb_intents, kb_vocab, kb_concepts TO wa_dashboard;
-- the inbox (012): its read markers
GRANT SELECT, INSERT, UPDATE ON inbox_reads TO wa_dashboard;
GRANT INSERT ON audit_log, credential_events TO wa_dashboard;
GRANT USAGE, SELECT ON SEQUENCE kb_entries_id_seq, templates_id_seq, audit_log_id_seq, credential_events_id_seq
    TO wa_dashboard;
