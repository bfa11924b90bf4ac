-- 008: understanding patients (issue 19). The knowledge-base matcher becomes a concept matcher, and the same machinery
-- recognises what a patient asks the clinic conversations for (intents).
--
-- A text becomes a set of concept tokens (kb_analyse):
--   1. lowercased, punctuation and emoji removed, Devanagari spelling variants folded (nukta, chandrabindu, ZWJ);
--   2. each unknown word of 4+ letters corrected to the nearest known word (the doctor's own entries, the lexicon,
--      the stop words, the intent examples) by Levenshtein distance (1 up to 5 letters, 2 from 6), same first letter;
--   3. synonyms and abbreviations (kb_synonyms: global rows and per-doctor rows, which win) map what patients write
--      -- "rct", "root canal", "dant", "दांत", "फीस", "charges" -- onto one canonical word; multi-word terms first;
--   4. stop words dropped; English plurals folded (fees/fee, timings/timing).
-- An entry is scored against the question's tokens (kb_match):
--   coverage = weight of the question's tokens the entry knows (any of its examples or keywords) / weight of all,
--   fit      = the best example's weighted Dice overlap with the question,
--   score    = 0.6 * coverage + 0.4 * fit.
-- A token's weight is kb_weights' (generic words such as "clinic" count little; 1 by default) divided by how many of
-- the doctor's entries use it. So a question whose important words an entry does not cover ("is a root canal
-- painful", "timings on Diwali") keeps a low coverage: a near miss goes to ai instead of getting a wrong answer.

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Synonyms and abbreviations patients use, as data: doctor_id NULL applies to every clinic, a doctor's own row (same
-- term) overrides it. term: one or more words as a patient writes them (lowercase, no punctuation); canonical: the
-- word(s) it stands for in matching ('' = a word that carries no meaning). lang and specialty document the row.
CREATE TABLE kb_synonyms (
    id        bigserial PRIMARY KEY,
    doctor_id uuid REFERENCES doctors (id) ON DELETE CASCADE,
    term      text NOT NULL CHECK (term <> '' AND term = lower(term)),
    canonical text NOT NULL,
    lang      text,
    specialty text
);
CREATE UNIQUE INDEX kb_synonyms_term_idx ON kb_synonyms (coalesce(doctor_id, '00000000-0000-0000-0000-000000000000'),
                                                         term);

-- Canonical words that say little about which entry is meant (weight < 1) or much (> 1).
CREATE TABLE kb_weights (
    word   text PRIMARY KEY,
    weight double precision NOT NULL CHECK (weight > 0)
);

