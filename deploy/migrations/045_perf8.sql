-- 045: performance, round 6 (issue 14): a new text's intent decision without weighing every example word per text.
--
-- kb_intent_score (030/033/036/041) weighed, for every new text, the text's words AND every word of every example of
-- every candidate intent (kb_token_weights over ~100 distinct words, counting the intents of each over the candidate
-- rows), gathered every candidate intent's known words, and for the fit summed each example's word weights by
-- scanning the weights once per example (~300 examples x ~100 weights, twice). None of that but the text's own words
-- depends on the text: an intent example word's weight depends only on the global intent rows (how many intents use
-- it), kb_weights.intent_weight and kb_intent_words (the doctor's entries and the lexicon's concepts only weigh a
-- word that NO intent uses: kb_token_weights' `df.n IS NOT NULL` branch comes first, and 030's concept rule needs a
-- base of 0.3, which an intent word without an intent_weight never has). So they are kept as data:
-- - kb_intent_word_facts: every word of the global intent rows with its intent weight (base, w), computed by the same
--   expressions as before (kb_intent_token_weights: 026's kb_token_weights and 030's adjustment, one definition),
--   and the intents and examples that use it;
-- - kb_intent_example_facts: every global intent row with its tokens and the sum of its words' weights;
-- - kb_intent_known: every intent's known words (the union of its examples' tokens).
-- They are rewritten where they changed (kb_intent_facts_refresh, 20-60 ms) by statement triggers on everything they
-- are made of: kb_intents (rows added, changed or removed, by a migration, `UPDATE kb_intents SET example = example`
-- after a lexicon change, or by hand), kb_weights and kb_intent_words; kb_intent_keys is read live (11 rows).
-- A doctor with intent rows of its own (their words change the counts of intents per word, for that doctor only)
-- is scored by 041's query unchanged. Per text, only the text's words are weighed (the words no intent uses by
-- kb_intent_other_weights, 026/030's rules for such a word), the candidates are the intents of the text's words
-- (kb_intent_word_facts.intents), only their examples that share a word with the text are read (by id), and each
-- one's fit is its precomputed sum plus the text's words it has.
--
-- Same decisions and scores on every (doctor, text) of tests/kb_eval (bench/router/intent_identity.py: every scored
-- intent row, label and runner-up): the words' weights are bit for bit the same (same expressions, same inputs);
-- sums of several weights are added in another order than 041's (whose order came from a hash join's output), so a
-- score may differ in its last bits (README "Performance", round 6, gives the count and the largest difference).

-- The intent weight of each token for one doctor (030/041's raw + wt: kb_token_weights(p_intents) then the intents'
-- own words and the lexicon's concepts); called with a plain array, it is inlined.
CREATE OR REPLACE FUNCTION kb_intent_token_weights(p_doctor uuid, p_toks text[])
RETURNS TABLE (t text, base double precision, w double precision) LANGUAGE sql STABLE AS $$
    SELECT raw.t, x.base, raw.w * x.base / raw.base AS w
    FROM kb_token_weights(p_doctor, p_toks, true) raw,
         LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM kb_weights kw
                                           WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                   THEN raw.base
                              WHEN EXISTS (SELECT 1 FROM kb_intent_words iw WHERE iw.word = raw.t)
                                   THEN (SELECT iw.weight FROM kb_intent_words iw WHERE iw.word = raw.t)
                              WHEN raw.base = 0.3 AND raw.t !~ '^[0-9]'
                                   AND NOT EXISTS (SELECT 1 FROM kb_weights kw
                                                   WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                   AND EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = raw.t)
                              THEN 1 ELSE raw.base END AS base) x
$$;

-- The same for words that no intent row of the doctor's (global or its own) uses, as the text's other words are:
-- kb_token_weights counts no intent for them (n is NULL, so w = base / (1 + 0.5 ln 1) = base exactly) and gives them
-- intent_weight, else 0.3 for a number, 1 for a word of the doctor's entries, 0.3 for any other; then 030's rules.
-- Only index look-ups per word (kb_token_weights' plan builds hashes of kb_concepts and kb_intent_words per call).
CREATE OR REPLACE FUNCTION kb_intent_other_weights(p_doctor uuid, p_toks text[])
RETURNS TABLE (t text, base double precision, w double precision) LANGUAGE sql STABLE AS $$
    WITH r AS MATERIALIZED (
        SELECT a.t, (SELECT kw.intent_weight FROM kb_weights kw WHERE kw.word = a.t) AS intent_weight,
               (SELECT iw.weight FROM kb_intent_words iw WHERE iw.word = a.t) AS iweight,
               EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = a.t) AS concept,
               EXISTS (SELECT 1 FROM kb_examples x WHERE x.doctor_id = p_doctor AND a.t = ANY (x.toks || x.ktoks))
                   AS entry_word
        FROM (SELECT DISTINCT unnest(p_toks) AS t) a),
    rb AS MATERIALIZED (
        SELECT r.*, coalesce(r.intent_weight, CASE WHEN r.t ~ '^[0-9]' THEN 0.3 WHEN r.entry_word THEN 1 ELSE 0.3 END)
                        AS base
        FROM r)
    SELECT rb.t, x.base, rb.base * x.base / rb.base AS w
    FROM rb, LATERAL (SELECT CASE WHEN rb.intent_weight IS NOT NULL THEN rb.base
                                  WHEN rb.iweight IS NOT NULL THEN rb.iweight
                                  WHEN rb.base = 0.3 AND rb.t !~ '^[0-9]' AND rb.concept THEN 1
                                  ELSE rb.base END AS base) x
