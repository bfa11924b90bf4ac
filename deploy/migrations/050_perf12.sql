-- 050: performance, round 7 (issue 14): room on the page for the updates of messages and patients (HOT updates),
-- and the record trigger's keyword query computing a text's normalised form once instead of twice.
--
-- Every inbound message is written twice by the router (its INSERT in the record statement, then the mark's UPDATE
-- of routed_at and status after the reply was emitted: the mark must follow the emit, README "Delivery
-- guarantees"), and every outbound message once by the sender and again by each status (sent, delivered, read).
-- None of those UPDATEs changes an indexed column, but on a table filled to 100 % the new row version finds no room
-- on its page, so PostgreSQL writes it elsewhere and inserts it into every index again: nine on messages, the body's
-- trigram GIN included (README "Performance", rounds 4 and 5: a non-HOT UPDATE, about 1,700 bytes of WAL a row). The
-- patients' upsert of every batch (last_inbound_at) is the same on patients (three GIN indexes among its seven).
--
-- Rounds 2-4 tried 70 and 85 on messages and found no gain: then only a quarter or less of the updates found room,
-- since a message is updated while its page's neighbours (same batch) are updated too. At 50 every update of a
-- message found room in bench/pg/record_cost.py's load (99.9 % HOT, WAL of the mark and of a status 1,700 -> 100
-- bytes a row), and the backend's CPU for record + mark fell to 0.74-0.82 of 100's, the statuses and the sender's
-- INSERT to 0.71-0.76 (README "Performance", round 7). patients at 70: 48 -> 87 % of the upserts HOT.
-- The price is heap space: a page of messages holds about half the rows it did when written (after its updates,
-- which before left dead versions for vacuum, about 10-40 % more pages in the measurements); indexes grow less,
-- since an update adds no index entries.
--
-- The setting applies to pages filled from now on (no rewrite, no long lock): existing rows keep their pages, and
-- new messages get the room. Nothing reads it; the rows, their values and every statement's result are unchanged.
ALTER TABLE messages SET (fillfactor = 50);
ALTER TABLE patients SET (fillfactor = 70);

-- The record's statement trigger (037's messages_inbound_rows), once per batch of the router's: its keyword query
-- computed a text's normalised form (lower, the separators' regexp, btrim) twice for every short text, since the
-- planner pulled the subquery that names it (w) up into the outer query and put the expression in each place w is
-- used: the static keywords' IN list, then the clinic's keyword (a text matching neither, i.e. nearly every one, ran
-- both). OFFSET 0 keeps the subquery as it is, so w is computed once a row: the same rows in the same order (the
-- query's result does not depend on where the expression is evaluated; ORDER BY t.id as before). Alone, over 77
-- short texts, 0.69-0.78 -> 0.39-0.51 ms a statement. The function is otherwise 037's, unchanged; the trigger stays.
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
                        AND length(n.body) <= 60 OFFSET 0) t
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