-- The conversations a patient can ask for, by example sentences (global rows, or a doctor's own). intent is one of
-- greeting, book, my_appointment, cancel, reschedule, queue_join, queue_status, talk_to_staff, refer, stop, start.
CREATE TABLE kb_intents (
    id        bigserial PRIMARY KEY,
    doctor_id uuid REFERENCES doctors (id) ON DELETE CASCADE,
    intent    text NOT NULL,
    lang      text,
    example   text NOT NULL,
    toks      text[] NOT NULL DEFAULT '{}', -- kb_tokens(doctor_id, example), kept by a trigger
    raw       text[] NOT NULL DEFAULT '{}'  -- kb_raw_words(example): known words for typo correction
);
CREATE INDEX kb_intents_doctor_idx ON kb_intents (doctor_id);

-- The example rows of kb_entries get their concept tokens, their raw words, and the entry's keyword tokens.
ALTER TABLE kb_examples
    ADD COLUMN toks  text[] NOT NULL DEFAULT '{}',
    ADD COLUMN raw   text[] NOT NULL DEFAULT '{}',
    ADD COLUMN ktoks text[] NOT NULL DEFAULT '{}';

-- The words of a text as written (lowercase, punctuation removed, Devanagari variants folded), in order.
CREATE FUNCTION kb_raw_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(w ORDER BY n), '{}')
    FROM regexp_split_to_table(
             regexp_replace(translate(lower(left(coalesce(t, ''), 1000)), U&'\0901\093C\200C\200D', U&'\0902'),
                            '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' ') WITH ORDINALITY AS s(w, n)
    WHERE w <> ''
$$;

-- English plural folded: fees/fee, timings/timing, surgeries/surgery (not "glass", not "is").
CREATE FUNCTION kb_fold(w text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN w ~ '^[a-z]{4,}ies$' THEN left(w, -3) || 'y'
                WHEN w ~ '^[a-z]{2,}[^su]s$' THEN left(w, -1)
                ELSE w END
$$;

-- Every word a doctor's texts may legitimately contain: the doctor's example words, the synonym terms (global and
-- the doctor's), the stop words and the intent examples. Typos are corrected towards these.
CREATE FUNCTION kb_known_words(p_doctor uuid) RETURNS TABLE (word text, own boolean) LANGUAGE sql STABLE AS $$
    SELECT DISTINCT unnest(raw), true FROM kb_examples WHERE doctor_id = p_doctor
    UNION
    SELECT DISTINCT regexp_split_to_table(term, ' '), doctor_id IS NOT NULL FROM kb_synonyms
     WHERE doctor_id IS NULL OR doctor_id = p_doctor
    UNION
    SELECT word, false FROM kb_stopwords
    UNION
    SELECT DISTINCT unnest(raw), doctor_id IS NOT NULL FROM kb_intents WHERE doctor_id IS NULL OR doctor_id = p_doctor
$$;

-- The analysis of a text for one doctor (NULL: global rows only): {"tokens": [...], "corrected": {"wrod": "word"},
-- "synonyms": {"term": "canonical"}, "dropped": [...]}. p_correct: correct typos (patients' texts; not the
-- entries' own examples).
CREATE FUNCTION kb_analyse(p_doctor uuid, p_text text, p_correct boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    words text[] := kb_raw_words(p_text);
    corrected jsonb := '{}';
    synonyms jsonb := '{}';
    dropped text[] := '{}';
    toks text[] := '{}';
    known text[];
    w text;
    best text;
    s text;
    r record;
    c text;
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN jsonb_build_object('tokens', '[]'::jsonb, 'corrected', corrected, 'synonyms', synonyms,
                                  'dropped', '[]'::jsonb);
    END IF;
    IF p_correct THEN
        SELECT array_agg(word) INTO known FROM kb_known_words(p_doctor);
        FOR i IN 1 .. cardinality(words) LOOP
            w := words[i];
            CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known);
            SELECT k.word INTO best
            FROM (SELECT word, own FROM kb_known_words(p_doctor)) k
            WHERE left(k.word, 1) = left(w, 1) AND abs(char_length(k.word) - char_length(w)) <= 2
              AND char_length(k.word) >= 3
              AND levenshtein_less_equal(k.word, w, 2) <= CASE WHEN char_length(w) <= 5 THEN 1 ELSE 2 END
            ORDER BY levenshtein_less_equal(k.word, w, 2), NOT k.own, abs(char_length(k.word) - char_length(w)), k.word
            LIMIT 1;
            IF best IS NOT NULL THEN
                corrected := corrected || jsonb_build_object(w, best);
                words[i] := best;
            END IF;
        END LOOP;
    END IF;
    s := ' ' || array_to_string(words, ' ') || ' ';
    -- multi-word terms, the doctor's before the global ones, longest first
    FOR r IN SELECT x.term, x.canonical FROM (
                 SELECT DISTINCT ON (y.term) y.term, y.canonical
                 FROM kb_synonyms y
                 WHERE y.term LIKE '% %' AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
                   AND strpos(s, ' ' || y.term || ' ') > 0
                 ORDER BY y.term, y.doctor_id IS NULL) x
             ORDER BY char_length(x.term) DESC, x.term LOOP
        IF strpos(s, ' ' || r.term || ' ') > 0 THEN
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' ');
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' '); -- overlapping neighbours
            synonyms := synonyms || jsonb_build_object(r.term, r.canonical);
        END IF;
    END LOOP;
    FOREACH w IN ARRAY kb_raw_words(s) LOOP
        IF EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w) THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        SELECT y.canonical INTO c FROM kb_synonyms y
        WHERE y.term IN (w, kb_fold(w)) AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
        ORDER BY y.doctor_id IS NULL, y.term = w DESC LIMIT 1;
        IF FOUND THEN
            synonyms := synonyms || jsonb_build_object(w, c);
            IF c = '' THEN
                dropped := dropped || w;
            END IF;
            FOREACH best IN ARRAY kb_raw_words(c) LOOP
                IF NOT kb_fold(best) = ANY (toks) THEN
                    toks := toks || kb_fold(best);
                END IF;
            END LOOP;
        ELSIF NOT kb_fold(w) = ANY (toks) THEN
            toks := toks || kb_fold(w);
        END IF;
    END LOOP;
    RETURN jsonb_build_object('tokens', to_jsonb(toks), 'corrected', corrected, 'synonyms', synonyms,
                              'dropped', to_jsonb(dropped));
END
$$;

CREATE FUNCTION kb_tokens(p_doctor uuid, p_text text, p_correct boolean DEFAULT false) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(t), '{}') FROM jsonb_array_elements_text(kb_analyse(p_doctor, p_text, p_correct) -> 'tokens') t
$$;

-- kb_examples rows: as in 002 (one per distinct meaningful example), plus their tokens, raw words and keyword tokens.
CREATE OR REPLACE FUNCTION kb_examples_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kt text[] := kb_tokens(NEW.doctor_id, replace(coalesce(NEW.keywords, ''), ',', ' '));
BEGIN
    DELETE FROM kb_examples WHERE entry_id = NEW.id;
    INSERT INTO kb_examples (entry_id, doctor_id, words, tsv, kw, toks, raw, ktoks)
    SELECT NEW.id, NEW.doctor_id, w, to_tsvector('english', w),
           coalesce((SELECT array_agg(kb_words(k)) FROM regexp_split_to_table(lower(coalesce(NEW.keywords, '')),
                     '[\s,;]+') k WHERE length(k) >= 3 AND kb_words(k) <> ''), '{}'),
           kb_tokens(NEW.doctor_id, e), kb_raw_words(e) || kb_raw_words(NEW.keywords), kt
    FROM (SELECT DISTINCT ON (kb_words(e)) kb_words(e) AS w, e
          FROM unnest(array_prepend(NEW.question, NEW.examples)) e ORDER BY kb_words(e), e) x
    WHERE w <> '';
    RETURN NULL;
END
$$;

CREATE FUNCTION kb_intents_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.toks := kb_tokens(NEW.doctor_id, NEW.example);
    NEW.raw := kb_raw_words(NEW.example);
    RETURN NEW;
END
$$;
CREATE TRIGGER kb_intents_tokens BEFORE INSERT OR UPDATE OF example, doctor_id ON kb_intents
    FOR EACH ROW EXECUTE FUNCTION kb_intents_refresh();

-- The weight of each of a doctor's tokens: kb_weights' (1 by default) divided by 1 + 0.5 ln(entries using it).
-- p_intents: the same over the intents (how many intents use it).
CREATE FUNCTION kb_token_weights(p_doctor uuid, p_toks text[], p_intents boolean DEFAULT false)
RETURNS TABLE (t text, w double precision) LANGUAGE sql STABLE AS $$
    WITH df AS (
        SELECT u.t, count(DISTINCT x.entry_id) AS n
        FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t)
        WHERE NOT p_intents AND x.doctor_id = p_doctor GROUP BY u.t
        UNION ALL
        SELECT u.t, count(DISTINCT i.intent)
        FROM kb_intents i, unnest(i.toks) u(t)
        WHERE p_intents AND (i.doctor_id IS NULL OR i.doctor_id = p_doctor) GROUP BY u.t)
    SELECT a.t, coalesce(kw.weight, CASE WHEN a.t ~ '^[0-9]' THEN 0.5 ELSE 1 END)
                / (1 + 0.5 * ln(greatest(coalesce(df.n, 1), 1)))
    FROM (SELECT DISTINCT unnest(p_toks) AS t) a
    LEFT JOIN df ON df.t = a.t LEFT JOIN kb_weights kw ON kw.word = a.t
