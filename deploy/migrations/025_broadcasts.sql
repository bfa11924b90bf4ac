-- 025: broadcasts (issue 18, second half): a tenant sends an approved template to its groups (024), or to the
-- patients with an appointment on a day, once per person, paced by wa-sender (services/sender/broadcast.c).
--
-- broadcasts: one run. variables maps the template's body parameters {{1}}, {{2}} ... in order, each
--   {"source": "child_name" | "contact_name" | "text", "text": "..."}: child_name is the names of the recipient's
--   children in the chosen groups joined with ", " (the contact's name when there is none), contact_name
--   coalesce(display_name, profile_name, ''), text the fixed text. Audience: the members of group_ids and/or the
--   patients with a booked appointment on appointments_on (a day in the tenant's time zone: a clinic's
--   closed-tomorrow notice). State: draft | scheduled | running | paused | cancelled | done. scheduled_at is an
--   instant (the API reads a local time in the tenant's time zone, clinic_settings.time_zone); recurrence
--   {"weekly": {"day": 1-7 (ISO, Monday 1), "time": "HH:MM"}} makes the start of a run create the next one.
-- broadcast_recipients: one row per person (one message per parent: a parent of two children in the chosen
--   classes gets one message naming both), with the rendered parameters, planned in one INSERT ... SELECT
--   (broadcast_plan). Those who may not be sent to are rows too, state skipped_opted_out (the report counts them):
--   a group broadcast needs the contact's opt-in (024) and no STOP; an appointments notice is about the patient's
--   own booking, so only a STOP skips it; a MARKETING template also skips marketing_opt_out (user_preferences,
--   131050). State then moves pending -> queued (the sender's pump claimed it and wrote wa:out, out_id
--   "bc:<broadcast>:<patient>", the same on every attempt: the sender sends an out_id at most once) -> sent (the
--   sender recorded Meta's acceptance, wamid known) -> delivered -> read, or failed (Meta's code, and its reason
--   in words). skipped_duplicate is kept for a person reached twice through two contact rows (not produced today:
--   a patient is unique per number). replied_at: the person wrote after this broadcast reached them (the latest
--   broadcast that did).
-- The triggers on messages move recipients: the sender's record of the send (out_id bc:...), every status the
-- router applies (matched by wamid: the message row the status updates), an inbound message (replied). Like
-- 013/016 every replica of every service agrees without service code, and the triggers never fail the write
-- that fired them (a warning only).

CREATE TABLE IF NOT EXISTS broadcasts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- the order of lists (API cursors)
    doctor_id         uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    created_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    created_by_actor  text NOT NULL,                 -- "user:<email>", "token:<name>", "wactl"
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    template_name     text NOT NULL CHECK (template_name ~ '^[a-z0-9_]+$' AND length(template_name) <= 512),
    template_language text NOT NULL CHECK (length(template_language) BETWEEN 2 AND 16),
    template_category text,                          -- from templates at creation: MARKETING, UTILITY ...
    variables         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(variables) = 'array'),
    group_ids         uuid[] NOT NULL DEFAULT '{}',
    appointments_on   date,
    state             text NOT NULL DEFAULT 'draft'
                      CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'cancelled', 'done')),
    scheduled_at      timestamptz,
    recurrence        jsonb CHECK (recurrence IS NULL OR jsonb_typeof(recurrence) = 'object'),
    previous_id       uuid REFERENCES broadcasts (id) ON DELETE SET NULL, -- the run of a recurrence before this one
    planned_at        timestamptz,
    members           int NOT NULL DEFAULT 0,        -- memberships found (before merging a parent's children)
    skipped_duplicate int NOT NULL DEFAULT 0,        -- memberships merged into another's message
    started_at        timestamptz,
    finished_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (cardinality(group_ids) > 0 OR appointments_on IS NOT NULL),
    UNIQUE (doctor_id, id)
);
CREATE INDEX IF NOT EXISTS broadcasts_doctor_idx ON broadcasts (doctor_id, created_at DESC);
CREATE INDEX IF NOT EXISTS broadcasts_active_idx ON broadcasts (state, scheduled_at)
    WHERE state IN ('scheduled', 'running');

