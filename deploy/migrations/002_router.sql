-- 002: what the router records beyond issue 2: patient opt-out / reachability / window flags, edits and revokes of
-- inbound messages, other webhook fields for operators, and the knowledge base's example questions with the
-- matching function (PostgreSQL text search + pg_trgm) that the router and the evaluation set both call.

-- Patients: opt-out (STOP/START), unreachable (failed 131026), window closed (failed 131047). An inbound message
-- clears unreachable and reopens the window (last_inbound_at moves past window_closed_at).
ALTER TABLE patients
    ADD COLUMN opted_out        boolean NOT NULL DEFAULT false,
    ADD COLUMN opted_out_at     timestamptz,
    ADD COLUMN optout_wamid     text,         -- the STOP/START message that last changed opted_out
    ADD COLUMN unreachable      boolean NOT NULL DEFAULT false,
    ADD COLUMN unreachable_at   timestamptz,
    ADD COLUMN window_closed_at timestamptz;

-- Inbound messages: the quoted message, and the patient's later edit or revoke of it.
ALTER TABLE messages
    ADD COLUMN context_id    text,
    ADD COLUMN edited_at     timestamptz,
    ADD COLUMN original_body text,          -- the body before the first edit
    ADD COLUMN revoked_at    timestamptz;

-- Webhook fields other than "messages" (message_template_status_update, phone_number_quality_update,
-- account_update ...), recorded for operators. doctor_id is NULL when no doctor has that WABA.
CREATE TABLE webhook_events (
    id          bigserial PRIMARY KEY,
    doctor_id   uuid REFERENCES doctors (id) ON DELETE CASCADE,
    waba_id     text,
    field       text NOT NULL,
    value       jsonb,
    source_id   text UNIQUE,                -- "<wa:in entry id>:<change index>": a redelivery records it once
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_doctor_idx ON webhook_events (doctor_id, created_at);
CREATE INDEX doctors_waba_idx ON doctors (whatsapp_business_account_id);

-- Knowledge base: more example questions per entry (question stays the first one).
ALTER TABLE kb_entries ADD COLUMN examples text[] NOT NULL DEFAULT '{}';

-- Words that carry no meaning for matching: English, romanised Hindi, Hindi and Marathi (Devanagari).
CREATE TABLE kb_stopwords (word text PRIMARY KEY);
INSERT INTO kb_stopwords (word) SELECT unnest(string_to_array(
    'a an the is are am was were be been do does did what whats when where which who whom why how can could ' ||
    'would should will shall may might i me my we our you your yours u ur it its this that these those to of ' ||
    'in on at for from by with and or about please pls plz kindly tell know want need sir madam mam maam ' ||
    'doctor doc dr hi hello hey there any some there s have has had get got let us ok okay thanks thank ' ||
    'kya hai hain ka ki ke ko se me mein main mujhe aap aapka aapki aapke apka apki apke tum hum ho hota ' ||
    'hoti hote bhi ye yeh wo woh kaise kahan kab koi kuch batao bataiye bataye bataiye ji jee haan na to ' ||
    'क्या है हैं का की के को से में मैं मुझे आप आपका आपकी आपके तुम हम हो होता होती होते भी ये यह वो वह ' ||
    'कैसे कहाँ कहां कब कोई कुछ बताओ बताइए बताएं बताये जी डॉक्टर साहब आहे आहेत काय तुमचे तुमची तुमचा मला ' ||
    'कधी कुठे कसे सांगा', ' ')) ON CONFLICT DO NOTHING;

-- The words of a text that matter: lowercased, punctuation and emoji removed, stop words dropped, a trailing
-- English plural "s"/"es" removed (fees/fee, timings/timing), in their original order.
CREATE FUNCTION kb_words(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(w, ' ' ORDER BY n), '')
    FROM (SELECT CASE WHEN w ~ '^[a-z]{4,}ies$' THEN left(w, -3) || 'y'
                      WHEN w ~ '^[a-z]{3,}[^s]s$' THEN left(w, -1)
                      ELSE w END AS w, n
          FROM regexp_split_to_table(
                   regexp_replace(lower(coalesce(t, '')), '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' ')
               WITH ORDINALITY AS s(w, n)
          WHERE w <> '' AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w)) x
$$;

-- Each example question of each entry (question and examples[]) in matching form, with the entry's keywords, kept
-- current by a trigger so that a lookup normalises only the patient's text.
CREATE TABLE kb_examples (
    entry_id  bigint NOT NULL REFERENCES kb_entries (id) ON DELETE CASCADE,
    doctor_id uuid NOT NULL,
    words     text NOT NULL,     -- kb_words(example)
    tsv       tsvector NOT NULL, -- to_tsvector('english', words): stems, so plurals and verb forms meet
    kw        text[] NOT NULL    -- kb_words() of each keyword of 3+ letters
);
CREATE INDEX kb_examples_doctor_idx ON kb_examples (doctor_id);
CREATE INDEX kb_examples_words_trgm ON kb_examples USING gin (words gin_trgm_ops);

CREATE FUNCTION kb_examples_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM kb_examples WHERE entry_id = NEW.id;
    INSERT INTO kb_examples (entry_id, doctor_id, words, tsv, kw)
    SELECT NEW.id, NEW.doctor_id, w, to_tsvector('english', w),
           coalesce((SELECT array_agg(kb_words(k)) FROM regexp_split_to_table(lower(coalesce(NEW.keywords, '')),
                     '[\s,;]+') k WHERE length(k) >= 3 AND kb_words(k) <> ''), '{}')
    FROM (SELECT DISTINCT kb_words(e) AS w FROM unnest(array_prepend(NEW.question, NEW.examples)) e) x
    WHERE w <> '';
    RETURN NULL;
END
$$;
CREATE TRIGGER kb_entries_examples AFTER INSERT OR UPDATE OF question, examples, keywords, doctor_id ON kb_entries
    FOR EACH ROW EXECUTE FUNCTION kb_examples_refresh();
UPDATE kb_entries SET question = question; -- entries that exist already

-- The knowledge-base candidates of one doctor for a patient's text, best first: each enabled entry scored by its
-- best example question (question and examples) and its keywords. The score (0..1) is
--   0.55 * trigram similarity of the meaningful words (order-insensitive, tolerant of typos)
-- + 0.25 * the share of the text's meaningful words found in the example (text search, English stemming)
-- + 0.20 * the best keyword's word similarity,
-- so that a long question about something else sharing one word with an entry stays low. Callers decide with a
-- threshold and a margin over the runner-up (the router: ROUTER_KB_THRESHOLD, ROUTER_KB_MARGIN).
CREATE FUNCTION kb_match(p_doctor uuid, p_text text, p_limit int DEFAULT 4)
RETURNS TABLE (id bigint, question text, answer text, score double precision)
LANGUAGE sql STABLE AS $$
    WITH q AS MATERIALIZED (
        SELECT w, greatest(array_length(regexp_split_to_array(w, ' '), 1), 1) AS nw,
               coalesce((SELECT array_agg(quote_literal(l)::tsquery)
                         FROM unnest(tsvector_to_array(to_tsvector('english', w))) l), '{}') AS lx
        FROM (SELECT kb_words(left(p_text, 1000)) AS w) s),
    sc AS (SELECT x.entry_id,
                  0.55 * greatest(similarity(x.words, q.w), 0.9 * word_similarity(x.words, q.w))
                + 0.25 * (SELECT count(*) FROM unnest(q.lx) t WHERE x.tsv @@ t)::float8 / q.nw
                + 0.20 * coalesce((SELECT max(word_similarity(kw, q.w)) FROM unnest(x.kw) kw), 0) AS score
           FROM kb_examples x, q WHERE x.doctor_id = p_doctor AND q.w <> '')
    SELECT k.id, k.question, k.answer, max(sc.score)::float8 AS score
    FROM sc JOIN kb_entries k ON k.id = sc.entry_id AND k.enabled AND k.doctor_id = p_doctor
    GROUP BY k.id ORDER BY 4 DESC, k.id LIMIT p_limit
$$;
