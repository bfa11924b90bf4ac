-- 037: what recording an inbound message costs (issue 14, round 5). Every inbound message ran two AFTER INSERT
-- triggers row by row: messages_broadcasts_in (025: the patient's reply to a broadcast) and
-- messages_schools_keyword_optin (024: a keyword opt-in), each a PL/pgSQL call with its own subtransaction (an
-- exception block) and a query, 6-8 us a row each, about a quarter of the router's record statement once its lookups
-- used their indexes (README "Performance", round 5). Almost no message has anything for them to do: a reply to a
-- broadcast sent in the last 7 days, or a short text that is START or the clinic's keyword.
--
-- They become one statement-level trigger over the rows the statement inserted (a transition table): one query finds
-- the rows with work to do, and each of those runs the very UPDATE the row trigger ran, one at a time in the order
-- the rows were inserted (messages.id), in a block of its own whose error is only a warning, as before (the router's
-- recording of a message must not fail). The row triggers fired at the end of the statement too, after the rows were
-- all inserted, so the UPDATEs see what they saw. One difference, only on an error: an error in the finding query
-- itself (none is known) skips that statement's opt-ins and replies with a warning, where the row triggers skipped
-- the one row. The functions of 024 and 025 stay (broadcasts_apply_message still serves messages_broadcasts_out);
-- the two row triggers are dropped.

CREATE OR REPLACE FUNCTION messages_inbound_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r     record;
    start boolean;
BEGIN
    -- the sender's and the dashboard's statements insert outbound rows only: one look, no subtransaction
    IF NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.direction = 'in') THEN
        RETURN NULL;
    END IF;
    BEGIN
    -- 025's broadcasts_apply_message for direction 'in': the broadcast this message replies to
    FOR r IN SELECT n.id, n.patient_id, n.created_at FROM new_rows n
              WHERE n.direction = 'in' AND n.patient_id IS NOT NULL
                AND EXISTS (SELECT 1 FROM broadcast_recipients b
                             WHERE b.patient_id = n.patient_id AND b.sent_at IS NOT NULL AND b.sent_at <= n.created_at
                               AND b.sent_at > n.created_at - interval '7 days')
              ORDER BY n.id LOOP
        BEGIN
            UPDATE broadcast_recipients SET replied_at = r.created_at
             WHERE id = (SELECT id FROM broadcast_recipients
                          WHERE patient_id = r.patient_id AND sent_at IS NOT NULL AND sent_at <= r.created_at
                            AND sent_at > r.created_at - interval '7 days'
                          ORDER BY sent_at DESC LIMIT 1)
               AND replied_at IS NULL;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'broadcasts_apply_message: % (%), message %', SQLERRM, SQLSTATE, r.id;
        END;
    END LOOP;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'messages_inbound_rows (broadcast replies): % (%)', SQLERRM, SQLSTATE;
    END;

    BEGIN
    -- 024's schools_keyword_optin: a text that is, alone, START (or its usual forms) or the tenant's keyword
    FOR r IN SELECT t.*, t.w IN ('start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume', 'chalu', 'chalu karo',
                                 'shuru', 'shuru karo', 'शुरू', 'शुरू करो', 'शुरू करें', 'चालू', 'चालू करो',
                                 'सुरू करा', 'चालू करा') AS start
               FROM (SELECT n.id, n.doctor_id, n.patient_id, n.wa_id, n.wamid, n.body, n.created_at,
                            btrim(regexp_replace(lower(n.body), '[[:space:].,!?;:''"*_~-]+', ' ', 'g')) AS w
                       FROM new_rows n
                      WHERE n.direction = 'in' AND n.type = 'text' AND n.body IS NOT NULL
                        AND length(n.body) <= 60) t
              WHERE t.w IN ('start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume', 'chalu', 'chalu karo',
                            'shuru', 'shuru karo', 'शुरू', 'शुरू करो', 'शुरू करें', 'चालू', 'चालू करो', 'सुरू करा',
                            'चालू करा')
                 OR t.w = (SELECT lower(s.optin_keyword) FROM clinic_settings s WHERE s.doctor_id = t.doctor_id)
              ORDER BY t.id LOOP
        BEGIN
            start := r.start;
            UPDATE patients SET opted_in = true, opted_in_at = r.created_at, opt_in_source = 'keyword',
                   opt_in_basis = left(btrim(r.body), 500), opt_in_by = r.wamid,
                   opted_out = CASE WHEN start THEN opted_out ELSE false END,
                   optout_wamid = CASE WHEN start OR NOT opted_out THEN optout_wamid ELSE r.wamid END,
                   updated_at = now()
             WHERE doctor_id = r.doctor_id AND (id = r.patient_id OR (r.patient_id IS NULL AND wa_id = r.wa_id));
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'schools_keyword_optin: % (%), message %', SQLERRM, SQLSTATE, r.wamid;
        END;
    END LOOP;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'messages_inbound_rows (keyword opt-ins): % (%)', SQLERRM, SQLSTATE;
    END;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS messages_broadcasts_in ON messages;
DROP TRIGGER IF EXISTS messages_schools_keyword_optin ON messages;
DROP TRIGGER IF EXISTS messages_inbound_rows ON messages;
CREATE TRIGGER messages_inbound_rows AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION messages_inbound_rows();