$$;

CREATE TABLE IF NOT EXISTS kb_intent_word_facts (
    word    text PRIMARY KEY,
    base    double precision NOT NULL,
    w       double precision NOT NULL,
    intents text[] NOT NULL,           -- the intents of the global examples that use it
    examples bigint[] NOT NULL         -- and those examples (kb_intents.id)
);
CREATE TABLE IF NOT EXISTS kb_intent_example_facts (
    id     bigint PRIMARY KEY,          -- kb_intents.id (global rows only)
    intent text NOT NULL,
    toks   text[] NOT NULL,
    wsum   double precision NOT NULL    -- the sum of its distinct words' w
);
CREATE TABLE IF NOT EXISTS kb_intent_known (
    intent text PRIMARY KEY,
    known  text[] NOT NULL
);
-- the router and ai read them by the default privileges (007); the dashboard's "try a question" explains intents
GRANT SELECT ON kb_intent_word_facts, kb_intent_example_facts, kb_intent_known TO wa_dashboard;

-- Rebuilds the three tables from the global intent rows (runs as the owner: a trigger of any role's change). Two
-- transactions that change intent rows at once rebuild one after the other (the lock lets readers read; each
-- statement of this VOLATILE function sees what the other committed).
CREATE OR REPLACE FUNCTION kb_intent_facts_refresh() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    v_words text[];
BEGIN
    LOCK TABLE kb_intent_word_facts, kb_intent_example_facts, kb_intent_known IN SHARE ROW EXCLUSIVE MODE;
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
END
$$;

CREATE OR REPLACE FUNCTION kb_intent_facts_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM kb_intent_facts_refresh();
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kb_intents', 'kb_weights', 'kb_intent_words'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_intent_facts ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_intent_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %1$I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_intent_facts_changed()', t);
    END LOOP;
END
$$;

SELECT kb_intent_facts_refresh();
ANALYZE kb_intent_word_facts, kb_intent_example_facts, kb_intent_known;

-- 041's kb_intent_score: the same scores from the facts above; 041's query for a doctor with intent rows of its own.
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
    v_ex bigint[];
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
        v_ex := ARRAY(SELECT DISTINCT unnest(f.examples) FROM kb_intent_word_facts f WHERE f.word = ANY (v_toks));
        RETURN QUERY
        -- the candidates' examples that share a word with the text (the others fit 0)
        WITH exo AS MATERIALIZED (
            SELECT e.intent, e.toks, e.wsum FROM kb_intent_example_facts e
            WHERE e.id = ANY (v_ex) AND e.intent = ANY (v_cand)),
        cand AS MATERIALIZED (
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
        -- an example sharing no word with the text fits 0: the best is among those that share one
        fit AS (SELECT exo.intent,
                       max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (exo.toks)), 0)
                           / (qw.total + exo.wsum)) AS f
                FROM exo, qw GROUP BY exo.intent)
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

-- 028's decision rule, unchanged, in PL/pgSQL: the router asks for it once per new text in its own statement, where
-- a LANGUAGE sql function called for a value is planned again at every statement; PL/pgSQL keeps the plan.
CREATE OR REPLACE FUNCTION kb_intent_choose_tokens(p_doctor uuid, p_toks text[]) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (WITH c AS MATERIALIZED (SELECT i.intent, i.score, row_number() OVER (ORDER BY i.score DESC, i.intent) AS n
                                    FROM kb_intent_tokens(p_doctor, p_toks, 2) i)
            SELECT CASE WHEN a.score >= 0.75 AND a.score - coalesce(b.score, 0) >= 0.06 THEN a.intent END
            FROM c a LEFT JOIN c b ON b.n = 2 WHERE a.n = 1);
END
$$;
