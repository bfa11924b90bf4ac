-- Tried in round 21 (issue 14), NOT kept: 050's messages_inbound_rows with a cheaper keyword test (the same rows).
--
-- The record's statement trigger lowers and normalises (regexp_replace over the separators) every inbound text of 60
-- characters or less and reads the clinic's keyword once a row (a scalar subquery on clinic_settings). Here the
-- keywords are read once a doctor of the batch (a MATERIALIZED CTE, left-joined), and the normalisation runs only for
-- a text whose lowered form contains the first word of a keyword ('start', 'unstop', 'subscribe', 'opt', 'resume',
-- 'chalu', 'shuru', 'शुरू', 'चालू', 'सुरू', or the clinic keyword's part before its first space): exact, since the
-- normalised form keeps every non-separator character and only turns runs of separators into one space, so a word of
-- it stands contiguous in the lowered text. Identical: the loop's query, old and new, over 18,540 texts (every
-- kb_eval file's phrases and 1,380 keyword variants with tabs, no-break/ideographic spaces, punctuation, capitals;
-- 10 clinics with keywords NULL, 'Join', 'yoga class', 'a-b', 'START', ...): the same 316 rows in the same order.
-- Cost (docs/performance.md, round 21): over a real table the query fell 0.42x, but as the trigger runs it (the
-- transition table, estimated at one row) a first version without MATERIALIZED re-ran the keyword subquery for every
-- row pair (0.22 -> 0.61 ms a batch of 77; router_statements.py: the nested query 625-1,929 -> 1,333-1,821 us a batch,
-- load 6.7-7.4); this version 0.182 -> 0.142 ms a batch (0.78): 0.5 us a reply of the router backend's ~110, not
-- worth an exactness argument in a trigger that guards opt-ins. Apply it after the migrations to compare.
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
    FOR r IN WITH k AS MATERIALIZED (
                 SELECT d.doctor_id, (SELECT lower(s.optin_keyword) FROM clinic_settings s
                                       WHERE s.doctor_id = d.doctor_id) AS kw
                   FROM (SELECT DISTINCT m.doctor_id FROM new_rows m
                          WHERE m.direction = 'in' AND m.type = 'text' AND m.body IS NOT NULL
                            AND length(m.body) <= 60) d)
             SELECT t.id, t.doctor_id, t.patient_id, t.wa_id, t.wamid, t.body, t.created_at, t.w,
                    t.w IN ('start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume', 'chalu', 'chalu karo',
                            'shuru', 'shuru karo', 'शुरू', 'शुरू करो', 'शुरू करें', 'चालू', 'चालू करो',
                            'सुरू करा', 'चालू करा') AS start
               FROM (SELECT c.*, btrim(regexp_replace(c.lb, '[[:space:].,!?;:''"*_~-]+', ' ', 'g')) AS w
                       FROM (SELECT n.id, n.doctor_id, n.patient_id, n.wa_id, n.wamid, n.body, n.created_at,
                                    lower(n.body) AS lb, k.kw
                               FROM new_rows n
                               LEFT JOIN k ON k.doctor_id = n.doctor_id
                              WHERE n.direction = 'in' AND n.type = 'text' AND n.body IS NOT NULL
                                AND length(n.body) <= 60 OFFSET 0) c
                      WHERE strpos(c.lb, 'start') > 0 OR strpos(c.lb, 'unstop') > 0 OR strpos(c.lb, 'subscribe') > 0
                         OR strpos(c.lb, 'opt') > 0 OR strpos(c.lb, 'resume') > 0 OR strpos(c.lb, 'chalu') > 0
                         OR strpos(c.lb, 'shuru') > 0 OR strpos(c.lb, 'शुरू') > 0 OR strpos(c.lb, 'चालू') > 0
                         OR strpos(c.lb, 'सुरू') > 0 OR strpos(c.lb, split_part(c.kw, ' ', 1)) > 0
                     OFFSET 0) t
              WHERE t.w IN ('start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume', 'chalu', 'chalu karo',
                            'shuru', 'shuru karo', 'शुरू', 'शुरू करो', 'शुरू करें', 'चालू', 'चालू करो', 'सुरू करा',
                            'चालू करा')
                 OR t.w = t.kw
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
