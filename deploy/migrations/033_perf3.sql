-- 033: performance, round 3 (issue 14): the intents' scoring without planning it again for every text.
--
-- Measured on 032's predecessor (tests/kb_eval's doctors, every text of every set, auto_explain with nested
-- statements): kb_intent_choose_tokens cost ~2.4 ms a text, kb_match_tokens ~0.3 ms. Most of the intent time was
-- not execution but PLANNING: a LANGUAGE sql function called from a FROM clause whose arguments hold a subquery is
-- not inlined, and its plan lives only as long as the executor that calls it, so kb_intent_score (from
-- kb_intent_tokens, its argument a sub-select) and kb_token_weights (from kb_intent_score, the same) were planned
-- afresh for each text, ~70 % of the time. kb_intent_score is now PL/pgSQL running THE SAME query (RETURN QUERY),
-- whose plan PL/pgSQL keeps for the session; kb_token_weights is called with a plain column argument, so the planner
-- inlines it into that query (its body, 026's, is untouched and stays the single definition of the weights).
-- Signatures, results (labels and scores, bit for bit: bench/router/intent_identity.py over tests/kb_eval)
-- and kb_intent_tokens / kb_intent_choose_tokens are unchanged.

CREATE OR REPLACE FUNCTION kb_intent_score(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent = ANY (ARRAY(
                  SELECT c.intent FROM (SELECT DISTINCT j.intent FROM kb_intents j WHERE j.toks && p_toks
                                          AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor)) c
                  WHERE NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                    WHERE k.intent = c.intent AND NOT k.keys && p_toks)))),
    -- 030's weights: the text's words and every word of the candidate intents' examples (a plain argument: inlined)
    allt AS MATERIALIZED (SELECT p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}') FROM ex, unnest(ex.toks) u)
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
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known,
                   (SELECT k.min_miss FROM kb_intent_keys k WHERE k.intent = ex.intent) AS min_miss
            FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE t = ANY (ent.known)), 0) AS hitbase,
                                      coalesce(sum(CASE WHEN ent.intent = 'greeting' THEN greatest(base, 1)
                                                        ELSE greatest(base, coalesce(ent.min_miss, 0)) END)
                                               FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
           cov.missing
    FROM cov JOIN fit USING (intent)
    ORDER BY 2 DESC, 1 LIMIT p_limit;
END
$$;
