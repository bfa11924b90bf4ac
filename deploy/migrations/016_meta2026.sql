-- 016: the webhooks Meta sends in 2026 beyond messages and statuses (issue 15): retries of every field, marketing
-- preferences, Business-app echoes, number and identity changes, pricing per outbound message, number health.
--
-- webhook_events (002_router.sql) was keyed by the wa:in entry id, so Meta's retry of the same webhook (a new wa:in
-- entry) was stored again. Now every row carries event_key, a hash of what the event is: its field, its WABA, the
-- entry's time and the value (jsonb text, so key order does not matter; the value holds the phone number's metadata
-- where Meta sends one). A retry is a no-op (the router inserts ON CONFLICT DO NOTHING, and the triggers below and
-- in 013 fire only for a row that was inserted); a genuinely new event differs in its time or content. Existing
-- rows: the first of each group of equal rows gets the key, later copies keep NULL (kept, never conflicting).
--
-- The triggers on webhook_events apply the fields the router only records (like 013 does for templates), so every
-- router replica agrees and the router needs no field-specific code:
--   user_preferences   -> patients.marketing_opt_out (+ time and source), which the sender checks before a
--                         MARKETING template (dead letter marketing_opt_out); an async 131050 sets it as well.
--   smb_message_echoes -> messages, direction 'out', source 'business_app' (history and ai's context include them;
--                         they do not open or extend the 24-hour window, API_REFERENCE A.14.2), edits/revokes applied.
--   phone_number_quality_update -> doctors.whatsapp_number_event(_at) (013 already stores the messaging limit).
-- A trigger on messages applies the inbound system messages: user_changed_number moves the patient to the new number
-- (the old one kept in previous_wa_ids, the history stays attached), customer_identity_changed flags the patient.

ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS event_key text;

UPDATE webhook_events e SET event_key = k.key
  FROM (SELECT DISTINCT ON (key) id, key
          FROM (SELECT id, md5(concat_ws('|', field, waba_id, NULL, coalesce(value, 'null'::jsonb)::text)) AS key
                  FROM webhook_events) a
         ORDER BY key, id) k
 WHERE e.id = k.id AND e.event_key IS NULL;

CREATE UNIQUE INDEX IF NOT EXISTS webhook_events_event_key_idx ON webhook_events (event_key);

-- The key of an event as the router computes it when inserting (entry_time: entry[].time as text, or NULL).
CREATE OR REPLACE FUNCTION webhook_event_key(field text, waba_id text, entry_time text, value jsonb)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT md5(concat_ws('|', field, waba_id, entry_time, coalesce(value, 'null'::jsonb)::text))
$$;

