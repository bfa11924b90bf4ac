-- 069: performance, round 11 (issue 14): a new text's intent (kb_intent_score) cheaper, the same scores bit for bit.
--
-- Measured first (README, "Round 11, the intent's cost"): on the kb_eval texts kb_intent_score is the largest part of
-- a new text's backend time after the analysis, and most of it is its last statement's fit: every global example
-- sharing a word with the text (~90 for a text naming "appointment") read from kb_intent_example_facts by its id, one
-- index descent each (`e.id = ANY (v_ex)`), then one sub-select a example summing the text's word weights it has.
-- None of that needs the example's row: an example's fit needs only its intent, its precomputed wsum and which of
-- the text's words it has, and kb_intent_word_facts already lists, per word, the examples that use it.
-- - kb_intent_word_examples: per word of the global intent rows, its examples (kb_intent_word_facts.examples, in the
--   same order) with each example's intent and wsum (kb_intent_example_facts) as parallel arrays; written by
--   kb_intent_facts_refresh (045's, with this one step added at its end), so it changes whenever the facts do.
-- - kb_intent_score's fit reads the text's words' rows of it (a few key probes) and sums, per example, the weights of
--   the text's words it has IN THE ORDER of the text's words' CTE (wt), as 045's sub-select over wt did: the same
--   float additions in the same order, the same sums bit for bit; max() of the same values. The examples considered
--   are the same (045's v_ex: the examples of the text's words that are facts; its exo: those of a candidate intent).
-- Everything else of kb_intent_score is 045's, unchanged (the 041 path of a doctor with intent rows of its own too).
-- kb_intent_word_facts itself is not written by this migration: its rows' physical order is wt's order, which the
-- score's other sums depend on.
-- Identity: bench/router/intent_identity.py (every kb_eval text, every scored intent row, label and runner-up, and the
-- data changed after the migration); tests/e2e/test_kb_understand.py compares kb_intent_score with 045's definition
-- (and kb_intent_tokens, changed below, with 065's) over the intents' dev set, also after the data change.

CREATE TABLE IF NOT EXISTS kb_intent_word_examples (
    word     text PRIMARY KEY,           -- kb_intent_word_facts.word
    examples bigint[] NOT NULL,          -- kb_intent_word_facts.examples, in its order
    intents  text[] NOT NULL,            -- each example's intent (kb_intent_example_facts.intent)
    wsums    double precision[] NOT NULL -- and its wsum
);
GRANT SELECT ON kb_intent_word_examples TO wa_dashboard;

-- 045's kb_intent_facts_refresh, with kb_intent_word_examples written at its end (from the two tables it has just
-- written)
CREATE OR REPLACE FUNCTION kb_intent_facts_refresh() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    v_words text[];
BEGIN
    LOCK TABLE kb_intent_word_facts, kb_intent_example_facts, kb_intent_known, kb_intent_word_examples
        IN SHARE ROW EXCLUSIVE MODE;
    v_words := ARRAY(SELECT DISTINCT u FROM kb_intents i, unnest(i.toks) u WHERE i.doctor_id IS NULL);
    -- only what changed is written (a change elsewhere leaves the rows as they are: no dead rows to read past)
    WITH n AS (
        SELECT kw.t AS word, kw.base, kw.w,
               ARRAY(SELECT DISTINCT i.intent FROM kb_intents i
                     WHERE i.doctor_id IS NULL AND kw.t = ANY (i.toks) ORDER BY 1) AS intents,
               ARRAY(SELECT i.id FROM kb_intents i WHERE i.doctor_id IS NULL AND kw.t = ANY (i.toks) ORDER BY 1)
                   AS examples
        FROM kb_intent_token_weights(NULL, v_words) kw),
    gone AS (DELETE FROM kb_intent_word_facts f WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.word = f.word))
    INSERT INTO kb_intent_word_facts AS f (word, base, w, intents, examples)
    SELECT n.word, n.base, n.w, n.intents, n.examples FROM n
    ON CONFLICT (word) DO UPDATE SET base = excluded.base, w = excluded.w, intents = excluded.intents,
                                     examples = excluded.examples
        WHERE (f.base, f.w, f.intents, f.examples) IS DISTINCT FROM
              (excluded.base, excluded.w, excluded.intents, excluded.examples);
    WITH n AS (
        SELECT i.id, i.intent, i.toks,
               coalesce((SELECT sum(f.w) FROM kb_intent_word_facts f WHERE f.word = ANY (i.toks)), 0) AS wsum
        FROM kb_intents i WHERE i.doctor_id IS NULL AND cardinality(i.toks) > 0),
    gone AS (DELETE FROM kb_intent_example_facts e WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.id = e.id))
    INSERT INTO kb_intent_example_facts AS e (id, intent, toks, wsum)
    SELECT n.id, n.intent, n.toks, n.wsum FROM n
    ON CONFLICT (id) DO UPDATE SET intent = excluded.intent, toks = excluded.toks, wsum = excluded.wsum
        WHERE (e.intent, e.toks, e.wsum) IS DISTINCT FROM (excluded.intent, excluded.toks, excluded.wsum);
    WITH n AS (
        SELECT i.intent, array_agg(DISTINCT u) AS known FROM kb_intents i, unnest(i.toks) u
        WHERE i.doctor_id IS NULL GROUP BY i.intent),
    gone AS (DELETE FROM kb_intent_known k WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.intent = k.intent))
    INSERT INTO kb_intent_known AS k (intent, known)
    SELECT n.intent, n.known FROM n
    ON CONFLICT (intent) DO UPDATE SET known = excluded.known WHERE k.known IS DISTINCT FROM excluded.known;
    -- 069: each word's examples with their intent and wsum (an example missing from the example facts, which no
    -- word's example is, would get NULLs: no candidate intent, as 045's exo read it)
    WITH n AS (
        SELECT f.word, f.examples,
               ARRAY(SELECT e.intent FROM unnest(f.examples) WITH ORDINALITY u(id, o)
                                          LEFT JOIN kb_intent_example_facts e ON e.id = u.id ORDER BY u.o) AS intents,
               ARRAY(SELECT e.wsum FROM unnest(f.examples) WITH ORDINALITY u(id, o)
                                        LEFT JOIN kb_intent_example_facts e ON e.id = u.id ORDER BY u.o) AS wsums
        FROM kb_intent_word_facts f),
    gone AS (DELETE FROM kb_intent_word_examples x WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.word = x.word))
    INSERT INTO kb_intent_word_examples AS x (word, examples, intents, wsums)
    SELECT n.word, n.examples, n.intents, n.wsums FROM n
    ON CONFLICT (word) DO UPDATE SET examples = excluded.examples, intents = excluded.intents, wsums = excluded.wsums
        WHERE (x.examples, x.intents, x.wsums) IS DISTINCT FROM (excluded.examples, excluded.intents, excluded.wsums);
