-- 039: performance, round 5 (issue 14): a new text's knowledge-base scoring without planning it again.
--
-- The router asks for a new text's candidates in one prepared statement (shared/src/kb.c), whose plan PostgreSQL
-- keeps; kb_match_tokens and kb_match_tokens_scored are inlined into it. Two functions they call were not: a
-- LANGUAGE sql function is inlined only from a FROM clause and only when its arguments hold no sub-select, and
-- otherwise its body is planned afresh in every statement that calls it (its plan lives only as long as the
-- caller's executor). kb_token_weights (called with `p_toks || (SELECT ..)`) and kb_name_words (a scalar call,
-- evaluated once per word of the text) were planned again for every statement, i.e. for every new text at one text
-- a statement (the router's batches at low load): about half of kb_match_tokens' time (README, "Performance",
-- round 5: 1.9x faster a text, the router's whole statement for a new text 1.2x, on a loaded 2-core machine).
--
-- Same results, bit for bit (bench/router/match_identity.py over every (doctor, text) of tests/kb_eval: every
-- candidate row, its score, coverage, fit and missing words, and every text's weights in their order):
-- - kb_token_weights_kept runs kb_token_weights (026's body, unchanged and still the one definition of the
--   weights) from PL/pgSQL, which keeps the plan for the session. The scores sum doubles over the weights' rows in
--   the order they come out, which depends on the plan (hash joins); so the plan must be the one the SQL function
--   had: the GENERIC plan of the same body (a SQL function's body is planned with its arguments as parameters,
--   p_intents not folded). Hence the call with p_intents as a parameter and plan_cache_mode = force_generic_plan
--   (PL/pgSQL would otherwise plan the first five calls of a session for their values: with plans for the values,
--   measured, the weights came out in another order for 1,476 of 2,879 texts and 158 of 3,049 candidate rows
--   differed).
-- - kb_name_words is PL/pgSQL with 029's query in its RETURN (a sorted DISTINCT array: no order to keep), and
--   kb_match_tokens computes it once per text instead of once per word.
-- kb_match_tokens_scored is 029's body but for the one call of kb_token_weights_kept.
--
-- The intents' side (kb_intent_score, 033) finds the intents sharing a word with the text, and kb_token_weights
-- counts the intents of each word, by `toks && ..` over every row of kb_intents (~800): a GIN index on toks serves
-- both (the same rows and labels on every text: match_identity.py; with 036's intent rows some scores differ in their
-- last bit, at most 1e-12, as the index's rows come in another order).
CREATE INDEX IF NOT EXISTS kb_intents_toks_gin ON kb_intents USING gin (toks);

CREATE OR REPLACE FUNCTION kb_token_weights_kept(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT kw.t, kw.base, kw.w FROM kb_token_weights(p_doctor, p_toks, p_intents) kw;
END
$$;

CREATE OR REPLACE FUNCTION kb_match_tokens_scored(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 4)
 RETURNS TABLE(id bigint, score double precision, coverage double precision, fit double precision, missing text[])
 LANGUAGE sql
 STABLE
AS $$
    WITH allx AS MATERIALIZED (
        SELECT x.entry_id, x.toks, x.ktoks FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled
        WHERE x.doctor_id = p_doctor AND k.doctor_id = p_doctor AND cardinality(p_toks) > 0),
    -- only the entries that share a word with the question can score
    ex AS MATERIALIZED (
        SELECT * FROM allx WHERE allx.entry_id IN (SELECT entry_id FROM allx WHERE (toks || ktoks) && p_toks)),
    n AS (SELECT count(DISTINCT entry_id)::float8 AS entries FROM allx),
    wt AS MATERIALIZED (
        SELECT * FROM kb_token_weights_kept(p_doctor,
                                            p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                       FROM ex, unnest(ex.toks || ex.ktoks) u WHERE left(u, 1) <> '$'),
                                            false)),
    -- a word of the question is important when it means something (base >= 0.8) and is not common to a fifth of the
    -- clinic's entries ("child" at a children's clinic is not); in a small clinic a word of one entry is important
    dfq AS MATERIALIZED (
        SELECT wt.t, (SELECT count(DISTINCT allx.entry_id) FROM allx WHERE wt.t = ANY (allx.toks || allx.ktoks)) AS df
        FROM wt WHERE wt.t = ANY (p_toks)),
    imp AS (SELECT wt.t FROM wt JOIN dfq USING (t), n WHERE wt.base >= 0.8 AND dfq.df < greatest(0.2 * n.entries, 2)),
    -- a word common to 15% of the clinic's entries or more ("child" at a children's clinic, "eye" at an eye
    -- clinic) is the clinic's context: an entry that lacks it misses it by half its base
    common AS (SELECT dfq.t FROM dfq, n WHERE dfq.df >= 0.15 * n.entries AND n.entries >= 5),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    -- what an entry's answer says ('$'-marked tokens) counts as (0.85) known to an entry that knows an important
    -- word of the question by its own words: "lasik cost" at an entry whose answer gives LASIK's price, "ECG kitne ka hai
    -- aur report kab" at the ECG entry whose answer says when the report is ready
    ent0 AS (SELECT ex.entry_id, array_agg(DISTINCT u) FILTER (WHERE left(u, 1) <> '$') AS known,
                    array_agg(DISTINCT substr(u, 2)) FILTER (WHERE left(u, 1) = '$') AS said,
                    min(ex.ktoks) AS ktoks
             FROM ex, unnest(ex.toks || ex.ktoks) u GROUP BY ex.entry_id),
    ent AS (SELECT ent0.entry_id, ent0.known,
                   CASE WHEN EXISTS (SELECT 1 FROM imp WHERE imp.t = ANY (ent0.known))
                        THEN coalesce(ent0.said, '{}') ELSE '{}' END AS said,
                   ent0.ktoks
            FROM ent0),
    cov AS (SELECT ent.entry_id, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hit / nullif(h.hit + h.missw, 0) AS kc,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t
                    WHERE NOT t = ANY (ent.known) AND NOT t = ANY (ent.said)) AS missing,
                   EXISTS (SELECT 1 FROM imp WHERE NOT imp.t = ANY (ent.known) AND NOT imp.t = ANY (ent.said))
                       AS important_missing,
                   (SELECT coalesce(sum(w), 0) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ent.ktoks)) AS khit,
                   (SELECT coalesce(sum(w), 0) FROM wt WHERE t = ANY (ent.ktoks)) AS ktotal
            FROM ent, LATERAL (SELECT coalesce(sum(CASE WHEN t = ANY (ent.known) THEN w
                                                        WHEN t = ANY (ent.said) THEN 0.85 * w END), 0) AS hit,
                                      coalesce(sum(CASE WHEN t = ANY (ent.known) THEN 0
                                                        WHEN t = ANY (ent.said) THEN (1 - 0.85) * base
                                                        WHEN t IN (SELECT common.t FROM common) THEN 0.5 * base
                                                        ELSE base END), 0) AS miss,
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

-- The words of the doctor's and the clinic's names that are no word of the lexicon (029's query, unchanged).
CREATE OR REPLACE FUNCTION kb_name_words(p_doctor uuid) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
        SELECT coalesce(array_agg(DISTINCT kb_fold(w)), '{}')
        FROM doctors d, unnest(kb_raw_words(coalesce(d.name, '') || ' ' || coalesce(d.clinic_name, ''))) w
        WHERE d.id = p_doctor AND char_length(w) >= 3 AND w !~ '[0-9]'
          AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = kb_fold(w))
          AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term IN (w, kb_fold(w))
                            AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor))
          AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w));
END
$$;

-- The candidates for analysed tokens (029): the question's words without the clinic's own name words (computed
-- once per text), scored once (kb_match_tokens_scored).
CREATE OR REPLACE FUNCTION kb_match_tokens(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 4)
 RETURNS TABLE(id bigint, score double precision, coverage double precision, fit double precision, missing text[])
 LANGUAGE sql
 STABLE
AS $$
    SELECT m.*
    FROM (SELECT kb_name_words(p_doctor) AS names OFFSET 0) nw,
         LATERAL (SELECT ARRAY(SELECT t FROM unnest(p_toks) WITH ORDINALITY u(t, o)
                               WHERE NOT t = ANY (nw.names) ORDER BY o) AS toks OFFSET 0) q,
         LATERAL kb_match_tokens_scored(p_doctor, q.toks, p_limit) m
    ORDER BY m.score DESC, m.id
$$;