-- Marketing consent per patient (A.14.1): set by user_preferences stop/resume and by a 131050 send error.
ALTER TABLE patients
    ADD COLUMN IF NOT EXISTS marketing_opt_out       boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS marketing_consent_at    timestamptz,  -- when the patient stopped/resumed (Meta's time)
    ADD COLUMN IF NOT EXISTS marketing_consent_source text,        -- user_preferences, send_error_131050
    ADD COLUMN IF NOT EXISTS previous_wa_ids         text[] NOT NULL DEFAULT '{}', -- numbers before a change
    ADD COLUMN IF NOT EXISTS number_changed_at       timestamptz,
    ADD COLUMN IF NOT EXISTS identity_changed_at     timestamptz,  -- customer_identity_changed: flagged for staff
    ADD COLUMN IF NOT EXISTS identity_flagged        boolean NOT NULL DEFAULT false;

-- Pricing and conversation of an outbound message, from its statuses (A.2.6, A.2.7, A.13.2): whichever status
-- carries them. Open enums, stored as sent.
ALTER TABLE messages
    ADD COLUMN IF NOT EXISTS pricing_category        text,
    ADD COLUMN IF NOT EXISTS pricing_type            text,
    ADD COLUMN IF NOT EXISTS pricing_model           text,
    ADD COLUMN IF NOT EXISTS pricing_billable        boolean,
    ADD COLUMN IF NOT EXISTS conversation_id         text,
    ADD COLUMN IF NOT EXISTS conversation_origin     text,
    ADD COLUMN IF NOT EXISTS conversation_expires_at timestamptz;
CREATE INDEX IF NOT EXISTS messages_pricing_idx ON messages (doctor_id, pricing_category) WHERE pricing_category IS NOT NULL;

-- Number health beyond 013's limit: the last phone_number_quality_update event (FLAGGED, UNFLAGGED, UPGRADE ...).
ALTER TABLE doctors
    ADD COLUMN IF NOT EXISTS whatsapp_number_event    text,
    ADD COLUMN IF NOT EXISTS whatsapp_number_event_at timestamptz;

-- Unix seconds (number or string) to a time, NULL when not a sane number.
CREATE OR REPLACE FUNCTION meta2026_unix(v jsonb) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NOT NULL AND jsonb_typeof(v) IN ('number', 'string') AND (v #>> '{}') ~ '^[0-9]{1,12}$'
                THEN to_timestamp((v #>> '{}')::bigint) END
$$;

CREATE OR REPLACE FUNCTION meta2026_apply_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v    jsonb := NEW.value;
    it   jsonb;
    who  text;
    ts   timestamptz;
    btext text;
BEGIN
    IF NEW.doctor_id IS NULL OR v IS NULL OR jsonb_typeof(v) <> 'object' THEN
        RETURN NEW;
    END IF;
    -- whatever Meta sent, the router's recording of it must not fail: an error here is only a warning
    BEGIN
    IF NEW.field = 'user_preferences' AND jsonb_typeof(v->'user_preferences') = 'array' THEN
        FOR it IN SELECT * FROM jsonb_array_elements(v->'user_preferences') LOOP
            who := it->>'wa_id';
            IF who IS NULL AND jsonb_typeof(v->'contacts') = 'array' THEN
                who := v->'contacts'->0->>'wa_id';
            END IF;
            CONTINUE WHEN who IS NULL OR who !~ '^[0-9]{5,20}$'
                OR coalesce(it->>'category', 'marketing_messages') <> 'marketing_messages'
                OR it->>'value' NOT IN ('stop', 'resume');
            ts := coalesce(meta2026_unix(it->'timestamp'), now());
            -- a patient who never wrote is created (the preference must hold for the first marketing template too)
            INSERT INTO patients AS pa (doctor_id, wa_id, marketing_opt_out, marketing_consent_at, marketing_consent_source)
            VALUES (NEW.doctor_id, who, it->>'value' = 'stop', ts, 'user_preferences')
            ON CONFLICT (doctor_id, wa_id) DO UPDATE
               SET marketing_opt_out = EXCLUDED.marketing_opt_out, marketing_consent_at = EXCLUDED.marketing_consent_at,
                   marketing_consent_source = EXCLUDED.marketing_consent_source, updated_at = now()
             WHERE pa.marketing_consent_at IS NULL OR pa.marketing_consent_at <= EXCLUDED.marketing_consent_at;
        END LOOP;
    ELSIF NEW.field = 'smb_message_echoes' AND jsonb_typeof(v->'message_echoes') = 'array' THEN
        FOR it IN SELECT * FROM jsonb_array_elements(v->'message_echoes') LOOP
            who := it->>'to';
            CONTINUE WHEN it->>'id' IS NULL OR who IS NULL OR who !~ '^[0-9]{5,20}$';
            ts := coalesce(meta2026_unix(it->'timestamp'), now());
            IF it->>'type' = 'edit' THEN
                UPDATE messages SET original_body = coalesce(messages.original_body, messages.body),
                       body = coalesce(it->'edit'->'message'->'text'->>'body', messages.body), edited_at = ts
                 WHERE doctor_id = NEW.doctor_id AND wamid = it->'edit'->>'original_message_id' AND direction = 'out';
                CONTINUE;
            ELSIF it->>'type' = 'revoke' THEN
                UPDATE messages SET revoked_at = ts
                 WHERE doctor_id = NEW.doctor_id AND wamid = it->'revoke'->>'original_message_id' AND direction = 'out';
                CONTINUE;
            END IF;
            btext := coalesce(it->'text'->>'body', it->(it->>'type')->>'caption',
                             CASE WHEN it->>'type' IS NOT NULL THEN '[' || (it->>'type') || ']' END);
            -- the patient row without touching last_inbound_at: an echo neither opens nor extends the window
            INSERT INTO patients (doctor_id, wa_id) VALUES (NEW.doctor_id, who) ON CONFLICT (doctor_id, wa_id) DO NOTHING;
            INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, payload, source, status,
                                  status_at, sent_at, created_at)
            SELECT NEW.doctor_id, pa.id, 'out', it->>'id', who, coalesce(it->>'type', 'unknown'), btext, it,
                   'business_app', 'sent', ts, ts, ts
              FROM patients pa WHERE pa.doctor_id = NEW.doctor_id AND pa.wa_id = who
            ON CONFLICT (wamid) DO NOTHING;
        END LOOP;
    ELSIF NEW.field = 'phone_number_quality_update' AND v ? 'event' THEN
        UPDATE doctors SET whatsapp_number_event = v->>'event', whatsapp_number_event_at = now()
         WHERE id = NEW.doctor_id;
    END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'meta2026_apply_webhook: % (%), webhook_events id %', SQLERRM, SQLSTATE, NEW.id;
    END;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS webhook_events_meta2026 ON webhook_events;
CREATE TRIGGER webhook_events_meta2026 AFTER INSERT ON webhook_events
    FOR EACH ROW EXECUTE FUNCTION meta2026_apply_webhook();

-- Inbound system messages (A.2.4 system), recorded by the router like every message.
CREATE OR REPLACE FUNCTION meta2026_apply_system() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s      jsonb := NEW.payload->'system';
    newnum text;
BEGIN
    IF NEW.direction <> 'in' OR NEW.type <> 'system' OR NEW.patient_id IS NULL OR s IS NULL
       OR jsonb_typeof(s) <> 'object' THEN
        RETURN NEW;
    END IF;
    BEGIN
    IF s->>'type' IN ('user_changed_number', 'customer_changed_number') THEN  -- the latter: older payloads
        newnum := coalesce(s->>'wa_id', s->>'new_wa_id');
        IF newnum ~ '^[0-9]{5,20}$' AND newnum <> NEW.wa_id THEN
            IF NOT EXISTS (SELECT 1 FROM patients WHERE doctor_id = NEW.doctor_id AND wa_id = newnum) THEN
                UPDATE patients SET wa_id = newnum, previous_wa_ids = array_append(previous_wa_ids, wa_id),
                       number_changed_at = now(), unreachable = false, updated_at = now()
                 WHERE id = NEW.patient_id AND wa_id <> newnum;
            ELSE
                -- the new number wrote before: its patient takes the history, the old row stays as a record
                UPDATE messages SET patient_id = (SELECT id FROM patients WHERE doctor_id = NEW.doctor_id
                                                  AND wa_id = newnum)
                 WHERE patient_id = NEW.patient_id;
                UPDATE patients SET previous_wa_ids = array_append(previous_wa_ids, NEW.wa_id),
                       number_changed_at = now(), updated_at = now()
                 WHERE doctor_id = NEW.doctor_id AND wa_id = newnum;
                UPDATE patients SET identity_flagged = true, updated_at = now() WHERE id = NEW.patient_id;
            END IF;
        END IF;
    ELSIF s->>'type' = 'customer_identity_changed' THEN
        UPDATE patients SET identity_changed_at = now(), identity_flagged = true, updated_at = now()
         WHERE id = NEW.patient_id;
    END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'meta2026_apply_system: % (%), message %', SQLERRM, SQLSTATE, NEW.wamid;
    END;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS messages_meta2026_system ON messages;
CREATE TRIGGER messages_meta2026_system AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'in' AND NEW.type = 'system') EXECUTE FUNCTION meta2026_apply_system();
