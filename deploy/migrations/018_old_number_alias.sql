-- 018: a late webhook carrying a patient's old phone number does not move the patient back (issue 15).
--
-- 016_meta2026.sql moves a patient to its new number on a system user_changed_number and keeps the old one in
-- previous_wa_ids; but wa_patient_resolve (015_bsuid.sql) made any phone a webhook shows the patient's address. So
-- a redelivery of the system message, or any late webhook still carrying the old number with the person's BSUID
-- (A.9.6, A.9.7 rule 3: late webhooks still carry the old values), moved the patient back to the old number, and
-- the next message from the new number created a second patient (and its Redis state, which the router moves with
-- the address, went back too). Now a phone that is one of the found patient's previous numbers is an alias, like an
-- old BSUID: it is neither made the address nor returned. Otherwise wa_patient_resolve is unchanged.

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
    -- a number the patient had before a number change (016's previous_wa_ids): an alias, not the address
    IF a.id IS NULL AND p IS NOT NULL AND k.wa_id <> p AND p = ANY (k.previous_wa_ids) THEN
        p := NULL;
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
