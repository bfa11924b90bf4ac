-- 139: performance, round 26 (issue 14): the router's statement for new texts in two steps, so that a new text whose
-- analysis the router has seen before at its clinic (the same tokens) is not scored again.
--
-- router_understand_batch (093) analyses each text (kb_analyse_parts' tokens), then chooses the intent and scores the
-- clinic's entries from those tokens alone: nothing after the analysis reads the text. Round 25 measured the score
-- at 75-92 % of a first sighting and the analysis at 11-13 %. Texts that differ as text often analyse alike:
-- "What are your timings?" and "timings pls" are {timing}, "fees kitni hai" and "what is the fee" {fee}; over
-- tests/kb_eval's questions (every set, each clinic's own) 14,741 distinct texts analyse to 6,496 distinct token
-- lists at their clinic (0.44). So the router asks in two statements: the analysis of its new texts
-- (router_analyse_batch: the tokens), then, for the token lists it has no answer for at that clinic and knowledge-base
-- version (services/router/route.c keeps them in its answer cache beside the texts), the intent and the candidates
-- (router_understand_tokens). The same rows as router_understand_batch, which stays for wa_kb_lookup_batch and the
-- evaluation: the second statement is 093's with the tokens given instead of computed (identity measured by
-- bench/router/two_step.py over every kb_eval pair; asserted in tests/e2e/test_kb_understand.py). Both carry 093's
-- generic plan and 121's jit = off (the second inlines the score, whose estimate passes jit_above_cost).

-- The tokens of each text at its doctor, typo correction included: 093's u.toks.
CREATE OR REPLACE FUNCTION router_analyse_batch(p_batch jsonb)
    RETURNS TABLE (i integer, toks text[])
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT x.i, (kb_analyse_parts(x.d, x.q, true)).o_tokens
      FROM jsonb_to_recordset(p_batch) AS x(i int, d uuid, q text)
     ORDER BY x.i;
END
$$;

-- 093's statement on tokens given (t, a text[] literal as router_analyse_batch returned it) instead of a text.
CREATE OR REPLACE FUNCTION router_understand_tokens(p_batch jsonb)
    RETURNS TABLE (i integer, label text, id text, question text, answer text, score double precision)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    SET jit = off
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
          FROM jsonb_to_recordset(p_batch) AS x(i int, d uuid, t text[], f boolean)
         CROSS JOIN LATERAL (SELECT coalesce(x.t, '{}') AS toks OFFSET 0) t),
    n AS MATERIALIZED (SELECT x.d, kb_name_words(x.d) AS names FROM (SELECT DISTINCT u.d FROM u) x)
    SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score
      FROM u LEFT JOIN n ON n.d = u.d
      LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score
                           FROM kb_match_tokens_names(u.d, u.toks, n.names, 4) m
                           JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d
                          WHERE EXISTS (SELECT 1 FROM kb_examples x JOIN kb_entries ke ON ke.id = x.entry_id AND ke.enabled
                                        WHERE x.doctor_id = u.d AND ke.doctor_id = u.d
                                          AND (x.toks || x.ktoks) && ARRAY(SELECT t FROM unnest(u.toks) t
                                                                           WHERE NOT t = ANY (n.names)))
                         OFFSET 0) k ON true
     ORDER BY u.i, k.score DESC, k.id;
END
$$;
