-- 140: performance (issue 14): a clinic's knowledge base as the router's own score reads it (services/router/kbscore.c).
--
-- Round 25 put kb_match_tokens_names, the score over the clinic's entries, at 75-92 % of a first sighting's backend
-- time, and round 24 found it the executor walking a large plan of arrays and CTEs: no statement to tune. The router
-- computes the same rows in C from everything the score reads, fetched once per knowledge-base version. The SQL stays
-- the reference; bench/router/kbscore_parity.py compares the two.
--
-- What the score reads, each as the SQL reads it:
-- - the clinic's name words (kb_name_words), its specialty's words (kb_doctor_specialty);
-- - kb_narrower's rows of the clinic and the global ones (the clinic's row wins for its concept);
-- - its enabled entries, with what the score asks of their answers (three regular expressions and kb_tokens of the
--   answer's priced sentences, which kb_answer_prices reads): computed here, once, so the C needs no regex engine and
--   no analysis;
-- - kb_examples' rows of those entries (toks, ktoks);
-- - the token weights' inputs: kb_doctor_token_df of the clinic, kb_weights and kb_concepts;
-- - and each entry's question and answer, which the router sends or hands to the ai stage as context.
CREATE OR REPLACE FUNCTION kb_score_snapshot(p_doctor uuid) RETURNS jsonb
    LANGUAGE sql STABLE
AS $$
    SELECT jsonb_build_object(
        'names', to_jsonb(coalesce(kb_name_words(p_doctor), '{}'::text[])),
        'specialty', coalesce((SELECT to_jsonb(s.words) FROM kb_doctor_specialty s WHERE s.doctor_id = p_doctor),
                              '[]'::jsonb),
        'narrower', coalesce((SELECT jsonb_agg(jsonb_build_array(r.concept, r.broader, r.doctor_id IS NOT NULL)
                                               ORDER BY r.concept, r.doctor_id NULLS LAST, r.broader)
                              FROM kb_narrower r WHERE r.doctor_id IS NULL OR r.doctor_id = p_doctor), '[]'::jsonb),
        'entries', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'id', k.id, 'q', k.question, 'a', k.answer,
                                 'phone', k.answer ~ '[0-9][0-9 -]{6,}[0-9]',
                                 'period', k.answer ~* ('[0-9०-९]\s*(?:/-)?\s*(?:per|a|an|every|each|/)\s*(?:month|year|annum)\M'
                                                       || '|[0-9०-९]\s*(?:/-)?\s*(?:प्रति|हर)\s*(?:माह|महीना|महीने|वर्ष|साल)'
                                                       || '|[0-9०-९]\s*(?:/-)?\s*(?:दरमहा|दर महिना|दर महिन्याला|दरवर्षी|दर वर्षी)'),
                                 'priced', coalesce((SELECT jsonb_agg(to_jsonb(kb_tokens(p_doctor, s, false)))
                                                     FROM regexp_split_to_table(k.answer, '[.!?;।]+(\s+|$)') s
                                                     WHERE s ~* ('(rs\.?|₹|inr|rupees?)\s*[0-9०-९]|[0-9०-९]\s*(/-|rs\M|rupees|रुपये|रुपए|रु)'
                                                                 || '|\mfree\M|मुफ्त|मोफत|निःशुल्क')), '[]'::jsonb))
                                 ORDER BY k.id)
                             FROM kb_entries k WHERE k.doctor_id = p_doctor AND k.enabled), '[]'::jsonb),
        'examples', coalesce((SELECT jsonb_agg(jsonb_build_array(x.entry_id, to_jsonb(x.toks), to_jsonb(x.ktoks))
                                               ORDER BY x.entry_id, x.ctid)
                              FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled
                              WHERE x.doctor_id = p_doctor AND k.doctor_id = p_doctor), '[]'::jsonb),
        'df', coalesce((SELECT jsonb_object_agg(df.t, df.n) FROM kb_doctor_token_df df WHERE df.doctor_id = p_doctor),
                       '{}'::jsonb),
        'weights', coalesce((SELECT jsonb_object_agg(w.word, w.weight) FROM kb_weights w), '{}'::jsonb),
        'concepts', coalesce((SELECT jsonb_agg(c.word ORDER BY c.word) FROM (SELECT DISTINCT y.word FROM kb_concepts y) c),
                             '[]'::jsonb))
$$;

-- The intent labels of router_understand_tokens (139), without the candidates: the router scores those itself now
-- (services/router/kbscore.c) and asks PostgreSQL only for the intent, of the token lists a flow asks it of ("f").
CREATE OR REPLACE FUNCTION router_understand_labels(p_batch jsonb)
    RETURNS TABLE (i integer, label text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT x.i,
           CASE WHEN x.f
                     AND (EXISTS (SELECT 1 FROM kb_intents ki WHERE ki.doctor_id = x.d OFFSET 0)
                          OR EXISTS (SELECT 1 FROM kb_intent_word_facts wf, unnest(wf.intents) c(intent)
                                     WHERE wf.word = ANY (t.toks)
                                       AND NOT EXISTS (SELECT 1 FROM kb_intent_keys kk
                                                       WHERE kk.intent = c.intent AND NOT kk.keys && t.toks)))
                THEN kb_intent_choose_tokens(x.d, t.toks) END
      FROM jsonb_to_recordset(p_batch) AS x(i int, d uuid, t text[], f boolean)
     CROSS JOIN LATERAL (SELECT coalesce(x.t, '{}') AS toks OFFSET 0) t
     ORDER BY x.i;
END
$$;