CREATE TABLE IF NOT EXISTS broadcast_recipients (
    id           bigserial PRIMARY KEY,
    broadcast_id uuid NOT NULL,
    doctor_id    uuid NOT NULL,
    patient_id   uuid NOT NULL,
    wa_id        text NOT NULL,
    name         text NOT NULL DEFAULT '',
    child_names  text NOT NULL DEFAULT '',
    params       jsonb NOT NULL DEFAULT '[]',        -- the body parameters' texts, in order
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'queued', 'sent', 'delivered', 'read', 'failed', 'skipped_opted_out',
                                  'skipped_duplicate')),
    out_id       text GENERATED ALWAYS AS ('bc:' || broadcast_id::text || ':' || patient_id::text) STORED,
    wamid        text,
    error_code   text,
    error_text   text,
    queued_at    timestamptz,
    sent_at      timestamptz,
    delivered_at timestamptz,
    read_at      timestamptz,
    failed_at    timestamptz,
    replied_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (broadcast_id, patient_id),
    FOREIGN KEY (doctor_id, broadcast_id) REFERENCES broadcasts (doctor_id, id) ON DELETE CASCADE,
    FOREIGN KEY (doctor_id, patient_id) REFERENCES patients (doctor_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS broadcast_recipients_out_id_key ON broadcast_recipients (out_id);
CREATE INDEX IF NOT EXISTS broadcast_recipients_todo_idx ON broadcast_recipients (broadcast_id, id)
    WHERE state IN ('pending', 'queued');
CREATE INDEX IF NOT EXISTS broadcast_recipients_patient_idx ON broadcast_recipients (patient_id, sent_at)
    WHERE sent_at IS NOT NULL;

-- Meta's error codes a broadcast meets most, in words (API_REFERENCE A.5); the status's own title otherwise.
CREATE OR REPLACE FUNCTION broadcast_error_words(code text, title text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(CASE code
        WHEN '131026' THEN 'The number cannot receive this message (not on WhatsApp, or an old app)'
        WHEN '131047' THEN 'More than 24 hours since the person last wrote: only a template can reach them'
        WHEN '131049' THEN 'Meta did not deliver it to keep the person''s marketing experience healthy'
        WHEN '131050' THEN 'The person stopped marketing messages from this number'
        WHEN '131051' THEN 'Unsupported message type'
        WHEN '131053' THEN 'The media could not be uploaded'
        WHEN '132000' THEN 'The number of variables does not match the template'
        WHEN '132001' THEN 'The template does not exist in this language (or is not approved yet)'
        WHEN '132007' THEN 'The text breaks the template''s format or policy'
        WHEN '132015' THEN 'The template is paused for low quality'
        WHEN '132016' THEN 'The template is disabled'
        WHEN '130472' THEN 'Meta held the message back (a marketing experiment)'
        WHEN '131042' THEN 'A payment problem on the WhatsApp Business account'
        WHEN 'marketing_opt_out' THEN 'The person stopped marketing messages from this number'
        WHEN 'window_closed' THEN 'More than 24 hours since the person last wrote'
        END, nullif(title, ''), CASE WHEN code IS NOT NULL THEN 'Error ' || code END)
$$;

-- The Graph message object (without to/messaging_product) of a template with body parameters `params` (texts).
CREATE OR REPLACE FUNCTION broadcast_message(tname text, tlang text, params jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('type', 'template', 'template',
               jsonb_build_object('name', tname, 'language', jsonb_build_object('code', tlang))
               || CASE WHEN jsonb_typeof(params) = 'array' AND jsonb_array_length(params) > 0
                       THEN jsonb_build_object('components', jsonb_build_array(jsonb_build_object('type', 'body',
                                'parameters', (SELECT jsonb_agg(jsonb_build_object('type', 'text', 'text', x)
                                                                ORDER BY o)
                                                 FROM jsonb_array_elements_text(params) WITH ORDINALITY AS e(x, o)))))
                       ELSE '{}'::jsonb END)
$$;

-- The tenant's messaging limit (A.13.1: unique people reached by business-initiated messages in a moving 24 h)
-- from doctors.whatsapp_messaging_limit (a tier or an integer as text, 013); -1 = unlimited; `dflt` when unknown.
CREATE OR REPLACE FUNCTION broadcast_daily_limit(tier text, dflt int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN tier ~ '^-?[0-9]{1,9}$' THEN CASE WHEN tier::int < 0 THEN -1 ELSE tier::int END
                WHEN upper(tier) = 'TIER_50' THEN 50 WHEN upper(tier) = 'TIER_250' THEN 250
                WHEN upper(tier) IN ('TIER_1K', 'TIER_1000') THEN 1000 WHEN upper(tier) = 'TIER_2K' THEN 2000
                WHEN upper(tier) = 'TIER_10K' THEN 10000 WHEN upper(tier) = 'TIER_100K' THEN 100000
                WHEN upper(tier) = 'TIER_UNLIMITED' THEN -1 ELSE dflt END
$$;

-- The people a broadcast reaches, with their state and rendered parameters: the members of `groups` (of tenant
-- `doc` only) and/or the patients with a booked appointment on `appt_on` in the tenant's time zone, one row per
-- person. Pure read: the preview and the plan use the same function.
CREATE OR REPLACE FUNCTION broadcast_audience(doc uuid, groups uuid[], appt_on date, category text, vars jsonb)
RETURNS TABLE (patient_id uuid, wa_id text, name text, child_names text, params jsonb, state text, memberships int)
LANGUAGE sql STABLE AS $$
    WITH m AS (
        SELECT gm.patient_id, gm.child_name, true AS by_group
          FROM group_members gm
         WHERE gm.doctor_id = doc AND gm.group_id = ANY (coalesce(groups, '{}'))
        UNION ALL
        SELECT a.patient_id, '' AS child_name, false AS by_group
          FROM appointments a
          LEFT JOIN clinic_settings cs ON cs.doctor_id = a.doctor_id
         WHERE appt_on IS NOT NULL AND a.doctor_id = doc AND a.status = 'booked'
           AND (a.slot_start AT TIME ZONE coalesce(cs.time_zone, 'Asia/Kolkata'))::date = appt_on
    ), per AS (
        SELECT m.patient_id,
               coalesce(string_agg(DISTINCT nullif(m.child_name, ''), ', '), '') AS child_names,
               bool_and(m.by_group) AS only_groups, count(*)::int AS memberships
          FROM m GROUP BY m.patient_id
    )
    SELECT p.id, p.wa_id, coalesce(p.display_name, p.profile_name, '') AS name, per.child_names,
           coalesce((SELECT jsonb_agg(CASE v->>'source'
                                          WHEN 'child_name' THEN coalesce(nullif(per.child_names, ''),
                                                                          p.display_name, p.profile_name, '')
                                          WHEN 'contact_name' THEN coalesce(p.display_name, p.profile_name, '')
                                          ELSE coalesce(v->>'text', '') END ORDER BY o)
                       FROM jsonb_array_elements(coalesce(vars, '[]')) WITH ORDINALITY AS e(v, o)), '[]'),
           CASE WHEN p.opted_out OR (per.only_groups AND NOT p.opted_in)
                     OR (upper(coalesce(category, '')) = 'MARKETING' AND p.marketing_opt_out)
                THEN 'skipped_opted_out' ELSE 'pending' END,
           per.memberships
      FROM per JOIN patients p ON p.id = per.patient_id AND p.doctor_id = doc
$$;

-- Plans broadcast `bid` once (a second call does nothing): its recipients in one INSERT ... SELECT. Returns the
-- number of recipients to send to.
CREATE OR REPLACE FUNCTION broadcast_plan(bid uuid) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    b     broadcasts;
    n     int;
    total int;
BEGIN
    SELECT * INTO b FROM broadcasts WHERE id = bid FOR UPDATE;
    IF NOT FOUND OR b.planned_at IS NOT NULL THEN
        RETURN 0;
    END IF;
    WITH a AS (SELECT * FROM broadcast_audience(b.doctor_id, b.group_ids, b.appointments_on, b.template_category,
                                                b.variables)),
         ins AS (INSERT INTO broadcast_recipients (broadcast_id, doctor_id, patient_id, wa_id, name, child_names, params,
                                                   state)
                 SELECT bid, b.doctor_id, a.patient_id, a.wa_id, a.name, a.child_names, a.params, a.state FROM a
                 ON CONFLICT (broadcast_id, patient_id) DO NOTHING
                 RETURNING state)
    SELECT count(*) FILTER (WHERE ins.state = 'pending'), (SELECT coalesce(sum(memberships), 0) FROM a)
      INTO n, total FROM ins;
    UPDATE broadcasts SET planned_at = now(), members = total,
           skipped_duplicate = total - (SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = bid),
           updated_at = now()
     WHERE id = bid;
    RETURN n;
END
$$;

-- The next weekly run after `after` for {"weekly": {"day": 1-7, "time": "HH:MM"}} in time zone tz, or NULL.
CREATE OR REPLACE FUNCTION broadcast_next_weekly(rec jsonb, tz text, after timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    d     int := (rec->'weekly'->>'day')::int;
    t     time := (rec->'weekly'->>'time')::time;
    local timestamp := after AT TIME ZONE tz;
    cand  timestamp;
BEGIN
    IF d IS NULL OR t IS NULL OR d NOT BETWEEN 1 AND 7 THEN
        RETURN NULL;
    END IF;
    cand := date_trunc('day', local) + ((d - extract(isodow FROM local)::int + 7) % 7) * interval '1 day' + t;
    IF cand <= local THEN
        cand := cand + interval '7 days';
    END IF;
    RETURN cand AT TIME ZONE tz;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- Starts the scheduled broadcasts that are due (any sender replica; each row once): plans them if not planned yet,
-- creates the next run of a weekly one, and sets them running. Returns how many started.
CREATE OR REPLACE FUNCTION broadcast_start_due() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    b    broadcasts;
    n    int := 0;
    nxt  timestamptz;
BEGIN
    FOR b IN SELECT * FROM broadcasts WHERE state = 'scheduled' AND scheduled_at <= now()
              ORDER BY scheduled_at LIMIT 20 FOR UPDATE SKIP LOCKED LOOP
        -- one broadcast that cannot start must not hold up the others: it is paused, with a warning
        BEGIN
        PERFORM broadcast_plan(b.id);
        IF b.recurrence IS NOT NULL AND cardinality(b.group_ids) > 0 THEN
            nxt := broadcast_next_weekly(b.recurrence,
                                         coalesce((SELECT time_zone FROM clinic_settings WHERE doctor_id = b.doctor_id),
                                                  'Asia/Kolkata'), greatest(b.scheduled_at, now()));
            IF nxt IS NOT NULL THEN
                INSERT INTO broadcasts (doctor_id, created_by, created_by_actor, name, template_name, template_language,
                                        template_category, variables, group_ids, appointments_on, state, scheduled_at,
                                        recurrence, previous_id)
                VALUES (b.doctor_id, b.created_by, b.created_by_actor, b.name, b.template_name, b.template_language,
                        b.template_category, b.variables, b.group_ids, NULL, 'scheduled', nxt, b.recurrence, b.id);
            END IF;
        END IF;
        UPDATE broadcasts SET state = 'running', started_at = now(), updated_at = now() WHERE id = b.id;
        n := n + 1;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'broadcast_start_due: broadcast % paused: % (%)', b.id, SQLERRM, SQLSTATE;
            UPDATE broadcasts SET state = 'paused', updated_at = now() WHERE id = b.id;
        END;
    END LOOP;
    RETURN n;
END
$$;

-- Creates a broadcast of tenant `doc` in one transaction (the dashboard and wactl): `mode` now (planned and
-- running), scheduled (planned now, so the count is known; starts at `sched_local`, a local time of the tenant's
-- time zone), weekly (`rec`; the first run at sched_local or the next weekly time; each run is planned when it
-- starts) or draft. Returns its id.
CREATE OR REPLACE FUNCTION broadcast_create(doc uuid, by_user uuid, actor text, bname text, tname text, tlang text,
                                            tcat text, vars jsonb, groups uuid[], appt date, mode text,
                                            sched_local timestamp, rec jsonb) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    tz  text := coalesce((SELECT time_zone FROM clinic_settings WHERE doctor_id = doc), 'Asia/Kolkata');
    at  timestamptz := sched_local AT TIME ZONE tz;
    bid uuid;
BEGIN
    IF mode = 'weekly' THEN
        IF cardinality(coalesce(groups, '{}')) = 0 OR appt IS NOT NULL THEN
            RAISE EXCEPTION 'a weekly broadcast goes to groups (not to the appointments of one day)'
                USING ERRCODE = '22023';
        END IF;
        at := coalesce(at, broadcast_next_weekly(rec, tz, now()));
        IF at IS NULL THEN
            RAISE EXCEPTION 'a weekly broadcast needs recurrence {"weekly": {"day": 1-7, "time": "HH:MM"}}'
                USING ERRCODE = '22023';
        END IF;
    ELSIF mode = 'scheduled' AND at IS NULL THEN
        RAISE EXCEPTION 'a scheduled broadcast needs its time' USING ERRCODE = '22023';
    ELSIF mode NOT IN ('now', 'scheduled', 'draft') THEN
        RAISE EXCEPTION 'unknown mode %', mode USING ERRCODE = '22023';
    END IF;
    INSERT INTO broadcasts (doctor_id, created_by, created_by_actor, name, template_name, template_language,
                            template_category, variables, group_ids, appointments_on, state, scheduled_at, recurrence)
    VALUES (doc, by_user, actor, bname, tname, tlang, tcat, coalesce(vars, '[]'), coalesce(groups, '{}'), appt,
            CASE mode WHEN 'now' THEN 'running' WHEN 'draft' THEN 'draft' ELSE 'scheduled' END,
            CASE WHEN mode IN ('scheduled', 'weekly') THEN at END, CASE WHEN mode = 'weekly' THEN rec END)
    RETURNING id INTO bid;
    IF mode IN ('now', 'scheduled') THEN
        PERFORM broadcast_plan(bid);
    END IF;
    IF mode = 'now' THEN
        UPDATE broadcasts SET started_at = now() WHERE id = bid;
    END IF;
    RETURN bid;
END
$$;

-- pause | resume | cancel broadcast `bid` of tenant `doc`. Returns the new state, or NULL when the broadcast is in
-- a state the action does not apply to. A resumed draft is planned and starts; a paused broadcast that never
-- started waits for its time again.
CREATE OR REPLACE FUNCTION broadcast_control(bid uuid, doc uuid, action text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    b   broadcasts;
    nxt text;
BEGIN
    SELECT * INTO b FROM broadcasts WHERE id = bid AND doctor_id = doc FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    nxt := CASE
        WHEN action = 'pause' AND b.state IN ('running', 'scheduled') THEN 'paused'
        WHEN action = 'resume' AND b.state = 'paused' THEN CASE WHEN b.started_at IS NULL THEN 'scheduled'
                                                                 ELSE 'running' END
        WHEN action = 'resume' AND b.state = 'draft' THEN 'running'
        WHEN action = 'cancel' AND b.state IN ('draft', 'scheduled', 'running', 'paused') THEN 'cancelled'
        END;
    IF nxt IS NULL THEN
        RETURN NULL;
    END IF;
    IF nxt = 'running' AND b.planned_at IS NULL THEN
        PERFORM broadcast_plan(bid);
    END IF;
    UPDATE broadcasts SET state = nxt, updated_at = now(),
           started_at = CASE WHEN nxt = 'running' THEN coalesce(started_at, now()) ELSE started_at END,
           finished_at = CASE WHEN nxt = 'cancelled' THEN now() ELSE finished_at END
     WHERE id = bid;
    RETURN nxt;
END
$$;

-- The live report of broadcast `bid` as JSON (the dashboard's GET /api/v1/broadcasts/{id}, wactl broadcast show):
-- the broadcast, its groups' names and its counts. sent counts every message Meta accepted (delivered and read
-- ones included), delivered those delivered (read included); opted_out the people skipped for their consent plus
-- the sends Meta refused with 131050; failed every failed send (131050 included).
CREATE OR REPLACE FUNCTION broadcast_report(bid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', b.id, 'seq', b.seq, 'name', b.name, 'state', b.state,
        'template', jsonb_build_object('name', b.template_name, 'language', b.template_language,
                                       'category', b.template_category),
        'variables', b.variables, 'group_ids', to_jsonb(b.group_ids),
        'groups', coalesce((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
                              FROM groups g WHERE g.doctor_id = b.doctor_id AND g.id = ANY (b.group_ids)), '[]'),
        'appointments_on', b.appointments_on, 'scheduled_at', b.scheduled_at, 'recurrence', b.recurrence,
        'previous_id', b.previous_id, 'created_by', b.created_by_actor, 'created_at', b.created_at,
        'planned_at', b.planned_at, 'started_at', b.started_at, 'finished_at', b.finished_at,
        'counts', (SELECT jsonb_build_object(
                       'recipients', count(*) FILTER (WHERE r.state NOT LIKE 'skipped%'),
                       'pending', count(*) FILTER (WHERE r.state = 'pending'),
                       'queued', count(*) FILTER (WHERE r.state = 'queued'),
                       'sent', count(*) FILTER (WHERE r.state IN ('sent', 'delivered', 'read')),
                       'delivered', count(*) FILTER (WHERE r.state IN ('delivered', 'read')),
                       'read', count(*) FILTER (WHERE r.state = 'read'),
                       'failed', count(*) FILTER (WHERE r.state = 'failed'),
                       'opted_out', count(*) FILTER (WHERE r.state = 'skipped_opted_out'
                                                        OR (r.state = 'failed' AND r.error_code = '131050')),
                       'skipped_duplicate', b.skipped_duplicate
                                            + count(*) FILTER (WHERE r.state = 'skipped_duplicate'),
                       'replied', count(*) FILTER (WHERE r.replied_at IS NOT NULL))
                     FROM broadcast_recipients r WHERE r.broadcast_id = b.id))
      FROM broadcasts b WHERE b.id = bid
$$;

-- The recipients' side of messages: the sender's record, the router's statuses, the person's reply.
CREATE OR REPLACE FUNCTION broadcasts_apply_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rk_new int;
BEGIN
    BEGIN
    IF NEW.direction = 'in' THEN
        IF NEW.patient_id IS NOT NULL THEN
            UPDATE broadcast_recipients SET replied_at = NEW.created_at
             WHERE id = (SELECT id FROM broadcast_recipients
                          WHERE patient_id = NEW.patient_id AND sent_at IS NOT NULL AND sent_at <= NEW.created_at
                            AND sent_at > NEW.created_at - interval '7 days'
                          ORDER BY sent_at DESC LIMIT 1)
               AND replied_at IS NULL;
        END IF;
        RETURN NEW;
    END IF;
    rk_new := CASE NEW.status WHEN 'accepted' THEN 1 WHEN 'sandbox' THEN 1 WHEN 'sent' THEN 1
                              WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 3 WHEN 'failed' THEN 4
                              ELSE 0 END;
    UPDATE broadcast_recipients r SET
           state = CASE rk_new WHEN 1 THEN 'sent' WHEN 2 THEN 'delivered' WHEN 3 THEN 'read' ELSE 'failed' END,
           wamid = coalesce(NEW.wamid, r.wamid),
           sent_at = coalesce(r.sent_at, NEW.sent_at, now()),
           delivered_at = CASE WHEN rk_new IN (2, 3) THEN coalesce(r.delivered_at, NEW.status_at, now())
                               ELSE r.delivered_at END,
           read_at = CASE WHEN rk_new = 3 THEN coalesce(NEW.status_at, now()) ELSE r.read_at END,
           failed_at = CASE WHEN rk_new = 4 THEN coalesce(NEW.status_at, now()) ELSE r.failed_at END,
           error_code = CASE WHEN rk_new = 4 THEN NEW.error_code ELSE r.error_code END,
           error_text = CASE WHEN rk_new = 4 THEN broadcast_error_words(NEW.error_code, NEW.error_title)
                             ELSE r.error_text END
     WHERE r.out_id = NEW.out_id AND rk_new > 0
       AND (CASE r.state WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4
                         ELSE 0 END) < rk_new
       AND NOT (rk_new = 4 AND r.state = 'read');
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'broadcasts_apply_message: % (%), message %', SQLERRM, SQLSTATE, NEW.id;
    END;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS messages_broadcasts_out ON messages;
CREATE TRIGGER messages_broadcasts_out AFTER INSERT OR UPDATE OF status ON messages
    FOR EACH ROW WHEN (NEW.direction = 'out' AND NEW.out_id LIKE 'bc:%') EXECUTE FUNCTION broadcasts_apply_message();
DROP TRIGGER IF EXISTS messages_broadcasts_in ON messages;
CREATE TRIGGER messages_broadcasts_in AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'in' AND NEW.patient_id IS NOT NULL) EXECUTE FUNCTION broadcasts_apply_message();

-- wa-dashboard (014: nothing is its own unless granted): broadcasts are its own to create and steer; recipients it
-- plans (broadcast_plan runs as the caller) and reads.
GRANT SELECT, INSERT, UPDATE ON broadcasts TO wa_dashboard;
GRANT SELECT, INSERT ON broadcast_recipients TO wa_dashboard;
GRANT USAGE, SELECT ON SEQUENCE broadcast_recipients_id_seq, broadcasts_seq_seq TO wa_dashboard;
GRANT SELECT ON appointments, groups, group_members, user_groups TO wa_dashboard;
