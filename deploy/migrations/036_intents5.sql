-- 036: understanding patients, round 5 (issue 19): the conversations (intents) in full sentences. Mechanisms and
-- inventories written from how patients phrase each conversation, not from any evaluation message:
-- - conflicting concepts (kb_intent_keys.not_with): an intent is no candidate when the text names a concept that says
--   it is something else: "refer me to a cardiologist" and "my friend referred me" are a medical referral of the
--   patient, not the clinic's refer-a-friend; "the appointment got cancelled" tells, it does not ask; a text naming
--   a change of time is a reschedule, not a cancellation ("I can't come at 5, move it to 7"); "stop" and "start"
--   about a medicine, a treatment or a dose are no opt-out or opt-in;
-- - typo tolerance for the conversations' own words: kb_analyse corrects one letter in a short word, never two
--   letters swapped ("stpo", "strat", "cancle"); every adjacent swap of each one-word term of an intent's key
--   concepts is a synonym of that concept, unless it is itself a word the analysis knows;
-- - inventories: the English words of the conversations as Hindi and Marathi speakers write them in Devanagari
--   (स्टॉप, स्टार्ट, स्टेटस), opting back in ("unstop", "unblock"), asking for the menu ("show me the menu", "मेनू
--   दिखाओ"), "my appointment" as every possessive of the five languages with every word for an appointment, and a
--   booking told in the past ("time liya tha", "did I book", "घेतली होती"): the patient asks about the appointment
--   they have, not for a new one.
-- kb_intent_score keeps 033's PL/pgSQL form and query; the one change is the not_with condition on the candidates
-- (with no not_with rows its results are 033's, bit for bit). The decision rule (028) is unchanged.

-- The lexicon's triggers re-tokenise every entry and intent example per statement: off while the rows below go in,
-- then one refresh at the end of this file.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- Concepts that make an intent no candidate: a text naming any of them asks for something else, however well the
-- rest of it fits the intent's examples (kb_intent_keys.keys says what must be named, not_with what must not).
ALTER TABLE kb_intent_keys ADD COLUMN not_with text[] NOT NULL DEFAULT '{}';

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
                                    WHERE k.intent = c.intent AND (NOT k.keys && p_toks OR k.not_with && p_toks))))),
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

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist, with the lexicon's new rows