$$;

-- The candidates of one doctor for already analysed tokens, best first, with the parts of their score.
CREATE FUNCTION kb_match_tokens(p_doctor uuid, p_toks text[], p_limit int DEFAULT 4)
RETURNS TABLE (id bigint, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    WITH ex AS MATERIALIZED (
        SELECT x.entry_id, x.toks, x.ktoks FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled
        WHERE x.doctor_id = p_doctor AND k.doctor_id = p_doctor AND cardinality(p_toks) > 0),
    wt AS MATERIALIZED (
        SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                            FROM ex, unnest(ex.toks) u))),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.entry_id, array_agg(DISTINCT u) AS known
            FROM ex, unnest(ex.toks || ex.ktoks) u GROUP BY ex.entry_id),
    cov AS (SELECT ent.entry_id,
                   coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ent.known)), 0) / qw.total AS c,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, qw),
    fit AS (SELECT ex.entry_id,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.entry_id)
    SELECT cov.entry_id, 0.6 * cov.c + 0.4 * fit.f, cov.c, fit.f, cov.missing
    FROM cov JOIN fit USING (entry_id)
    ORDER BY 2 DESC, 1 LIMIT p_limit
$$;

-- The router's call, unchanged in shape (services/router/kb.c): the text is analysed once.
CREATE OR REPLACE FUNCTION kb_match(p_doctor uuid, p_text text, p_limit int DEFAULT 4)
RETURNS TABLE (id bigint, question text, answer text, score double precision)
LANGUAGE sql STABLE AS $$
    SELECT k.id, k.question, k.answer, m.score
    FROM (SELECT kb_tokens(p_doctor, p_text, true) AS toks OFFSET 0) q, -- once per text
         LATERAL kb_match_tokens(p_doctor, q.toks, p_limit) m
    JOIN kb_entries k ON k.id = m.id AND k.doctor_id = p_doctor
    ORDER BY m.score DESC, k.id