END
$$;

SELECT kb_intent_facts_refresh();
ANALYZE kb_intent_word_examples;

-- 045's kb_intent_score; only the fit (and what it read) changed, as said above
CREATE OR REPLACE FUNCTION kb_intent_score(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
    -- the doctor's and the clinic's own name words say whom, not which conversation ("refer my neighbour to dr
    -- sharma"): not scored (kb_name_words keeps no concept, synonym or stop word)
    v_names text[];
    v_toks text[];
    v_cand text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kb_intents i WHERE i.doctor_id = p_doctor) THEN
        -- the doctor's and the clinic's name words are left out of the text's words (041). A name word is no
        -- concept of the lexicon, has no digit and at least 3 letters (kb_name_words): most intent texts have no
        -- such word (their words are the lexicon's concepts), and kb_name_words is not needed for them. For the
        -- others it is computed only when an intent could be a candidate with all the text's words: without the
        -- name words a text shares fewer words with the examples and names fewer key concepts.
        IF EXISTS (SELECT 1 FROM unnest(p_toks) t WHERE char_length(t) >= 3 AND t !~ '[0-9]'
                                                    AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = t)) THEN
            IF NOT EXISTS (SELECT 1 FROM kb_intent_word_facts f, unnest(f.intents) c(intent)
                           WHERE f.word = ANY (p_toks)
                             AND NOT EXISTS (SELECT 1 FROM kb_intent_keys k WHERE k.intent = c.intent
                                                                              AND NOT k.keys && p_toks)) THEN
                RETURN;
            END IF;
            v_names := kb_name_words(p_doctor);
            v_toks := CASE WHEN v_names && p_toks
                           THEN ARRAY(SELECT t FROM unnest(p_toks) t WHERE NOT t = ANY (v_names)) ELSE p_toks END;
        ELSE
            v_toks := p_toks;
        END IF;
        -- candidates: the intents of the global examples sharing a word with the text whose key concepts the text
        -- names and whose excluding words it does not (041's ex)
        v_cand := ARRAY(SELECT c.intent FROM (SELECT DISTINCT unnest(f.intents) AS intent FROM kb_intent_word_facts f
                                              WHERE f.word = ANY (v_toks)) c
                        WHERE NOT EXISTS (SELECT 1 FROM kb_intent_keys k WHERE k.intent = c.intent
                                            AND (NOT k.keys && v_toks OR k.not_with && v_toks)));
        IF cardinality(v_cand) = 0 THEN
            RETURN;
        END IF;
        RETURN QUERY
        WITH cand AS MATERIALIZED (
            SELECT c.intent, (SELECT k.min_miss FROM kb_intent_keys k WHERE k.intent = c.intent) AS min_miss
            FROM unnest(v_cand) c(intent)),
        -- the text's words: the intents' words from the facts, the others weighed as before
        other AS MATERIALIZED (
            SELECT ARRAY(SELECT DISTINCT t FROM unnest(v_toks) t
                         WHERE NOT EXISTS (SELECT 1 FROM kb_intent_word_facts f WHERE f.word = t)) AS a),
        wt AS MATERIALIZED (
            SELECT f.word AS t, f.base, f.w FROM kb_intent_word_facts f WHERE f.word = ANY (v_toks)
            UNION ALL
            SELECT kw.t, kw.base, kw.w FROM other, LATERAL kb_intent_other_weights(p_doctor, other.a) kw),
        qw AS (SELECT sum(w) AS total FROM wt),
        cov AS (SELECT cand.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                       (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(v_toks) t
                        WHERE NOT t = ANY (kn.known)) AS missing
                FROM cand JOIN kb_intent_known kn ON kn.intent = cand.intent,
                     LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (kn.known)), 0) AS hit,
                                     coalesce(sum(base) FILTER (WHERE t = ANY (kn.known)), 0) AS hitbase,
                                     coalesce(sum(CASE WHEN cand.intent = 'greeting' THEN greatest(base, 1)
                                                       ELSE greatest(base, coalesce(cand.min_miss, 0)) END)
                                              FILTER (WHERE NOT t = ANY (kn.known)), 0) AS miss
                              FROM wt) h),
        -- each candidate's examples sharing a word with the text (the others fit 0), each with the sum of the
        -- weights of the text's words it has, added in wt's order (ord: wt's rows as stored and read)
        ex AS (SELECT e.intent, e.wsum, sum(o.w ORDER BY o.ord) AS s
               FROM (SELECT row_number() OVER () AS ord, wt.t, wt.w FROM wt) o
                    JOIN kb_intent_word_examples we ON we.word = o.t,
                    unnest(we.examples, we.intents, we.wsums) e(id, intent, wsum)
               WHERE e.intent = ANY (v_cand)
               GROUP BY e.id, e.intent, e.wsum),
        fit AS (SELECT ex.intent, max(2 * ex.s / (qw.total + ex.wsum)) AS f
                FROM ex, qw GROUP BY ex.intent)
        SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
               cov.missing
        FROM cov JOIN fit USING (intent)
        ORDER BY 2 DESC, 1 LIMIT p_limit;
        RETURN;
    END IF;

    -- 041's query, unchanged
    v_names := kb_name_words(p_doctor);
    v_toks := CASE WHEN v_names && p_toks THEN ARRAY(SELECT t FROM unnest(p_toks) t WHERE NOT t = ANY (v_names))
                   ELSE p_toks END;
    RETURN QUERY
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(v_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent = ANY (ARRAY(
                  SELECT c.intent FROM (SELECT DISTINCT j.intent FROM kb_intents j WHERE j.toks && v_toks
                                          AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor)) c
                  WHERE NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                    WHERE k.intent = c.intent AND (NOT k.keys && v_toks OR k.not_with && v_toks))))),
    -- 030's weights: the text's words and every word of the candidate intents' examples (a plain argument: inlined)
    allt AS MATERIALIZED (SELECT v_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}') FROM ex, unnest(ex.toks) u)
                              AS a),
    raw AS MATERIALIZED (SELECT kw0.* FROM allt, LATERAL kb_token_weights(p_doctor, allt.a, true) kw0),
    wt AS MATERIALIZED (
        SELECT raw.t, x.base, raw.w * x.base / raw.base AS w
        FROM raw, LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM kb_weights kw
                                                    WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                            THEN raw.base
                                       WHEN EXISTS (SELECT 1 FROM kb_intent_words iw WHERE iw.word = raw.t)
                                            THEN (SELECT iw.weight FROM kb_intent_words iw WHERE iw.word = raw.t)
                                       WHEN raw.base = 0.3 AND raw.t !~ '^[0-9]'
                                            AND NOT EXISTS (SELECT 1 FROM kb_weights kw
                                                            WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                            AND EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = raw.t)
                                       THEN 1 ELSE raw.base END AS base) x),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (v_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known,
                   (SELECT k.min_miss FROM kb_intent_keys k WHERE k.intent = ex.intent) AS min_miss
            FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(v_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE t = ANY (ent.known)), 0) AS hitbase,
                                      coalesce(sum(CASE WHEN ent.intent = 'greeting' THEN greatest(base, 1)
                                                        ELSE greatest(base, coalesce(ent.min_miss, 0)) END)
                                               FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss
                               FROM wt WHERE t = ANY (v_toks)) h),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (v_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
           cov.missing
    FROM cov JOIN fit USING (intent)
    ORDER BY 2 DESC, 1 LIMIT p_limit;
END
$$;

-- 065's kb_intent_tokens with its two derived token arrays kept as subqueries (OFFSET 0): inlined into the router's
-- statement (kb_intent_choose_tokens'), the planner pulled them up and copied the words-of-when CASE, with its
-- ARRAY sub-select, into every place r.toks is read: ~25 init plans a text to start in the executor (most never run).
-- The same expressions, each evaluated once; the same rows.
CREATE OR REPLACE FUNCTION kb_intent_tokens(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 3)
RETURNS TABLE(intent text, score double precision, coverage double precision, fit double precision, missing text[])
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM (SELECT coalesce((SELECT keys FROM kb_intent_keys WHERE kb_intent_keys.intent = 'greeting'), '{}')
                            AS keys) g,
         -- words of when, in a text about an appointment: not scored
         LATERAL (SELECT CASE WHEN p_toks && ARRAY['book', 'appointment', 'meet', 'myappointment', 'cancel',
                                                    'reschedule']
                              THEN ARRAY(SELECT t FROM unnest(p_toks) t
                                         WHERE NOT (t = ANY (ARRAY['weekday', 'sunday', 'saturday', 'monday', 'weekend',
                                                                   'week', 'date', 'timing', 'today', 'tomorrow',
                                                                   'morning', 'evening', 'afternoon', 'night', 'day',
                                                                   'din', 'divas', 'दिन', 'दिवस', 'next', 'agla',
                                                                   'pudhcha', 'pudhchya', 'पुढच्या', 'पुढील',
                                                                   'upcoming', 'pm', 'month'])
                                                    OR t ~ '^[0-9]'))
                              ELSE p_toks END AS toks OFFSET 0) wh,
         LATERAL (SELECT CASE WHEN 'reschedule' = ANY (wh.toks) THEN array_remove(wh.toks, 'cancel') ELSE wh.toks END
                         AS toks OFFSET 0) r,
         LATERAL kb_intent_score(p_doctor,
                                 CASE WHEN r.toks <@ g.keys THEN r.toks
                                      WHEN r.toks && g.keys
                                           AND r.toks <@ coalesce((SELECT kn.known FROM kb_intent_known kn
                                                                   WHERE kn.intent = 'greeting'), '{}')
                                           AND NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                                           WHERE k.intent <> 'greeting'
                                                             AND k.keys && ARRAY(SELECT t FROM unnest(r.toks) t
                                                                                 WHERE NOT t = ANY (g.keys)))
                                      THEN r.toks
                                      ELSE ARRAY(SELECT t FROM unnest(r.toks) t WHERE NOT t = ANY (g.keys)) END,
                                 p_limit) s
$$;
