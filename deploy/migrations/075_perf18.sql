-- 075: performance, round 15 (issue 14): the router's statement for new texts planned once a session, not per call.
--
-- Measured first (bench/pg/router_statements.py with ROUTER_STATS_UNIQUE_PCT=10, the mix of bench/mix_sat.py, on a
-- router just started): wa_kb_understand_batch's statement (shared/src/kb.c: a batch's new texts, their tokens, the
-- intent and the candidates) was planned again at EVERY execution (pg_stat_statements: plans/call 1.00), 6.5-7.9 ms
-- of planning a call beside 10-12 ms of execution, since kb_match_tokens_names and the functions under it are SQL
-- functions the planner inlines into it. A prepared statement takes custom plans for its first five executions and
-- then keeps the generic plan only when that plan's estimated cost is below the custom plans' average; on the
-- first router of a fresh stack that comparison went to the custom plans for the whole run (plans/call 1.00), on the
-- next router started on the same, by then analysed, tables to the generic plan after five calls (0.02). The parameter is one jsonb (the texts): its value gives the
-- planner nothing, the custom and generic plans cost the same (54406.85 for 1, 8 and 40 texts).
--
-- router_understand_batch runs that statement (the same text, the jsonb as its parameter) with plan_cache_mode =
-- force_generic_plan for the call: PL/pgSQL keeps the plan of its RETURN QUERY for the session, so the statement is
-- planned once per connection (and again after DISCARD PLANS, every WA_PG_REPLAN_MS, or an invalidation). The
-- functions it calls see the same setting; their statements already ran on generic plans after their fifth call.
-- The rows and their order are the statement's (ORDER BY u.i, k.score DESC, k.id). shared/src/kb.c calls it.
CREATE OR REPLACE FUNCTION router_understand_batch(p_batch jsonb)
    RETURNS TABLE (i integer, label text, id text, question text, answer text, score double precision)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH u AS MATERIALIZED (
        SELECT x.i, x.d, t.toks, CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label
          FROM jsonb_to_recordset(p_batch) AS x(i int, d uuid, q text, f boolean)
         CROSS JOIN LATERAL (SELECT (kb_analyse_parts(x.d, x.q, true)).o_tokens AS toks OFFSET 0) t),
    n AS MATERIALIZED (SELECT x.d, kb_name_words(x.d) AS names FROM (SELECT DISTINCT u.d FROM u) x)
    SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score
      FROM u LEFT JOIN n ON n.d = u.d
      LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score
                           FROM kb_match_tokens_names(u.d, u.toks, n.names, 4) m
                           JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d) k ON true
     ORDER BY u.i, k.score DESC, k.id;
END
$$;
