-- NOT a migration: measured in issue 14 round 8 and not kept (README "the match's token weights ...: measured, not kept");
-- kept in round 10 as deploy/migrations/066_perf14.sql (the same definition; README "Round 10, a new text's cost").
-- Applied by hand to a scratch database for bench/router/weights_kept.py.
-- 056: performance, round 8 (issue 14): a new text's token weights (kb_token_weights_kept, 039) cheaper, the same rows
-- in the same order.
--
-- The match's scoring (kb_match_tokens_lexical) calls kb_token_weights_kept(d, toks, false) once per new text: ~200 us
-- of self time a call (README "Performance", round 8). Profiled (perf on the backend, EXPLAIN ANALYZE through
-- auto_explain of its one statement): no sequential scan of a large table, no planning (the generic plan 039 keeps);
-- the time went into (1) the concept test `EXISTS (SELECT 1 FROM kb_concepts ..)` run as a HASHED subplan, i.e. a hash
-- table of EVERY concept word of the lexicon built at each call, and built twice, as the final SELECT reads `b.base`
-- twice and the CTE b was inlined with its CASE copied into both places (~18 % of the backend's samples, and it grows
-- with the lexicon, not with the text); (2) starting the executor for plan nodes that a call with p_intents false
-- never runs (the intents' EXISTS over kb_examples in the CASE, also twice).
--
-- The same query (026's kb_token_weights body), with:
-- - the concept test a scalar sub-select on kb_concepts' primary key (an index probe for each word that reaches that
--   branch of the CASE: no hash of the lexicon). The same truth value: word is kb_concepts' key, so the sub-select
--   returns true or no row (NULL: the WHEN is not taken, as EXISTS false);
-- - b kept as its own subquery (OFFSET 0): its CASE is evaluated once per word;
-- - for p_intents false (the only value the match passes) the CASE's p_intents branches left out; a call with
--   p_intents true runs kb_token_weights itself, as before.
-- The joins are untouched: the df CTE keeps its UNION ALL with the intents' branch (p_intents a parameter, as in the
-- SQL function's generic plan), so the planner sees the same three inputs with the same estimates and picks the same
-- join tree, whose hash join emits the rows in the order the score's float sums depend on (039's note). Checked:
-- bench/router/weights_kept.py, every call the router's statement makes over every tests/kb_eval pair and bench
-- question (every row, its order, base and weight as exact floats) and the statement's every candidate row.
--
-- The weight rule is now written twice: kb_token_weights (026) stays its definition for the intents' side
-- (kb_intent_score, kb_intent_token_weights), and this copy must follow any change to it
-- (tests/e2e/test_kb_understand.py compares the two).
-- kb_name_words (039) is NOT changed: the variants measured (the folded word computed once per word, the probes
-- reordered) were within the noise (README, round 8).
CREATE OR REPLACE FUNCTION kb_token_weights_kept(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF p_intents THEN
        RETURN QUERY SELECT kw.t, kw.base, kw.w FROM kb_token_weights(p_doctor, p_toks, p_intents) kw;
        RETURN;
    END IF;
    RETURN QUERY
    WITH df AS (
        SELECT u.t, count(DISTINCT x.entry_id) AS n
        FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t)
        WHERE NOT p_intents AND x.doctor_id = p_doctor AND (x.toks || x.ktoks) && p_toks AND u.t = ANY (p_toks)
        GROUP BY u.t
        UNION ALL
        SELECT u.t, count(DISTINCT i.intent)
        FROM kb_intents i, unnest(i.toks) u(t)
        WHERE p_intents AND (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND i.toks && p_toks AND u.t = ANY (p_toks)
        GROUP BY u.t),
    b AS (
        SELECT a.t, df.n,
               coalesce(kw.weight,
                        CASE WHEN a.t ~ '^[0-9]' THEN 0.3
                             WHEN (SELECT true FROM kb_concepts y WHERE y.word = a.t) THEN 1
                             WHEN df.n IS NOT NULL THEN 0.8
                             ELSE 0.6 END) AS base
        FROM (SELECT DISTINCT unnest(p_toks) AS t) a
        LEFT JOIN df ON df.t = a.t LEFT JOIN kb_weights kw ON kw.word = a.t
        OFFSET 0)
    SELECT b.t, b.base, b.base / (1 + 0.5 * ln(greatest(coalesce(b.n, 1), 1))) FROM b;
END
$$;
