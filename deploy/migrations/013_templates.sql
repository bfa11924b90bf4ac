-- 013: the clinic's WhatsApp number and message templates in the dashboard (issue 16).
--
-- doctors gains the number's quality rating and messaging limit (API_REFERENCE A.12.3, A.13.1), read from the
-- Graph API when credentials are saved or refreshed (wactl creds set, PUT /api/v1/whatsapp) and from
-- phone_number_quality_update webhooks.
--
-- templates: the clinic's message templates as its WABA has them (A.10), filled by the dashboard's sync
-- (GET /{waba-id}/message_templates) and create (POST, stored PENDING), and kept current by the template webhooks:
-- the router records every non-message webhook change in webhook_events (002_router.sql) and a trigger on that
-- table applies the template and number ones here, so the router needs no change and every replica agrees.

ALTER TABLE doctors
    ADD COLUMN IF NOT EXISTS whatsapp_quality_rating  text,   -- GREEN, YELLOW, RED, UNKNOWN
    ADD COLUMN IF NOT EXISTS whatsapp_messaging_limit text;   -- TIER_250, TIER_2K ..., or an integer as text

CREATE TABLE IF NOT EXISTS templates (
    id               bigserial PRIMARY KEY,
    doctor_id        uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    meta_id          text,                          -- Graph's template id (a string in lists, a number in webhooks)
    name             text NOT NULL CHECK (name ~ '^[a-z0-9_]+$' AND length(name) <= 512),
    language         text NOT NULL CHECK (length(language) BETWEEN 2 AND 16),
    category         text,                          -- UTILITY, MARKETING, AUTHENTICATION
    status           text NOT NULL DEFAULT 'PENDING',
    quality          text,                          -- quality_score.score: GREEN, YELLOW, RED, UNKNOWN
    rejection_reason text,
    parameter_format text,                          -- POSITIONAL, NAMED
    components       jsonb NOT NULL DEFAULT '[]',
    synced_at        timestamptz,                   -- last read from Graph (sync) or from a webhook
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (doctor_id, name, language)
);

-- Applies a template or number webhook (A.2.8, A.10.5) recorded in webhook_events to templates and doctors.
-- Template ids are compared as text; a language "en-US" matches "en_US" (both spellings occur).
CREATE OR REPLACE FUNCTION templates_apply_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v       jsonb := NEW.value;
    tid     text := v->>'message_template_id';
    tname   text := v->>'message_template_name';
    tlang   text := replace(coalesce(v->>'message_template_language', ''), '-', '_');
    matched int;
BEGIN
    IF NEW.doctor_id IS NULL OR v IS NULL OR jsonb_typeof(v) <> 'object' THEN
        RETURN NEW;
    END IF;
    -- whatever Meta sent, the router's recording of it must not fail: an error here is only a warning
    BEGIN
    IF NEW.field = 'message_template_status_update' AND v ? 'event' THEN
        UPDATE templates SET status = v->>'event',
               rejection_reason = CASE WHEN v->>'event' = 'REJECTED'
                                       THEN coalesce(v->'rejection_info'->>'reason', v->>'reason') END,
               category = coalesce(v->>'message_template_category', category),
               meta_id = coalesce(meta_id, tid), synced_at = now(), updated_at = now()
         WHERE doctor_id = NEW.doctor_id
           AND (meta_id = tid OR (name = tname AND replace(language, '-', '_') = tlang));
        GET DIAGNOSTICS matched = ROW_COUNT;
        IF matched = 0 AND tname ~ '^[a-z0-9_]+$' AND length(tname) <= 512 AND length(tlang) BETWEEN 2 AND 16 THEN
            INSERT INTO templates (doctor_id, meta_id, name, language, category, status, rejection_reason, synced_at)
            VALUES (NEW.doctor_id, tid, tname, tlang, v->>'message_template_category', v->>'event',
                    CASE WHEN v->>'event' = 'REJECTED' THEN coalesce(v->'rejection_info'->>'reason', v->>'reason') END,
                    now())
            ON CONFLICT (doctor_id, name, language) DO NOTHING;
        END IF;
    ELSIF NEW.field = 'message_template_quality_update' AND v ? 'new_quality_score' THEN
        UPDATE templates SET quality = v->>'new_quality_score', meta_id = coalesce(meta_id, tid), synced_at = now(),
               updated_at = now()
         WHERE doctor_id = NEW.doctor_id
           AND (meta_id = tid OR (name = tname AND replace(language, '-', '_') = tlang));
    ELSIF NEW.field = 'template_category_update' AND v ? 'new_category' THEN
        UPDATE templates SET category = v->>'new_category', meta_id = coalesce(meta_id, tid), synced_at = now(),
               updated_at = now()
         WHERE doctor_id = NEW.doctor_id
           AND (meta_id = tid OR (name = tname AND replace(language, '-', '_') = tlang));
    ELSIF NEW.field = 'phone_number_quality_update' THEN
        UPDATE doctors SET whatsapp_messaging_limit = coalesce(v->>'max_daily_conversations_per_business',
                                                               v->>'current_limit', whatsapp_messaging_limit)
         WHERE id = NEW.doctor_id;
    END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'templates_apply_webhook: % (%), webhook_events id %', SQLERRM, SQLSTATE, NEW.id;
    END;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS webhook_events_templates ON webhook_events;
CREATE TRIGGER webhook_events_templates AFTER INSERT ON webhook_events
    FOR EACH ROW EXECUTE FUNCTION templates_apply_webhook();
