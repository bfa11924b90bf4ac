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
    word          text PRIMARY KEY,
    weight        double precision NOT NULL CHECK (weight > 0),
    intent_weight double precision CHECK (intent_weight > 0) -- for intents (NULL: the intents' own rule)
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
             regexp_replace(translate(lower(coalesce(t, '')),
                                      U&'\0901\093C\200C\200D\0958\0959\095A\095B\095C\095D\095E\095F',
                                      U&'\0902\0915\0916\0917\091C\0921\0922\092B\092F'),
                            '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' ') WITH ORDINALITY AS s(w, n)
    WHERE w <> ''
$$;

-- English plural folded: fees/fee, timings/timing, surgeries/surgery (not "glass", not "is").
CREATE FUNCTION kb_fold(w text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN w ~ '^[a-z]{4,}ies$' THEN left(w, -3) || 'y'
                WHEN w ~ '^[a-z]{2,}[^su]s$' THEN left(w, -1)
                ELSE w END
$$;

-- The words of the lexicon, the stop words and the intent examples (global: doctor_id NULL, or a doctor's own
-- synonyms and intents), kept by kb_vocab_refresh() for typo correction: with the doctor's own example words, every
-- word a patient's text may legitimately contain. Typos are corrected towards these (never towards a stop word).
CREATE TABLE kb_vocab (
    doctor_id uuid,
    word      text NOT NULL,
    stop      boolean NOT NULL
);
CREATE INDEX kb_vocab_word_idx ON kb_vocab (word);
CREATE INDEX kb_vocab_near_idx ON kb_vocab (left(word, 1), char_length(word));

-- The canonical words of kb_synonyms (the lexicon's concepts), kept by kb_vocab_refresh().
CREATE TABLE kb_concepts (word text PRIMARY KEY);

CREATE FUNCTION kb_vocab_refresh() RETURNS void LANGUAGE sql AS $$
    DELETE FROM kb_concepts;
    INSERT INTO kb_concepts (word)
    SELECT DISTINCT kb_fold(w) FROM kb_synonyms, regexp_split_to_table(canonical, ' ') w WHERE w <> '';
    DELETE FROM kb_vocab;
    INSERT INTO kb_vocab (doctor_id, word, stop)
    SELECT DISTINCT doctor_id, word, false FROM (
        SELECT doctor_id, regexp_split_to_table(term, ' ') AS word FROM kb_synonyms
        UNION ALL
        SELECT doctor_id, unnest(raw) FROM kb_intents) x
    WHERE word <> '' AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = x.word)
    UNION ALL
    SELECT NULL, word, true FROM kb_stopwords;
$$;

-- The analysis of a text for one doctor (NULL: global rows only): {"tokens": [...], "corrected": {"wrod": "word"},
-- "synonyms": {"term": "canonical"}, "dropped": [...]}. p_correct: correct typos (patients' texts; not the
-- entries' own examples).
CREATE FUNCTION kb_analyse(p_doctor uuid, p_text text, p_correct boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    words text[] := kb_raw_words(left(p_text, 1000));
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
    is_syn boolean;
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN jsonb_build_object('tokens', '[]'::jsonb, 'corrected', corrected, 'synonyms', synonyms,
                                  'dropped', '[]'::jsonb);
    END IF;
    IF p_correct THEN
        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
        FOR i IN 1 .. cardinality(words) LOOP
            w := words[i];
            CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                             AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor));
            SELECT k.word INTO best
            FROM (SELECT o AS word, true AS own FROM unnest(known) o
                  UNION ALL
                  SELECT v.word, v.doctor_id IS NOT NULL FROM kb_vocab v
                  WHERE NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor) AND left(v.word, 1) = left(w, 1)
                    AND char_length(v.word) BETWEEN char_length(w) - 2 AND char_length(w) + 2) k
            WHERE NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = k.word) -- a typo never vanishes
              AND left(k.word, 1) = left(w, 1) AND abs(char_length(k.word) - char_length(w)) <= 2
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
        -- a synonym first (greetings are stop words for answers but a word of their own for intents)
        SELECT y.canonical INTO c FROM kb_synonyms y
        WHERE y.term IN (w, kb_fold(w)) AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
        ORDER BY y.doctor_id IS NULL, y.term = w DESC LIMIT 1;
        is_syn := FOUND;
        IF NOT is_syn AND EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w) THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        IF is_syn THEN
            IF c <> w THEN
                synonyms := synonyms || jsonb_build_object(w, c);
            END IF;
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

-- The weight of each token for one doctor: base = kb_weights' weight, else 1 for a concept of the lexicon (a
-- canonical word of kb_synonyms), 0.8 for a word the doctor's entries use, 0.6 for any other word; for intents 1
-- for a word of the intents or of the doctor's entries ("fee": the text asks something else) and 0.3 for any
-- other ("my wife", "my son" say little about what is asked); w = base / (1 + 0.5 ln(how many entries, or
-- intents, use it)).
CREATE FUNCTION kb_token_weights(p_doctor uuid, p_toks text[], p_intents boolean DEFAULT false)
RETURNS TABLE (t text, base double precision, w double precision) LANGUAGE sql STABLE AS $$
    WITH df AS (
        SELECT u.t, count(DISTINCT x.entry_id) AS n
        FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t)
        WHERE NOT p_intents AND x.doctor_id = p_doctor GROUP BY u.t
        UNION ALL
        SELECT u.t, count(DISTINCT i.intent)
        FROM kb_intents i, unnest(i.toks) u(t)
        WHERE p_intents AND (i.doctor_id IS NULL OR i.doctor_id = p_doctor) GROUP BY u.t),
    b AS (
        SELECT a.t, df.n,
               coalesce(CASE WHEN p_intents THEN kw.intent_weight ELSE kw.weight END,
                        CASE WHEN a.t ~ '^[0-9]' THEN 0.3
                             WHEN p_intents AND df.n IS NOT NULL THEN 1
                             WHEN p_intents AND EXISTS (SELECT 1 FROM kb_examples x
                                                        WHERE x.doctor_id = p_doctor AND a.t = ANY (x.toks || x.ktoks))
                                 THEN 1
                             WHEN p_intents THEN 0.3
                             WHEN EXISTS (SELECT 1 FROM kb_concepts y WHERE y.word = a.t) THEN 1
                             WHEN df.n IS NOT NULL THEN 0.8
                             ELSE 0.6 END) AS base
        FROM (SELECT DISTINCT unnest(p_toks) AS t) a
        LEFT JOIN df ON df.t = a.t LEFT JOIN kb_weights kw ON kw.word = a.t)
    SELECT b.t, b.base, b.base / (1 + 0.5 * ln(greatest(coalesce(b.n, 1), 1))) FROM b
$$;

