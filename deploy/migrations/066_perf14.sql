-- 066: performance, round 10 (issue 14): the match's token weights (kb_token_weights_kept) cheaper, the same rows in
-- the same order.
--
-- Measured first (bench/router/new_text_cost.py on main after 061, the router's statement one text a statement;
-- README, "Round 10, a new text's cost"): kb_token_weights_kept is the largest part of a new text that is not the
-- matcher's scoring or the intent's after the analysis, ~20 % of the backend's time a text. Every caller of it (the
-- match's scoring, kb_match_tokens_lexical and its predecessors) passes p_intents false. Its one statement (026's
-- kb_token_weights body, inlined) spent its time (round 8's profile, bench/pg/weights_kept_proposal.sql) in (1) the
-- concept test `EXISTS (SELECT 1 FROM kb_concepts ..)` run as a HASHED subplan, a hash table of every concept word of
-- the lexicon built at each call, and twice, as the final SELECT reads `b.base` twice and the inlined CTE copies its
-- CASE into both places; (2) starting the executor for plan nodes a call with p_intents false never runs (the intents'
-- EXISTS over kb_examples in the CASE, also twice).
--
-- For p_intents false, the same query with:
-- - the concept test a scalar sub-select on kb_concepts' primary key (an index probe for each word that reaches that
--   branch of the CASE): the same truth value (word is the key: true or no row, i.e. NULL, the WHEN not taken, as
--   EXISTS false);
-- - b kept as its own subquery (OFFSET 0): its CASE evaluated once a word;
-- - the CASE's p_intents branches left out (false here).
-- The joins are untouched: the df CTE keeps its UNION ALL with the intents' branch (p_intents a parameter, as in the
-- SQL function's generic plan), so the planner sees the same inputs with the same estimates and picks the same join
-- tree, whose hash join emits the rows in the order the score's float sums depend on (039's note). A call with
-- p_intents true runs kb_token_weights itself, as before.
--
-- The weight rule is written twice: kb_token_weights (026) stays its definition (the intents' side calls it), and
-- this copy must follow any change to it: tests/e2e/test_kb_understand.py compares the two, row by row in order, on
-- the texts of several clinics. Identity and figures: README "Round 10, a new text's cost" (bench/router/weights_kept.py).
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
