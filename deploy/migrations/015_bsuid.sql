-- 015: patients who hide their phone number (issue 15, API_REFERENCE A.9).
--
-- A patient is one person with a phone number, a business-scoped user id (BSUID), or both. patients.wa_id stays
-- NOT NULL and unique per doctor: it is the patient's ADDRESS, the phone number's digits when known, else the
-- BSUID. Every key that was built from the phone number (wa:out `to`, wa:conv:/wa:handoff: keys, messages.wa_id,
-- the sender's pair throttle) is built from that address, so a BSUID-only patient works everywhere a phone patient
-- does; the sender sends an address that is a BSUID in the Messages API's `recipient` field instead of `to`.
-- user_id is the current BSUID (unique per doctor), parent_user_id the parent BSUID where Meta sends one, username
-- the @username for display only (never a key), user_id_aliases the BSUIDs the person had before (late webhooks
-- still carry them, A.9.7 rule 3).
--
-- wa_patient_resolve() is the one place a webhook's identifiers become a patient: the router calls it for every
-- inbound message that carries a BSUID, before recording it. It finds the patient by phone and by BSUID (current
-- or alias); when both exist as two rows (a person who wrote first with a phone, later as a username with the
-- BSUID only, and now shows both), the newer row is merged into the older one: messages, appointments, queue
-- tokens, referrals, handoffs and the opt-out move; the merge is written to audit_log.

ALTER TABLE patients
    ADD COLUMN IF NOT EXISTS user_id         text CHECK (user_id IS NULL OR length(user_id) BETWEEN 3 AND 200),
    ADD COLUMN IF NOT EXISTS parent_user_id  text,
    ADD COLUMN IF NOT EXISTS username        text,
    ADD COLUMN IF NOT EXISTS user_id_aliases text[] NOT NULL DEFAULT '{}';

CREATE UNIQUE INDEX IF NOT EXISTS patients_doctor_user_id_key ON patients (doctor_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS patients_user_id_aliases_idx ON patients USING gin (user_id_aliases);

-- The patient of (doctor d, phone digits p or NULL, BSUID u, parent BSUID pu or NULL, username un or NULL): found,
-- merged or created; returns its address (patients.wa_id). u must not be NULL (a phone-only message needs no call).
CREATE OR REPLACE FUNCTION wa_patient_resolve(d uuid, p text, u text, pu text, un text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    a patients;  -- by phone
    b patients;  -- by BSUID
    k patients;  -- kept
    o patients;  -- merged away
BEGIN
    IF p IS NOT NULL AND p <> '' THEN
        SELECT * INTO a FROM patients WHERE doctor_id = d AND wa_id = p FOR UPDATE;
    ELSE
        p := NULL;
    END IF;
    SELECT * INTO b FROM patients
     WHERE doctor_id = d AND (user_id = u OR wa_id = u OR u = ANY (user_id_aliases))
     ORDER BY created_at LIMIT 1 FOR UPDATE;
    IF a.id IS NULL AND b.id IS NULL THEN
        INSERT INTO patients (doctor_id, wa_id, user_id, parent_user_id, username)
        VALUES (d, coalesce(p, u), u, pu, un)
        ON CONFLICT DO NOTHING;
        RETURN coalesce(p, u);
    END IF;
    IF a.id IS NOT NULL AND b.id IS NOT NULL AND a.id <> b.id THEN
        IF a.created_at <= b.created_at THEN k := a; o := b; ELSE k := b; o := a; END IF;
        UPDATE messages SET patient_id = k.id WHERE patient_id = o.id;
        UPDATE appointments SET patient_id = k.id WHERE patient_id = o.id
           AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.patient_id = k.id AND x.doctor_id = appointments.doctor_id
                           AND x.slot_start = appointments.slot_start);
        UPDATE queue_tokens SET patient_id = k.id WHERE patient_id = o.id
           AND NOT EXISTS (SELECT 1 FROM queue_tokens x WHERE x.patient_id = k.id AND x.doctor_id = queue_tokens.doctor_id
                           AND x.day = queue_tokens.day);
        UPDATE referral_codes SET patient_id = k.id WHERE patient_id = o.id
           AND NOT EXISTS (SELECT 1 FROM referral_codes x WHERE x.patient_id = k.id AND x.doctor_id = referral_codes.doctor_id);
        UPDATE referrals SET referrer_id = k.id WHERE referrer_id = o.id AND referred_id <> k.id;
        UPDATE referrals SET referred_id = k.id WHERE referred_id = o.id AND referrer_id <> k.id
           AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x.referred_id = k.id AND x.doctor_id = referrals.doctor_id);
        UPDATE handoffs SET patient_id = k.id WHERE patient_id = o.id
           AND NOT EXISTS (SELECT 1 FROM handoffs x WHERE x.patient_id = k.id AND x.doctor_id = handoffs.doctor_id);
        DELETE FROM patients WHERE id = o.id;
        UPDATE patients SET
            profile_name = coalesce(profile_name, o.profile_name),
            opted_out = opted_out OR o.opted_out,
            opted_out_at = coalesce(opted_out_at, o.opted_out_at),
            optout_wamid = coalesce(optout_wamid, o.optout_wamid),
            last_inbound_at = greatest(last_inbound_at, o.last_inbound_at),
            user_id_aliases = array(SELECT DISTINCT x FROM unnest(user_id_aliases || o.user_id_aliases
                                    || array_remove(ARRAY[o.user_id], NULL)) x WHERE x <> u)
         WHERE id = k.id;
        INSERT INTO audit_log (actor, action, doctor_id, target, before, after)
        VALUES ('wa-router', 'patient.merge', d, 'patient:' || k.id,
                jsonb_build_object('merged', o.id, 'wa_id', o.wa_id, 'user_id', o.user_id),
                jsonb_build_object('phone', p, 'user_id', u));
        SELECT * INTO k FROM patients WHERE id = k.id;
    ELSIF a.id IS NOT NULL THEN
        k := a;
    ELSE
        k := b;
    END IF;
    -- the current identifiers: the phone becomes the address once known, the BSUID the current one (an old
    -- current BSUID is kept as an alias: a new phone number means a new BSUID, A.9.1)
    -- (a late webhook carrying an alias leaves the current BSUID as it is; nothing new: no write)
    IF (p IS NULL OR k.wa_id = p) AND (k.user_id = u OR u = ANY (k.user_id_aliases))
       AND (pu IS NULL OR k.parent_user_id = pu) AND (un IS NULL OR k.username = un) THEN
        RETURN coalesce(p, k.wa_id);
    END IF;
    UPDATE patients SET
        wa_id = coalesce(p, wa_id),
        user_id_aliases = CASE WHEN u = ANY (user_id_aliases) THEN user_id_aliases
                               WHEN user_id IS NOT NULL AND user_id <> u THEN array_append(user_id_aliases, user_id)
                               ELSE user_id_aliases END,
        user_id = CASE WHEN u = ANY (user_id_aliases) THEN user_id ELSE u END,
        parent_user_id = coalesce(pu, parent_user_id),
        username = coalesce(un, username),
        updated_at = now()
     WHERE id = k.id;
    RETURN coalesce(p, k.wa_id);
END $$;

-- A `system` message of type user_changed_user_id (A.9.6): the person behind phone p (or NULL) / BSUID old_u now has
-- the BSUID new_u (and parent new_pu, or NULL). The new BSUID becomes current, the old one an alias (late webhooks
-- still carry it); a patient addressed by the old BSUID (no phone) is addressed by the new one from now on. A new
-- BSUID that already belongs to another patient of the doctor changes nothing (logged by the caller as not
-- applied). Returns the patient's address, or NULL when no patient has the old identifiers. Repeating it is a no-op.
CREATE OR REPLACE FUNCTION wa_patient_change_user_id(d uuid, p text, old_u text, new_u text, new_pu text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    k patients;
BEGIN
    SELECT * INTO k FROM patients
     WHERE doctor_id = d AND ((p IS NOT NULL AND p <> '' AND wa_id = p) OR user_id = old_u OR wa_id = old_u
                              OR old_u = ANY (user_id_aliases) OR user_id = new_u)
     ORDER BY (user_id = new_u) DESC NULLS LAST, created_at LIMIT 1 FOR UPDATE;
    IF k.id IS NULL THEN
        RETURN NULL;
    END IF;
    IF k.user_id IS DISTINCT FROM new_u THEN
        IF EXISTS (SELECT 1 FROM patients WHERE doctor_id = d AND (user_id = new_u OR wa_id = new_u) AND id <> k.id) THEN
            RETURN k.wa_id;
        END IF;
        UPDATE patients SET
            user_id_aliases = CASE WHEN user_id IS NULL OR user_id = ANY (user_id_aliases) THEN user_id_aliases
                                   ELSE array_append(user_id_aliases, user_id) END,
            user_id = new_u,
            wa_id = CASE WHEN wa_id = user_id OR wa_id = old_u THEN new_u ELSE wa_id END,
            parent_user_id = coalesce(new_pu, parent_user_id),
            updated_at = now()
         WHERE id = k.id
        RETURNING * INTO k;
    END IF;
    RETURN k.wa_id;
END $$;