-- The candidates of one doctor for already analysed tokens, best first, with the parts of their score:
-- coverage = w of the question's tokens the entry knows / (that + base of the ones it does not know: a word the
-- entry misses counts fully however common it is in the clinic), fit = the best example's weighted Dice overlap or
-- the keywords'; an entry that lacks an important word of the question loses a fifth of its score.
CREATE FUNCTION kb_match_tokens(p_doctor uuid, p_toks text[], p_limit int DEFAULT 4)
RETURNS TABLE (id bigint, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    WITH allx AS MATERIALIZED (
        SELECT x.entry_id, x.toks, x.ktoks FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled
        WHERE x.doctor_id = p_doctor AND k.doctor_id = p_doctor AND cardinality(p_toks) > 0),
    -- only the entries that share a word with the question can score
    ex AS MATERIALIZED (
        SELECT * FROM allx WHERE allx.entry_id IN (SELECT entry_id FROM allx WHERE (toks || ktoks) && p_toks)),
    n AS (SELECT count(DISTINCT entry_id)::float8 AS entries FROM allx),
    wt AS MATERIALIZED (
        SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                            FROM ex, unnest(ex.toks || ex.ktoks) u))),
    -- a word of the question is important when it means something (base >= 0.8) and is not common to more than
    -- of a fifth of the clinic's entries ("child" at a children's clinic is not)
    imp AS (SELECT wt.t FROM wt, n WHERE wt.t = ANY (p_toks) AND wt.base >= 0.8
              AND (SELECT count(DISTINCT allx.entry_id) FROM allx WHERE wt.t = ANY (allx.toks || allx.ktoks))
                  < 0.2 * n.entries),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.entry_id, array_agg(DISTINCT u) AS known, min(ex.ktoks) AS ktoks
            FROM ex, unnest(ex.toks || ex.ktoks) u GROUP BY ex.entry_id),
    cov AS (SELECT ent.entry_id, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hit / nullif(h.hit + h.missw, 0) AS kc,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing,
                   EXISTS (SELECT 1 FROM imp WHERE NOT imp.t = ANY (ent.known)) AS important_missing,
                   (SELECT coalesce(sum(w), 0) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ent.ktoks)) AS khit,
                   (SELECT coalesce(sum(w), 0) FROM wt WHERE t = ANY (ent.ktoks)) AS ktotal
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss,
                                      coalesce(sum(w) FILTER (WHERE NOT t = ANY (ent.known)), 0) AS missw
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.entry_id,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.entry_id)
    -- fit: the best example's, or the keywords' share of the question (a keyword match fits a little less, and
    -- less when the keywords are mostly about something else)
    SELECT cov.entry_id,
           (0.6 * coalesce(cov.c, 0) + 0.4 * greatest(fit.f, kf.f, 0)) * CASE WHEN cov.important_missing THEN 0.8 ELSE 1 END,
           cov.c, greatest(fit.f, kf.f, 0), cov.missing
    FROM cov JOIN fit USING (entry_id), qw,
         LATERAL (SELECT 0.85 * cov.khit / nullif(qw.total, 0)
                         * (0.7 + 0.3 * 2 * cov.khit / nullif(qw.total + cov.ktotal, 0)) AS f) kf
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
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent IN (SELECT j.intent FROM kb_intents j WHERE j.toks && p_toks
                             AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor))),
    wt AS MATERIALIZED (SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                                           FROM ex, unnest(ex.toks) u), true)),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE t = ANY (ent.known)), 0) AS hitbase,
                                      -- a greeting is only a greeting: any other word counts fully
                                      coalesce(sum(CASE WHEN ent.intent = 'greeting' THEN greatest(base, 1) ELSE base END)
                                               FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    -- a text must share a real word with the intent: "what time?" shares only a time with "what time is my
    -- appointment", which is not enough
    SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
           cov.missing
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
-- at least 0.75 and beats the runner-up by 0.06, else NULL (the text goes on to the knowledge base).
CREATE FUNCTION kb_intent_choose(p_doctor uuid, p_text text) RETURNS text LANGUAGE sql STABLE AS $$
    WITH c AS MATERIALIZED (SELECT i.intent, i.score, row_number() OVER (ORDER BY i.score DESC, i.intent) AS n
                            FROM kb_intent(p_doctor, p_text, 2) i)
    SELECT CASE WHEN a.score >= 0.75 AND a.score - coalesce(b.score, 0) >= 0.06 THEN a.intent END
    FROM c a LEFT JOIN c b ON b.n = 2 WHERE a.n = 1
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The global lexicon. A clinic extends it with its own rows:
--   INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES ('<doctor uuid>', 'ortho', 'braces');
-- (a row of that doctor with the same term as a global row replaces it for that doctor; canonical '' ignores the
-- word). The doctor's entries are re-tokenised by the trigger below.

-- More words without meaning for matching: chat forms, Hinglish verbs and particles, Hindi and Marathi ones.
INSERT INTO kb_stopwords (word) SELECT unnest(kb_raw_words(
    'also just like only still even really actually very too much many more same another other else then than ' ||
    'if so but not no yes yeah ya yaa ok okay k kk hmm thx tnx ty pls plss plz plzz pl kindly r ru re ure im ive ' ||
    'id dont cant wont isnt arent didnt doesnt couldnt wouldnt shouldnt one someone something anyone anything ' ||
    'provide provided offer offered avail available availability give given gives take taken takes come coming ' ||
    'comes go going goes get gets getting need needs needed want wants wanted wanna gonna like would could ' ||
    'there here now currently generally usually normally regarding related information info details detail ' ||
    'query question ask asking sir mam madam maam dear bro bhai bhaiya didi ji jee sahab saheb mr mrs ms ' ||
    'he h hy hain hai ha hei tha thi the thay kya kyaa ky kia kiya ka ki ke ko k se say mai me mein mei mere mera ' ||
    'meri mujhe mujhko muje hame hume humko hamara hamari hamare apna apni apne aap ap aapko apko aapka apka ' ||
    'aapki apki aapke apke tum tumhara tumhari unka unki unke iska iski iske uska uski uske yaha yahan yahaan ' ||
    'waha wahan idhar udhar wala wali wale vala vali vale karte karta karti karna karni karne karo kare karen ' ||
    'karenge karwana karwani karwane karvana karvani karana karani kara karke kar hota hoti hote hoga hogi ' ||
    'honge hoge hu hoon hun hai milta milti milte milega milegi milenge mil sakta sakti sakte sakenge ' ||
    'chahiye chaiye chahie chahiya chahte chahti chahta lagta lagti lagte lagega lagegi lagenge lage laga lagi ' ||
    'raha rahi rahe rha rhi rhe diya liya gaya gayi gaye aur or ya bhi hi to toh tho par pe per pr abhi ab bas ' ||
    'thoda zara jara please bataye batao bataiye batana batado bata btao btaiye btana jankari jaankari ' ||
    'chalega chalegi chalta chalti chalte accept accepts accepted accepting allow allowed bhejo bhejiye bhej ' ||
    'bhejna send sent share ' ||
    'nahi nahin nai nhi na mat koi kuch kaun kon kaunsa konsa kaunsi konsi kis kisi kab kaha kahan kaise kese ' ||
    'kyu kyun kyon konsa ' ||
    'है हैं था थी थे क्या का की के को से में मैं मेरा मेरी मेरे मुझे हम हमें हमारा हमारी हमारे आप आपका आपकी ' ||
    'आपके आपको तुम पर भी तो ही और या अभी अब बस थोड़ा जरा कृपया बताइए बताइये बताएं बताएँ बताओ बताना बता ' ||
    'करते करता करती करना करनी करने करो करें करेंगे करवाना करवानी करवाने कराना कर होता होती होते होगा ' ||
    'होगी होंगे हूं हूँ मिलता मिलती मिलते मिलेगा मिलेगी मिल सकता सकती सकते चाहिए चाहिये लगता लगती ' ||
    'लगते लगेगा लगेगी लगेंगे रहा रही रहे दिया लिया गया गई गए कोई कुछ कौन कौनसा कौनसी किस किसी कब कहां ' ||
    'कहाँ कैसे क्यों यहां यहाँ वहां वाला वाली वाले जानकारी नहीं ना मत ' ||
    'आहे आहेत होते होतो होती असते असतो आहात का काय ची चा चे च ला ना ने नी त मध्ये मला आम्हाला आम्ही ' ||
    'तुम्ही तुम्हाला तुमच्या तुमचा तुमची तुमचे आपण आपल्या आपली आपला करता करतात करते करतो करायचे ' ||
    'करायची करायचा करावे करावी करून होईल मिळेल मिळते मिळतो मिळतात मिळणार कधी कुठे कसे कसा कशी कोण ' ||
    'कोणते कोणता कोणती सांगा सांगू सांगाल कृपया पाहिजे हवे हवा हवी आहे? बद्दल साठी ' ||
    'don t s m ll ve d won isn didn doesn wasn couldn wouldn shouldn aren wnt abt wen wat wht hw hv cn da dis dat ' ||
    'u y n dijiye dijie dena de do lena lo le bana banao dikhao dikhaiye aayegi aayega aayenge padega padegi ' ||
    'receive receiving seedha sidha aa aana aau aaun aaunga jaun jau jana jaana aaye aaya aayi liye lie ' ||
    'kitna kitni kitne kitnaa kiti किती कितना कितनी कितने ' ||
    'दीजिए दीजिये दो दे देना लेना लेनी लेने ले लो लगना लगाना दिखाइए दिखाओ दाखवा भेजिए भेजो भेजना भेजें ' ||
    'पाठवा पाठवू आएगी आएगा आएंगे येईल माझी माझा माझे माझ्या मी लिए घ्यायची घ्यायचे घ्यायचा घेणे घ्या करा करें ' ||
    'कीजिए ना जाऊं आऊं आना जाना ' ||
    'aahe ahe aahet ahet kay kaay mala tumhi kasa kashi kadhi pahije hava havi ka tak takk jaye jayein jaaye ' ||
    'lagwana lagwani lagwane lagvana lagvani karayla karaycha lagane lagaane lagwaane facility facilities ' ||
    'service services suvidha सुविधा krna krni krne kro kr hona hone rhta rehta rehti rahta rahti mlta cahiye ' ||
    'skta skte hn ni kb tum sirf sab sabhi lekin agar phir fir isme usme jo padta padti rakhna rakhe rakhte ' ||
    'avl avlbl availble avail nd frm wid bcz coz cuz becoz because ' ||
    'फिर अपने अपना अपनी उनका इसका इसके इसकी उसका उस इस जो सिर्फ केवल सब सभी लेकिन अगर पडेगा पडता पडती रहता ' ||
    'रहती रहते लेकर असेल असतो करू करावे लागतात लागते यायचे जायचे घ्यावे द्यावे आमच्या आमचे आमची ' ||
    'तुमच्याकडे इथे येथे तिथे कोणी काही सर्व फक्त पण आणि किंवा नाही हो होय'))
ON CONFLICT DO NOTHING;

CREATE FUNCTION pg_temp.kb_lex(p_canonical text, p_lang text, p_specialty text, p_terms text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kb_synonyms (term, canonical, lang, specialty)
    SELECT DISTINCT v.term, p_canonical, p_lang, p_specialty
    FROM unnest(string_to_array(p_terms, ',')) t,
         LATERAL (SELECT array_to_string(kb_raw_words(t), ' ') AS term) n,
         LATERAL (SELECT n.term UNION ALL -- "my appointment": also "my appointments"
                  SELECT n.term || 's' WHERE n.term ~ ' [a-z]+[^s]$') v
    WHERE v.term <> ''
    ON CONFLICT DO NOTHING
$$;

SELECT pg_temp.kb_lex(c, l, s, t) FROM (VALUES
-- what a patient asks about, in general
('fee', NULL, NULL, 'fee,fees,charge,charges,charged,charging,cost,costs,costing,price,prices,pricing,rate,rates,' ||
   'chrg,chrgs,amt,expensive,affordable,cheap,hw much,how mch,hw mch,how much do i pay,how much to pay,' ||
   'amount,how much,paisa,paise,pese,paise lagenge,kharcha,kharch,kharchaa,shulk,fess,feez,फीस,फी,शुल्क,खर्च,खर्चा,' ||
   'पैसे,पैसा,कीमत,दाम,किंमत,चार्ज,चार्जेस,रेट,kitna lagega,kitne lagenge,kitna lagta,kitne ka,kitne ki,' ||
   'kitne me,kitne mein,kitne paise,kitna paisa,kitna kharcha,kitna charge,kiti lagel,kiti kharch,kiti paise,' ||
   'कितने का,कितने की,कितना लगेगा,कितने पैसे,कितना खर्च,कितना खर्चा,किती लागेल,किती खर्च,किती पैसे,' ||
   'how much money,expense,expenses,package cost,tariff'),
('duration', NULL, NULL, 'how long,how much time,kitna time,kitna samay,kitni der,kitne din,kitne ghante,' ||
   'किती वेळ,किती दिवस,कितना समय,कितने दिन,कितनी देर,duration,takes long,time taken,time lagega,time lagta'),
('timing', NULL, NULL, 'timing,timings,time,times,hour,hours,hrs,hr,opening hours,working hours,clinic hours,' ||
   'samay,samaya,waqt,vakt,wakt,tym,tyme,timmings,timinigs,timng,टाइम,टाईम,टाइमिंग,टाईमिंग,समय,वक्त,वेळ,वेळा,' ||
   'वेळापत्रक,what time,kitne baje,kitne bje,kab tak,कितने बजे,किती वाजता,वाजता,baje,bje,बजे,opd timing,' ||
   'opd timings,opd time,opd hours'),
('open', NULL, NULL, 'open,opened,opening,opens,khulta,khula,khuli,khule,khulti,khulega,khulegi,khol,खुला,खुलता,' ||
   'खुली,खुले,खुलती,खुलेगा,उघडे,उघडा,उघडते,उघडतो,उघडेल,चालू,working,work,works,functioning,function,running'),
('closed', NULL, NULL, 'closed,close,closing,band,bandh,बंद,shut'),
('address', NULL, NULL, 'address,adress,addres,location,located,locate,pata,patta,पता,पत्ता,ठिकाण,directions,' ||
   'direction,how to reach,reach,route,map,google map,maps,landmark,kaise pahunche,kaise aaye,kaha par hai,' ||
   'kahan par hai,कहाँ पर,where exactly,address kya hai,lokation,locaton'),
('appointment', NULL, NULL, 'appointment,appointments,appoint,appt,appts,apptmt,apntmnt,apmt,apptmnt,slot,' ||
   'slots,अपॉइंटमेंट,अपॉईंटमेंट,अपोइंटमेंट,अपाइंटमेंट,एपॉइंटमेंट,अपॉइन्टमेंट,अपॉइंमेंट,वेळ घ्यायची,' ||
   'भेटीची वेळ,prior appointment'),
('book', NULL, NULL, 'book,booking,bookin,buk,bok,बुक,बुकिंग,fix,reserve,reservation,schedule an,time milega,' ||
   'time chahiye,time de do,time dena,samay milega,वेळ मिळेल,टाइम मिलेगा,टाइम चाहिए'),
('consultation', NULL, NULL, 'consultation,consult,consulting,consultations,opd,op,checkup,check up,check-up,' ||
   'कंसल्टेशन,कन्सल्टेशन,कंसलटेशन,कन्सल्टेशन,चेकअप,चेक अप,' ||
   'general checkup,visit,visits,visiting,doctor visit,dikhana,dikhane,dikhana hai,dikhaana,दिखाना,दिखाने,' ||
   'परामर्श,सलाह,तपासणी करणे,consultancy,counsultation,consultaion'),
('followup', NULL, NULL, 'follow up,followup,follow-up,follow ups,revisit,review,review visit,second visit,' ||
   'dobara dikhana,फॉलो अप,फिर से दिखाना,दोबारा दिखाना'),
('again', NULL, NULL, 'again,phir se,fir se,firse,phirse,dobara,dubara,wapas,vapas,पुन्हा,फिर से,फिरसे,दोबारा,परत'),
('sunday', NULL, NULL, 'sunday,sundays,sun,raviwar,ravivar,itwar,itvar,इतवार,रविवार,रविवारी'),
('saturday', NULL, NULL, 'saturday,saturdays,sat,shaniwar,shanivar,शनिवार,शनिवारी'),
('monday', NULL, NULL, 'monday,mondays,somwar,somvar,सोमवार,सोमवारी'),
('weekend', NULL, NULL, 'weekend,weekends,week end'),
('holiday', NULL, NULL, 'holiday,holidays,chutti,chhutti,chuti,chhuti,छुट्टी,छुट्टियां,छुट्टियाँ,सुट्टी,सुट्ट्या,' ||
   'vacation,vacations,festival,festivals,diwali,holi,eid,christmas,दिवाली,होली,दिवाळी,public holiday'),
('today', NULL, NULL, 'today,aaj,aj,आज,2day,tday'),
('tomorrow', NULL, NULL, 'tomorrow,2morrow,2mrw,tmrw,tmr,tommorow,tomorow,kal,कल,उद्या,parso,parson,परसों,day after tomorrow'),
('morning', NULL, NULL, 'morning,subah,subha,सुबह,सकाळी,सकाळ'),
('evening', NULL, NULL, 'evening,sham,shaam,शाम,संध्याकाळी,संध्याकाळ,night,raat,रात,रात्री'),
('emergency', NULL, NULL, 'emergency,emergencies,emergancy,emergncy,urgent,urgently,emergency number,' ||
   'इमरजेंसी,इमर्जेंसी,आपातकालीन,आपात,तातडी,तातडीची,तातडीने,casualty'),
('phone', NULL, NULL, 'phone,phone number,contact number,mobile number,number,contact,call,helpline,' ||
   'नंबर,फोन,संपर्क,क्रमांक'),
('parking', NULL, NULL, 'parking,park,car parking,bike parking,गाड़ी,पार्किंग,gaadi,gadi'),
('insurance', NULL, NULL, 'insurance,insurances,mediclaim,medi claim,cashless,cash less,tpa,health insurance,' ||
   'bima,beema,बीमा,विमा,इंश्योरेंस,इन्शुरन्स,claim,reimbursement'),
('payment', NULL, NULL, 'payment,payments,pay,paying,upi,gpay,google pay,phonepe,paytm,card,cards,' ||
   'credit card,debit card,cash,online payment,pay online,भुगतान,पेमेंट'),
('emi', NULL, NULL, 'emi,emis,installment,installments,instalment,instalments,kist,kisht,किस्त,हप्ता,हप्ते,finance,' ||
   'no cost emi,easy emi'),
('online', NULL, NULL, 'online,video,video call,video consultation,teleconsultation,tele consultation,' ||
   'teleconsult,whatsapp consultation,phone consultation,ऑनलाइन'),
('homevisit', NULL, NULL, 'home visit,home visits,house visit,home service,home collection,ghar pe,ghar par,' ||
   'ghar aa,ghar aakar,घर पर,घरी,घर आकर,घरी येऊन'),
('report', NULL, NULL, 'report,reports,result,results,रिपोर्ट,अहवाल,रिपोर्ट्स'),
('test', NULL, NULL, 'test,tests,testing,jaanch,janch,jach,जांच,जाँच,टेस्ट,तपासणी,चाचणी,investigation,' ||
   'investigations,lab test'),
('lab', NULL, NULL, 'lab,laboratory,pathology,path lab,लैब,लॅब,प्रयोगशाळा'),
('blood', NULL, NULL, 'blood,khoon,khun,खून,रक्त,ब्लड'),
('sugar', NULL, NULL, 'sugar,शुगर,fasting sugar,blood sugar,glucose,hba1c'),
('diabetes', NULL, NULL, 'diabetes,diabetic,madhumeh,मधुमेह,डायबिटीज,डायबेटीस'),
('bp', NULL, NULL, 'bp,blood pressure,hypertension,high bp,low bp,बीपी,रक्तदाब,ब्लड प्रेशर'),
('treatment', NULL, NULL, 'treatment,treatments,treat,treated,treating,ilaj,ilaaj,इलाज,उपचार,therapy,cure,' ||
   'manage,management'),
('medicine', NULL, NULL, 'medicine,medicines,medication,medications,dawa,dawai,dava,davai,दवा,दवाई,औषध,' ||
   'औषधे,tablet,tablets,pharmacy,chemist,medical store,medical shop'),
('certificate', NULL, NULL, 'certificate,certificates,certificat,सर्टिफिकेट,प्रमाणपत्र,medical certificate'),
('clinic', NULL, NULL, 'clinic,clinics,hospital,dawakhana,davakhana,दवाखाना,दवाखान्यात,दवाखान्याची,दवाखान्याचा,' ||
   'दवाखान्याचे,क्लिनिक,हॉस्पिटल,अस्पताल,रुग्णालय,centre,center'),
('child', NULL, NULL, 'child,children,childs,kid,kids,baby,babies,infant,infants,newborn,new born,toddler,' ||
   'bachcha,bacha,baccha,bachha,bachche,bache,bacche,bachon,bachchon,बच्चा,बच्चे,बच्चों,बच्ची,बाळ,बाळाला,बाळाचे,मुलाला,मुलीला,मुलांचे,मूल,मुले,' ||
   'मुलगा,मुलगी,मुलांना,मुलांचे,son,daughter,beta,beti,बेटा,बेटी,minor,paediatric,pediatric,pedia'),
('vaccine', NULL, 'paediatrics', 'vaccine,vaccines,vaccination,vaccinations,vaccinate,vaccinated,immunisation,' ||
   'immunization,tika,teeka,tikakaran,teekakaran,lasikaran,lasikaran,laseekaran,टीका,टीके,टीकाकरण,लस,लसीकरण,वैक्सीन,shots,shot'),
('', NULL, NULL, 'dental,dentist,dentists,cardiologist,cardiologists,gynaecologist,gynecologist,gynae,gyno,' ||
   'paediatrician,pediatrician,child specialist,ophthalmologist,eye specialist,eye doctor,eye surgeon,' ||
   'heart specialist,heart doctor,lady gynaecologist'),
('meet', NULL, NULL, 'meet,meeting,milna,milne,milni,milna hai,मिलना,मिलने,भेटायचे,भेटायचं,भेटणे,भेटायला'),
('where', NULL, NULL, 'where,wer,whr,kahan,kaha,kahaan,kidhar,kuthe,kuthay,कहाँ,कहां,किधर,कुठे,कोठे,whereabouts'),
('prepare', NULL, NULL, 'prepare,preparation,prep,tayari,taiyari,taiyaari,तैयारी,तयारी,get ready'),
('food', NULL, NULL, 'eat,eating,eats,khaye,khayen,khaana,khaaye,diet,खाएं,खाये,खावे,खायचे'),
('after', NULL, NULL, 'after,afterwards,baad,bad me,baad me,बाद,बाद में,नंतर'),
('success', NULL, NULL, 'success,success rate,successful,chances,chance'),
('homevisit', NULL, NULL, 'home,house call,house calls,ghar,घर'),
('thyroid', NULL, NULL, 'thyroid,tft,tsh,t3 t4,thyroid test,थायराइड,थायरॉईड'),
('xray', NULL, NULL, 'xray,x ray,xrays,x rays,एक्स रे,एक्सरे,radiograph,rvg,opg'),
('ct', NULL, NULL, 'ct,ct scan,cat scan,सीटी स्कैन'),
('mri', NULL, NULL, 'mri,mri scan,एमआरआई'),
('scan', NULL, NULL, 'scan,scans,स्कैन'),
('iud', NULL, 'gynaecology', 'copper t,coppert,copper,cu t,iud,coil,loop,कॉपर टी,कॉपर'),
('lactation', NULL, 'paediatrics', 'lactation,breastfeeding,breast feeding,breastfeed,feeding,doodh pilana,' ||
   'स्तनपान,दूध पिलाना'),
('documents', NULL, 'school', 'documents,document,docs,papers,kagaz,kagzat,kaagzat,कागदपत्रे,कागजात,दस्तावेज,' ||
   'aadhaar,aadhar,adhar,आधार,birth certificate'),
('chest', NULL, NULL, 'chest,seena,seene,sina,सीना,सीने,छाती,छातीत'),
('weekday', NULL, NULL, 'tuesday,wednesday,thursday,friday,tue,wed,thu,thurs,fri,mangalwar,mangalvar,budhwar,' ||
   'budhvar,guruwar,guruvar,shukrawar,shukravar,मंगलवार,बुधवार,गुरुवार,शुक्रवार,मंगळवार,बुधवारी,गुरुवारी,शुक्रवारी'),
('week', NULL, NULL, 'week,weeks,hafta,hafte,हफ्ता,हफ्ते,आठवडा,next week,agle hafte,pichle hafte'),
('dose', NULL, NULL, 'dose,doses,dosage,mg,ml,paracetamol,crocin,dolo,calpol,syrup,antibiotic,antibiotics,' ||
   'painkiller,painkillers,goli,गोली,गोळी,ointment'),
('date', NULL, NULL, 'date,dates,tarikh,tareekh,तारीख,तारीख़,january,february,march,april,may,june,july,august,' ||
   'september,october,november,december,jan,feb,mar,apr,jun,jul,aug,sep,sept,oct,nov,dec,जनवरी,फरवरी,मार्च,' ||
   'अप्रैल,मई,जून,जुलाई,अगस्त,सितंबर,अक्टूबर,नवंबर,दिसंबर'),
('buy', NULL, NULL, 'buy,buying,sell,selling,sells,purchase,kharidna,kharid,khareedna,खरीदना,खरीद,विकत,shop,store,' ||
   'dukaan,dukan,दुकान'),
('repair', NULL, NULL, 'repair,repairs,broken,break,broke,toot,tuta,tut gaya,toota,damage,damaged,टूट,टूटा,तुटला,' ||
   'fix my,theek karna'),
('school', NULL, 'school', 'school,schools,शाळा,शाळेची,शाळेचे,शाळेत,शाळेचा,स्कूल,vidyalaya,preschool,pre school'),
('weight', NULL, NULL, 'weight,vajan,wajan,वजन'),
('growth', NULL, 'paediatrics', 'growth,height,development,milestones,badhna,विकास'),
('fever', NULL, NULL, 'fever,bukhar,bukhaar,बुखार,ताप,temperature'),
('cough', NULL, NULL, 'cough,khansi,khasi,खांसी,खोकला,cold,sardi,सर्दी'),
('pain', NULL, NULL, 'pain,painful,pains,hurt,hurts,hurting,dard,dukhna,दर्द,दुखणे,दुखत,ache,aching'),
('tooth', NULL, 'dentistry', 'tooth,teeth,dant,daant,daat,dat,दांत,दात,दाढ,daadh,daad,molar,molars'),
('rct', NULL, 'dentistry', 'rct,root canal,root canal treatment,root canals,root canel,rootcanal,' ||
   'रूट कैनाल,रूट कॅनल,nerve treatment'),
('cleaning', NULL, 'dentistry', 'cleaning,clean,scaling,polishing,scale,saaf,saf,safai,safayi,सफाई,साफ,स्वच्छता'),
('extraction', NULL, 'dentistry', 'extraction,extractions,extract,removal,remove,removing,pull out,pulled out,' ||
   'pull,nikalna,nikalwana,nikalvana,nikal,nikalwane,उखाड़ना,निकालना,निकलवाना,काढणे,काढायचा'),
('braces', NULL, 'dentistry', 'braces,brace,aligner,aligners,invisalign,clip,clips,orthodontic,orthodontics,' ||
   'teeth alignment,ब्रेसेस,तार'),
('implant', NULL, 'dentistry', 'implant,implants,dental implant,इम्प्लांट'),
('denture', NULL, 'dentistry', 'denture,dentures,false teeth,artificial teeth,nakli daant,बत्तीसी'),
('crown', NULL, 'dentistry', 'crown,crowns,cap,caps,capping'),
('filling', NULL, 'dentistry', 'filling,fillings,cavity,cavities,keeda,kida,कीड़ा,कैविटी'),
('whitening', NULL, 'dentistry', 'whitening,whiten,bleaching,bleach,white teeth'),
('heart', NULL, 'cardiology', 'heart,cardiac,cardio,cardiology,cardiologist,dil,दिल,हृदय,हार्ट,ह्रदय'),
('ecg', NULL, 'cardiology', 'ecg,ekg,electrocardiogram,ई सी जी,ईसीजी'),
('echo', NULL, 'cardiology', 'echo,2d echo,echocardiography,echocardiogram,echo test,इको'),
('tmt', NULL, 'cardiology', 'tmt,treadmill,treadmill test,stress test'),
('angiography', NULL, 'cardiology', 'angiography,angiogram,angio,एंजियोग्राफी'),
('angioplasty', NULL, 'cardiology', 'angioplasty,stent,stenting,एंजियोप्लास्टी'),
('cholesterol', NULL, NULL, 'cholesterol,lipid,lipid profile,कोलेस्ट्रॉल'),
('pregnancy', NULL, 'gynaecology', 'pregnancy,pregnant,garbh,garbhavastha,गर्भ,गर्भावस्था,गर्भवती,प्रेगनेंसी,' ||
   'गरोदर,गरोदरपणा,antenatal,anc,prenatal,expecting'),
('delivery', NULL, 'gynaecology', 'delivery,deliveries,normal delivery,prasav,prasuti,प्रसव,डिलीवरी,डिलिव्हरी,' ||
   'प्रसूती,childbirth,labour,labor'),
('csection', NULL, 'gynaecology', 'lscs,c section,csection,caesarean,cesarean,caesarian,cesarian,सिजेरियन,' ||
   'सीजेरियन,operation delivery,operation se delivery'),
('ultrasound', NULL, NULL, 'ultrasound,usg,sonography,sonografi,sono,sonogram,सोनोग्राफी,अल्ट्रासाउंड'),
('period', NULL, 'gynaecology', 'period,periods,menstruation,menses,mc,mahina,mahwari,माहवारी,पीरियड,मासिक पाळी,पाळी'),
('papsmear', NULL, 'gynaecology', 'pap smear,pap,pap test,papsmear,cervical screening'),
('ivf', NULL, 'gynaecology', 'ivf,test tube baby,iui,infertility,fertility,बांझपन'),
('eye', NULL, 'eye care', 'eye,eyes,aankh,ankh,aankhon,ankhon,aakh,आंख,आंखें,आंखों,डोळे,डोळा,डोळ्यांची,डोळ्यांचे,' ||
   'डोळ्यात,डोळ्याचे,डोळ्यांना,डोळ्यांची तपासणी,' ||
   'ophthalmologist,ophthalmology,opthalmologist,optometrist,netra'),
('spectacles', NULL, 'eye care', 'spectacles,specs,glasses,spects,eyeglasses,chashma,chasma,chashme,चश्मा,चष्मा,' ||
   'frame,frames,optical,opticals'),
('lens', NULL, 'eye care', 'lens,lenses,contact lens,contact lenses,contacts,लेंस'),
('cataract', NULL, 'eye care', 'cataract,cataracts,motiyabind,motiyabindu,मोतियाबिंद,मोतीबिंदू,phaco,phacoemulsification'),
('lasik', NULL, 'eye care', 'lasik,laser,laser surgery,specs removal,spectacle removal,chashma hatana'),
('power', NULL, 'eye care', 'power,eye power,eye number,vision,sight,नज़र'),
('surgery', NULL, NULL, 'surgery,surgeries,operation,operations,oper,ऑपरेशन,सर्जरी,शस्त्रक्रिया,procedure,procedures'),
('admission', NULL, 'school', 'admission,admissions,admit,enrol,enroll,enrolment,enrollment,dakhila,daakhila,' ||
   'दाखिला,प्रवेश,एडमिशन,ॲडमिशन,registration,register'),
('uniform', NULL, 'school', 'uniform,uniforms,dress,school dress,vardi,वर्दी,गणवेश,यूनिफॉर्म'),
('transport', NULL, 'school', 'transport,transportation,bus,buses,van,vans,school bus,pickup,pick up,drop,' ||
   'pick and drop,cab,बस,वाहन,वैन,gaadi suvidha'),
('ptm', NULL, 'school', 'ptm,parent teacher meeting,parents teacher meeting,parent-teacher meeting,' ||
   'parents meeting,parent meeting,teacher meeting,पालक सभा'),
('age', NULL, NULL, 'age,ages,umar,umr,umra,उम्र,वय,old,years old,saal,साल'),
('class', NULL, 'school', 'class,classes,nursery,lkg,ukg,kg,playgroup,play group,pre nursery,grade,std,standard'),
('teacher', NULL, 'school', 'teacher,teachers,staff ratio,teacher ratio,शिक्षक,टीचर'),
('food', NULL, NULL, 'food,meal,meals,lunch,tiffin,snack,snacks,khana,खाना,जेवण,डबा,canteen'),
('daycare', NULL, 'school', 'daycare,day care,creche,crèche,after school,aftercare'),
('book_item', NULL, 'school', 'books,textbook,textbooks,notebook,notebooks,stationery,kitab,kitaab,किताब,पुस्तक'),
('language', NULL, NULL, 'language,languages,bhasha,भाषा,marathi,मराठी,मराठीत,hindi,हिंदी,english,इंग्लिश'),
('wheelchair', NULL, NULL, 'wheelchair,wheel chair,lift,elevator,ramp,disabled,handicap'),
('refund', NULL, NULL, 'refund,refundable,refunded,money back,paise wapas,paisa wapas,पैसे वापस'),
('discount', NULL, NULL, 'discount,discounts,concession,offer price,cheaper,सवलत,छूट'),
('free', NULL, NULL, 'free,free of cost,muft,मुफ्त,मोफत,no charge'),
('second', NULL, NULL, 'second,2nd,दूसरा,दुसरा,दुसरी'),
('woman', NULL, NULL, 'woman,women,lady,ladies,female,mahila,महिला,स्त्री,aurat'),
('greet', NULL, NULL, 'hi,hii,hiii,hiiii,hello,helo,hellow,hallo,hey,heyy,namaste,namaskar,namashkar,namskar,' ||
   'नमस्ते,नमस्कार,राम राम,good morning,good afternoon,good evening,gm,gud morning,morning sir,hlo,hlw,yo,' ||
   'jai shri krishna,jai shree krishna,जय श्री कृष्ण,salaam,salam,assalamualaikum,sat sri akal,ram ram'),
('menu', NULL, NULL, 'menu,main menu,मेनू,options,start over'),
('show', NULL, NULL, 'show,see,view,dikhao,dikhaiye,dikha do,दिखाइए,दिखाओ,दिखा दो,दाखवा,display'),
('confirm', NULL, NULL, 'confirm,confirmed,confirmation,pakka,पक्का,कन्फर्म'),
('notwant', NULL, NULL, 'don t want,do not want,dont want,not interested,nahi chahiye,nahi chahie,nhi chahiye,' ||
   'नहीं चाहिए,नको,नको आहे,no need'),
-- what a patient asks the conversations for
('myappointment', NULL, NULL, 'my appointment,my appointments,my booking,my bookings,my appt,my slot,meri appointment,' ||
   'mera appointment,meri booking,mera booking,मेरा अपॉइंटमेंट,मेरी अपॉइंटमेंट,मेरी बुकिंग,माझी अपॉइंटमेंट,' ||
   'माझी वेळ,माझे अपॉइंटमेंट,booked appointment,appointment details,appointment status,upcoming appointment,' ||
   'booked,am i booked,i am booked,my visit,meri appointment,मेरी बुकिंग,माझी बुकिंग,my slot,mera slot'),
('cancel', NULL, NULL, 'cancel,cancell,cancelled,canceled,cancellation,cancle,cansel,radd,rad,रद्द,कैंसल,कॅन्सल,' ||
   'call off,nahi aaunga,nahi aa paunga,nahi aa sakta,nahi aa sakti,nahi aa paungi,can not come,cannot come,' ||
   'cant come,can t come,won t come,wont come,नहीं आ पाऊंगा,नहीं आ सकता,नहीं आ पाऊंगी,नहीं आ सकती,येऊ शकणार नाही'),
('reschedule', NULL, NULL, 'reschedule,rescheduled,re schedule,reshedule,reschedual,postpone,prepone,shift,' ||
   'change,badalna,badal,badlo,badaldo,बदलना,बदल,बदलो,बदला,बदलायची,another day,another time,other day,' ||
   'different time,different day,move,rescheduling,dusre din,dusra din,दूसरे दिन,दुसऱ्या दिवशी,doosre din,' ||
   'doosra din,dusri date,doosri date,aage badha,aage badhao,aage badha do,aage kar do,instead,instead of,' ||
   'पुढे ढकला,आगे बढ़ा दो'),
('queue', NULL, NULL, 'queue,que,q,line,lain,katar,kataar,कतार,लाइन,लाईन,रांग,walk in,walkin,walk-in,' ||
   'token,tokens,tokan,टोकन,join,lagana,lagao,lagwa,लगाना,लगा,number laga do,number lagao,number lagana,' ||
   'नंबर लगा दो,नंबर लगाओ,रांगेत,रांग'),
('status', NULL, NULL, 'status,position,turn,baari,bari,बारी,स्थिति,स्थिती,नंबर कब,number kab,kab aayega,' ||
   'kab ayega,kab aaega,kitne log,how many people,people ahead,ahead of me,mera number,wait,waiting,' ||
   'intezar,intazar,इंतजार,इंतज़ार,कितनी देर,how much longer,kitna wait,my token,kitne log,कितने लोग,किती लोक,' ||
   'आगे कितने,पुढे किती,people ahead,ahead of me,before me,मेरे आगे,माझ्या पुढे,where am i,mera number,' ||
   'my number,meri baari,my position,मेरा नंबर,माझा नंबर,going on,chal raha,chal rahi,kaunsa token,' ||
   'which token,current token,now serving,wait time,waiting time,token number,kitna intezar,कितना इंतजार,किती वेळ थांबावे,ppl ahead,ahead'),
('talk', NULL, NULL, 'talk,talking,speak,speaking,baat,bat,बात,बोलायचे,बोलायचं,बोलणे,बोलू,chat,connect,' ||
   'call me,call back,callback,contact me,discuss,वार्तालाप,tlk,spk,baat karni,baat karwa,बात करनी,बोलायचं,phone pe baat,phone par baat,call pe baat,फोन पर बात,' ||
   'call karo,call kar do,call kijiye,call karna,call kare,कॉल कीजिए,कॉल करो,कॉल कर दो,फोन करा,फोन करो'),
('staff', NULL, NULL, 'staff,human,person,real person,receptionist,reception,manager,insaan,insan,admin,' ||
   'someone,somebody,koi insaan,rissepshan,रिसेप्शन,स्टाफ,व्यक्ति,माणूस,कर्मचारी'),
('refer', NULL, NULL, 'refer,referral,referal,reffer,refer karna,recommend,recommendation,invite,share link,' ||
   'referral code,referral link,रेफर,रेफ़र,रेफरल,सिफारिश,friend,friends,dost,दोस्त,मित्र,relative,relatives,' ||
   'link,लिंक,मित्राला'),
('message', NULL, NULL, 'message,messages,msg,msgs,sms,text,texts,notification,notifications,reminder,reminders,' ||
   'whatsapp,मैसेज,मेसेज,संदेश,मेसेजेस,updates,update,alerts,alert'),
('stopmsg', NULL, NULL, 'stop,unsubscribe,unsub,opt out,optout,stop sending,don t send,dont send,do not send,' ||
   'no more,mat bhejo,mat bhejna,mat bhejiye,band karo,band kar do,band kardo,बंद करो,बंद कर दो,मत भेजो,' ||
   'मत भेजिए,पाठवू नका,बंद करा,remove my number,block,बंद करें,बंद कीजिए,band kare,band kijiye,band ho,' ||
   'band hona,band ho jaye,बंद हो,don t message,do not message,dont message,don t text,off kar do,off karo,turn off,switch off,disable,बंद कर दीजिए'),
('startmsg', NULL, NULL, 'start,resume,subscribe,restart,start again,send again,phir se bhejo,fir se bhejo,' ||
   'dobara bhejo,chalu karo,chalu kar do,शुरू करो,फिर से भेजो,चालू करो,सुरू करा,पुन्हा पाठवा,opt in,optin,' ||
   're subscribe,resubscribe,again send,on kar do,on karo,on kardo,turn on,switch on,enable,चालू कर दो,' ||
   'चालू कीजिए,चालू करें,सुरू करा,शुरू कर दो,शुरू करें')
) v(c, l, s, t);

-- Canonical words that say little about which entry is meant.
INSERT INTO kb_weights (word, weight) VALUES
    ('greet', 0.05), ('school', 0.5), ('child', 0.7), ('test', 0.5), ('surgery', 0.6), ('where', 0.5), ('show', 0.5), ('again', 0.6), ('clinic', 0.3), ('treatment', 0.4), ('consultation', 0.4), ('today', 0.5),
    ('tomorrow', 0.5), ('morning', 0.5), ('evening', 0.5), ('open', 0.8), ('second', 0.8), ('phone', 0.8),
    ('service', 0.3), ('services', 0.3), ('facility', 0.3), ('facilities', 0.3), ('doctor', 0.3), ('dr', 0.3),
    ('patient', 0.3), ('patients', 0.3), ('new', 0.5), ('old', 0.5), ('day', 0.5), ('days', 0.5),
    ('month', 0.5), ('every', 0.3), ('all', 0.3), ('done', 0.5), ('do', 0.3)
ON CONFLICT DO NOTHING;
-- days and dates matter to an answer ("open on Sunday?") but not to what a patient asks the conversations for
INSERT INTO kb_weights (word, weight, intent_weight) VALUES
    ('sunday', 1, 0.2), ('saturday', 1, 0.2), ('monday', 1, 0.2), ('weekday', 1, 0.2), ('week', 1, 0.2),
    ('date', 1, 0.2), ('weekend', 1, 0.2), ('holiday', 1, 0.3), ('consultation', 0.4, 0.3), ('greet', 0.05, 1),
    ('timing', 1, 0.2), ('today', 0.5, 0.2), ('tomorrow', 0.5, 0.2), ('morning', 0.5, 0.2), ('evening', 0.5, 0.2),
    ('again', 0.6, 0.6), ('show', 0.5, 0.5)
ON CONFLICT (word) DO UPDATE SET intent_weight = excluded.intent_weight;

-- A change of synonyms, weights or stop words changes the tokens of entries and intent examples: recompute the
-- ones it concerns (a doctor's own synonyms: that doctor's; global rows: all).
CREATE FUNCTION kb_lexicon_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kb_vocab_refresh();
    IF TG_TABLE_NAME = 'kb_synonyms' THEN
        IF NOT EXISTS (SELECT 1 FROM changed WHERE doctor_id IS NULL) THEN
            UPDATE kb_entries SET question = question WHERE doctor_id IN (SELECT doctor_id FROM changed);
            UPDATE kb_intents SET example = example WHERE doctor_id IN (SELECT doctor_id FROM changed);
            RETURN NULL;
        END IF;
    END IF;
    IF true THEN
        UPDATE kb_entries SET question = question;
        UPDATE kb_intents SET example = example;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER kb_synonyms_ins AFTER INSERT ON kb_synonyms REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_changed();
CREATE TRIGGER kb_synonyms_upd AFTER UPDATE ON kb_synonyms REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_changed();
CREATE TRIGGER kb_synonyms_del AFTER DELETE ON kb_synonyms REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_changed();
CREATE TRIGGER kb_stopwords_changed AFTER INSERT OR UPDATE OR DELETE ON kb_stopwords
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_changed();

-- The built-in intents: example sentences per intent and language (a clinic adds its own rows with its doctor_id).
INSERT INTO kb_intents (intent, lang, example)
SELECT v.intent, v.lang, trim(e) FROM (VALUES
('greeting', 'en', 'hi|hello|hey|hello there|hi there|good morning|good evening|good afternoon|hello doctor|hi sir|' ||
   'hello madam|hey there|hii|hiii|helo|hlo|gm|menu|main menu|start over'),
('greeting', 'hi-Latn', 'namaste|namaskar|namaste ji|namaste doctor sahab|ram ram|jai shri krishna|namaskar ji'),
('greeting', 'hi', 'नमस्ते|नमस्कार|नमस्ते जी|राम राम|जय श्री कृष्ण|मेनू'),
('greeting', 'mr', 'नमस्कार|नमस्कार डॉक्टर|राम राम'),
('book', 'en', 'book|book appointment|book an appointment|new appointment|appointment|I want to book an appointment|' ||
   'I would like to book an appointment|can I get an appointment|I need an appointment|please book a slot for me|' ||
   'book a slot|booking|I want to see the doctor tomorrow|appointment for tomorrow|appointment today|' ||
   'can I book for tomorrow morning|fix an appointment|schedule an appointment|I want to come for a checkup, ' ||
   'please book|book me in|reserve a slot|any slot available tomorrow|give me an appointment|appointment please|' ||
   'I need to see the doctor|I want to meet the doctor|can I come to see the doctor this evening|please schedule ' ||
   'me for a visit|is there a free slot today'),
('book', 'hi-Latn', 'appointment book karna hai|appointment chahiye|mujhe appointment chahiye|appointment milega kya|' ||
   'kal ka appointment chahiye|doctor ko dikhana hai appointment chahiye|booking karni hai|slot book karo|' ||
   'appointment fix karo|aaj ka appointment mil sakta hai|kal subah appointment book kar do|' ||
   'mera appointment book kar dijiye|appointment lena hai|doctor se milna hai|appointment mil sakti hai kya|' ||
   'kal dikhane aana hai time de do|doctor sahab ko dikhana hai'),
('book', 'hi', 'अपॉइंटमेंट|अपॉइंटमेंट बुक करें|बुक करें|मुझे अपॉइंटमेंट चाहिए|अपॉइंटमेंट बुक करना है|' ||
   'कल का अपॉइंटमेंट चाहिए|डॉक्टर को दिखाने के लिए अपॉइंटमेंट चाहिए|मेरा अपॉइंटमेंट बुक कर दीजिए|' ||
   'अपॉइंटमेंट लेना है|आज का अपॉइंटमेंट मिलेगा|डॉक्टर से मिलना है|डॉक्टर को दिखाना है'),
('book', 'mr', 'अपॉइंटमेंट बुक करायची आहे|मला अपॉइंटमेंट हवी आहे|उद्याची अपॉइंटमेंट हवी आहे|वेळ घ्यायची आहे|' ||
   'भेटीची वेळ हवी आहे|अपॉइंटमेंट बुक करा|मला डॉक्टरांना भेटायचे आहे|डॉक्टरांना दाखवायचे आहे'),
('my_appointment', 'en', 'my appointment|my appointments|my booking|show my appointment|when is my appointment|' ||
   'what time is my appointment|do I have an appointment booked|check my booking|see my appointment|' ||
   'appointment details|my upcoming appointment|is my appointment confirmed|appointment status'),
('my_appointment', 'hi-Latn', 'mera appointment kab hai|meri appointment kitne baje hai|meri booking dikhao|' ||
   'mera appointment check karo|meri appointment confirm hai kya'),
('my_appointment', 'hi', 'मेरा अपॉइंटमेंट|मेरी अपॉइंटमेंट|मेरा अपॉइंटमेंट कब है|मेरी बुकिंग दिखाइए|' ||
   'मेरी अपॉइंटमेंट कितने बजे है'),
('my_appointment', 'mr', 'माझी अपॉइंटमेंट कधी आहे|माझी अपॉइंटमेंट दाखवा|माझी वेळ कधी आहे'),
('cancel', 'en', 'cancel|cancel my appointment|I want to cancel my appointment|please cancel my booking|' ||
   'cancel the appointment|I cannot come tomorrow, cancel it|cancel my slot|I won''t come, please cancel|' ||
   'I can''t come today|call off my appointment'),
('cancel', 'hi-Latn', 'appointment cancel karna hai|meri appointment cancel kar do|booking cancel karo|' ||
   'main kal nahi aa paunga appointment cancel kar do|appointment radd kar do|cancel kar dijiye'),
('cancel', 'hi', 'अपॉइंटमेंट रद्द करना है|मेरा अपॉइंटमेंट रद्द कर दीजिए|अपॉइंटमेंट कैंसल करें|' ||
   'मैं नहीं आ पाऊंगा अपॉइंटमेंट रद्द करें|बुकिंग कैंसल कर दो'),
('cancel', 'mr', 'माझी अपॉइंटमेंट रद्द करा|अपॉइंटमेंट रद्द करायची आहे|मी येऊ शकणार नाही अपॉइंटमेंट रद्द करा'),
('reschedule', 'en', 'reschedule|reschedule my appointment|I want to change my appointment time|' ||
   'can I move my appointment to another day|postpone my appointment|change the date of my booking|' ||
   'shift my appointment to evening|prepone my appointment|can I come another day instead|change my slot'),
('reschedule', 'hi-Latn', 'appointment ka time badalna hai|meri appointment dusre din kar do|' ||
   'appointment reschedule karna hai|time change kar do|appointment shift kar do|date badal do'),
('reschedule', 'hi', 'अपॉइंटमेंट का समय बदलना है|मेरा अपॉइंटमेंट दूसरे दिन कर दीजिए|समय बदल दीजिए|' ||
   'अपॉइंटमेंट बदलना है'),
('reschedule', 'mr', 'अपॉइंटमेंटची वेळ बदलायची आहे|माझी अपॉइंटमेंट दुसऱ्या दिवशी करा|वेळ बदला'),
('queue_join', 'en', 'queue|token|join queue|get token|join the queue|I want a token|give me a token for today|' ||
   'I want to join the line|put me in the queue|walk in token|can I get a token now|I am coming now, give me a ' ||
   'number in the queue|add me to the queue'),
('queue_join', 'hi-Latn', 'token chahiye|line me lagana hai|mera token bana do|aaj ka token de do|queue me add karo|' ||
   'token lena hai|number laga do'),
('queue_join', 'hi', 'कतार|टोकन|लाइन|टोकन चाहिए|मुझे कतार में लगना है|आज का टोकन दे दीजिए|लाइन में लगा दो'),
('queue_join', 'mr', 'टोकन हवा आहे|रांगेत नाव लावा|आजचा टोकन द्या|मला रांगेत लागायचे आहे'),
('queue_status', 'en', 'status|queue status|my token|what is my position|how many people are ahead of me|' ||
   'when is my turn|how long do I have to wait|where am I in the queue|is my turn coming|my turn|' ||
   'how much longer|how many patients before me|token status|wait time for my token|which token is going on'),
('queue_status', 'hi-Latn', 'meri baari kab aayegi|mera number kab aayega|kitne log hai aage|kitna wait karna padega|' ||
   'meri bari kab hai|token kab aayega'),
('queue_status', 'hi', 'स्थिति|कतार की स्थिति|मेरी बारी कब आएगी|मेरा नंबर कब आएगा|मेरे आगे कितने लोग हैं|' ||
   'कितना इंतजार करना होगा'),
('queue_status', 'mr', 'माझा नंबर कधी येईल|माझी बारी कधी|माझ्या पुढे किती लोक आहेत|किती वेळ थांबावे लागेल'),
('talk_to_staff', 'en', 'talk to doctor|talk to the doctor|speak to doctor|staff|human|talk to staff|' ||
   'I want to talk to the doctor|can I speak to someone|I want to speak to a real person|connect me to the ' ||
   'receptionist|please call me|call me back|let me talk to a human|I need to talk to someone at the clinic|' ||
   'can the doctor call me|talk to reception|speak with the staff|I need to speak with someone|connect me to a ' ||
   'person|can someone call me|I want a human not a bot'),
('talk_to_staff', 'hi-Latn', 'doctor se baat|doctor se baat karni hai|kisi insaan se baat karao|' ||
   'reception se baat karni hai|mujhe call karo|staff se baat karni hai|doctor sahab se baat karwa do|' ||
   'kisi se baat karwao|koi mujhe call kar do'),
('talk_to_staff', 'hi', 'डॉक्टर से बात|डॉक्टर से बात करनी है|मुझे डॉक्टर से बात करनी है|किसी से बात करवा दीजिए|' ||
   'स्टाफ से बात करनी है|मुझे कॉल कीजिए|मुझे किसी से बात करनी है'),
('talk_to_staff', 'mr', 'डॉक्टरांशी बोलायचे आहे|मला डॉक्टरांशी बोलायचं आहे|रिसेप्शनशी बोलायचे आहे|मला फोन करा'),
('refer', 'en', 'refer|refer a friend|referral|referral code|I want to refer my friend|send me my referral link|' ||
   'how can I refer someone|I want to recommend you to my relative|share the referral link|give me my referral code'),
('refer', 'hi-Latn', 'dost ko refer karna hai|referral code bhejo|mujhe refer karna hai|refer link chahiye'),
('refer', 'hi', 'रेफर|रेफ़र|दोस्त को रेफर करना है|रेफरल कोड भेजिए|मुझे रेफर करना है'),
('refer', 'mr', 'मित्राला रेफर करायचे आहे|रेफरल कोड पाठवा'),
('stop', 'en', 'stop|stop all|unsubscribe|opt out|stop sending me messages|please don''t send me any more messages|' ||
   'I don''t want these messages|unsubscribe me|no more messages please|stop the reminders|remove my number|' ||
   'do not message me again|stop whatsapp messages'),
('stop', 'hi-Latn', 'message mat bhejo|mujhe message mat bhejna|messages band karo|reminder band kar do|' ||
   'ab message mat bhejiye'),
('stop', 'hi', 'मैसेज मत भेजो|मुझे मैसेज मत भेजिए|मैसेज बंद करो|संदेश बंद कर दो|अब मैसेज मत भेजना'),
('stop', 'mr', 'मेसेज पाठवू नका|मला मेसेज पाठवू नका|संदेश बंद करा'),
('start', 'en', 'start|subscribe|resume|start messages again|please send me messages again|' ||
   'I want to receive reminders again|resubscribe|opt in|start sending messages|resume reminders'),
('start', 'hi-Latn', 'message phir se bhejo|messages chalu karo|reminder fir se bhejna|dobara message bhejo'),
('start', 'hi', 'मैसेज फिर से भेजो|संदेश चालू करो|मैसेज चालू कर दो|फिर से मैसेज भेजिए'),
('start', 'mr', 'मेसेज पुन्हा पाठवा|संदेश सुरू करा')
) v(intent, lang, examples), unnest(string_to_array(v.examples, '|')) e;

SELECT kb_vocab_refresh();
UPDATE kb_entries SET question = question; -- the entries that exist: their tokens

-- a clinic's own intent examples are words its patients may write
CREATE FUNCTION kb_intents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kb_vocab_refresh();
    RETURN NULL;
END
$$;
CREATE TRIGGER kb_intents_vocab AFTER INSERT OR UPDATE OR DELETE ON kb_intents
    FOR EACH STATEMENT EXECUTE FUNCTION kb_intents_changed();

-- Why an entry was or was not chosen (wactl kb try): the analysis of the text, the best candidates with the parts
-- of their score and the words they miss, the decision with p_threshold and p_margin (the router's), and the
-- intent the conversations would see.
CREATE FUNCTION kb_explain(p_doctor uuid, p_text text, p_threshold double precision DEFAULT 0.65,
                           p_margin double precision DEFAULT 0.04) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    a jsonb := kb_analyse(p_doctor, p_text, true);
    toks text[];
    cands jsonb;
    best record;
    second record;
    chosen bigint;
    reason text;
    intents jsonb;
BEGIN
    SELECT coalesce(array_agg(t), '{}') INTO toks FROM jsonb_array_elements_text(a -> 'tokens') t;
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'question', k.question, 'score', round(m.score::numeric, 3),
                                                 'coverage', round(m.coverage::numeric, 3),
                                                 'fit', round(m.fit::numeric, 3), 'missing', to_jsonb(m.missing))
                              ORDER BY m.score DESC, m.id), '[]')
    INTO cands
    FROM kb_match_tokens(p_doctor, toks, 4) m JOIN kb_entries k ON k.id = m.id;
    SELECT * INTO best FROM kb_match_tokens(p_doctor, toks, 2) ORDER BY score DESC, id LIMIT 1;
    SELECT * INTO second FROM kb_match_tokens(p_doctor, toks, 2) ORDER BY score DESC, id OFFSET 1 LIMIT 1;
    IF cardinality(toks) = 0 THEN
        reason := 'no meaningful words';
    ELSIF best.id IS NULL THEN
        reason := 'the doctor has no enabled entries';
    ELSIF best.score = 0 THEN
        reason := 'no entry shares a word with the question';
    ELSIF best.score < p_threshold THEN
        reason := format('best score %s is below the threshold %s', round(best.score::numeric, 3), p_threshold);
        IF cardinality(best.missing) > 0 THEN
            reason := reason || format('; near miss: the entry does not cover "%s"', array_to_string(best.missing, ' '));
        END IF;
    ELSIF second.id IS NOT NULL AND best.score - second.score < p_margin THEN
        reason := format('ambiguous: entries %s and %s score %s and %s (margin %s)', best.id, second.id,
                         round(best.score::numeric, 3), round(second.score::numeric, 3), p_margin);
    ELSE
        chosen := best.id;
        reason := format('score %s reaches the threshold %s', round(best.score::numeric, 3), p_threshold);
        IF second.id IS NOT NULL THEN
            reason := reason || format(' and beats the runner-up by %s', round((best.score - second.score)::numeric, 3));
        END IF;
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object('intent', i.intent, 'score', round(i.score::numeric, 3))
                              ORDER BY i.score DESC), '[]')
    INTO intents FROM kb_intent_tokens(p_doctor, toks, 3) i;
    RETURN a || jsonb_build_object('candidates', cands, 'chosen', chosen, 'reason', reason,
                                   'threshold', p_threshold, 'margin', p_margin,
                                   'intent', kb_intent_choose(p_doctor, p_text), 'intents', intents);
END
$$;