$$;

-- The intents for a text, best first (the same tokens and scoring, over kb_intents' examples).
CREATE FUNCTION kb_intent_tokens(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0),
    wt AS MATERIALIZED (SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                                           FROM ex, unnest(ex.toks) u), true)),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent,
                   coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ent.known)), 0) / qw.total AS c,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, qw),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    SELECT cov.intent, 0.6 * cov.c + 0.4 * fit.f, cov.c, fit.f, cov.missing
    FROM cov JOIN fit USING (intent)
    ORDER BY 2 DESC, 1 LIMIT p_limit
$$;

CREATE FUNCTION kb_intent(p_doctor uuid, p_text text, p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision)
LANGUAGE sql STABLE AS $$
    SELECT m.intent, m.score
    FROM (SELECT kb_tokens(p_doctor, p_text, true) AS toks OFFSET 0) q, LATERAL kb_intent_tokens(p_doctor, q.toks, p_limit) m
$$;

-- The router's decision on intents (services/router/flow.c) and the evaluation's: the best intent when it scores
-- at least 0.75 and beats the runner-up by 0.1, else NULL (the text goes on to the knowledge base).
CREATE FUNCTION kb_intent_choose(p_doctor uuid, p_text text) RETURNS text LANGUAGE sql STABLE AS $$
    WITH c AS MATERIALIZED (SELECT i.intent, i.score, row_number() OVER (ORDER BY i.score DESC, i.intent) AS n
                            FROM kb_intent(p_doctor, p_text, 2) i)
    SELECT CASE WHEN a.score >= 0.75 AND a.score - coalesce(b.score, 0) >= 0.1 THEN a.intent END
    FROM c a LEFT JOIN c b ON b.n = 2 WHERE a.n = 1
$$;
