-- 082: performance, round 13 (issue 14): a new text's intent is decided only when an intent could be a candidate.
--
-- Measured first (bench/router/new_text_cost.py, the router's statement one text a statement, the intent asked):
-- kb_intent_choose_tokens and the kb_intent_score it runs were ~120 us of a bench question's ~920 us of backend time,
-- and for 82 % of those questions (11 % of the kb_eval pairs) kb_intent_score returned nothing after its third short
-- statement: no global intent has a word of the text whose key concepts the text names (the test below skips 82 % of
-- the bench's questions, 90 % of its paraphrases, 33 % of the kb_eval pairs). Those texts still paid two
-- PL/pgSQL calls, kb_intent_tokens' subqueries and three statements' executor start and end.
--
-- router_understand_batch (075's statement otherwise unchanged) asks that question first, in the statement itself (a
-- subplan started once per statement, not per text), and calls kb_intent_choose_tokens only when the answer is yes
-- or the clinic has intents of its own (kb_intent_score's 041 path, not read here). The label stays exactly what it
-- was: kb_intent_score scores only the candidates of a text's words v_toks, a subset of the tokens (kb_intent_tokens
-- leaves words of when, 'cancel' beside 'reschedule' and greeting keys out; kb_intent_score the clinic's name
-- words), and a candidate is an intent of kb_intent_word_facts for a word of v_toks with no kb_intent_keys row whose
-- keys miss v_toks; such an intent is then also one for the whole tokens (a word of v_toks is one of the tokens,
-- keys meeting v_toks meet the tokens). So when no intent passes this test on the tokens, kb_intent_score returns no
-- row, and kb_intent_choose_tokens NULL, which is what the CASE gives. kb_intent_score still runs its own tests.
CREATE OR REPLACE FUNCTION router_understand_batch(p_batch jsonb)
    RETURNS TABLE (i integer, label text, id text, question text, answer text, score double precision)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH u AS MATERIALIZED (
        SELECT x.i, x.d, t.toks,
               CASE WHEN x.f
                         AND (EXISTS (SELECT 1 FROM kb_intents ki WHERE ki.doctor_id = x.d OFFSET 0)
                              OR EXISTS (SELECT 1 FROM kb_intent_word_facts wf, unnest(wf.intents) c(intent)
                                         WHERE wf.word = ANY (t.toks)
                                           AND NOT EXISTS (SELECT 1 FROM kb_intent_keys kk
                                                           WHERE kk.intent = c.intent AND NOT kk.keys && t.toks)))
                    THEN kb_intent_choose_tokens(x.d, t.toks) END AS label
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
