-- 029: understanding patients, round 3 (issue 19): knowledge-base recall that generalises to questions nobody
-- tuned on. Mechanisms rather than entries for the questions seen:
-- - what an entry's answer says counts as known to the entry (coverage, not fit): the answer's words, analysed like
--   any text, as '$'-marked tokens of its keyword tokens (a mark no text's token has, so they never make an entry
--   a candidate or change a word's weight), and `fee` when the answer gives an amount of money ("Rs 300",
--   "₹1,200", "free of charge"). They count (0.85 of a word's weight) only for an entry that knows an important word
--   of the question by its own words: "lasik cost" finds the entry whose answer gives LASIK's price, "ECG kitne ka
--   hai aur report kab" the ECG entry whose answer says when the report is ready, while a general "consultation
--   fee for a child" does not go to the newborn entry that happens to state a price.
CREATE OR REPLACE FUNCTION kb_token_weights(p_doctor uuid, p_toks text[], p_intents boolean DEFAULT false)
 RETURNS TABLE(t text, base double precision, w double precision)
 LANGUAGE sql
 STABLE
AS $$
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
               coalesce(CASE WHEN p_intents THEN kw.intent_weight ELSE kw.weight END,
                        CASE WHEN a.t ~ '^[0-9]' THEN 0.3
                             WHEN p_intents AND df.n IS NOT NULL THEN 1
                             WHEN p_intents AND EXISTS (SELECT 1 FROM kb_examples x
                                                        WHERE x.doctor_id = p_doctor AND a.t = ANY (x.toks || x.ktoks))
                                 THEN 1
                             WHEN p_intents THEN 0.3
                             WHEN EXISTS (SELECT 1 FROM kb_concepts y WHERE y.word = a.t) THEN 1
                             WHEN df.n IS NOT NULL THEN 0.8
                             ELSE 0.6 END) AS base
        FROM (SELECT DISTINCT unnest(p_toks) AS t) a
        LEFT JOIN df ON df.t = a.t LEFT JOIN kb_weights kw ON kw.word = a.t)
    SELECT b.t, b.base, b.base / (1 + 0.5 * ln(greatest(coalesce(b.n, 1), 1))) FROM b
$$;

CREATE OR REPLACE FUNCTION kb_examples_refresh()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
    kt text[] := kb_tokens(NEW.doctor_id, replace(coalesce(NEW.keywords, ''), ',', ' '));
    names text[] := kb_answer_names(NEW.doctor_id, NEW.answer);
BEGIN
    kt := kt || ARRAY(SELECT DISTINCT kb_fold(n) FROM unnest(names) n WHERE NOT kb_fold(n) = ANY (kt));
    -- an answer that states a price answers its subject's price question
    -- what the answer says, as '$'-marked tokens: known to the entry for coverage only (kb_match_tokens)
    kt := kt || ARRAY(SELECT DISTINCT '$' || a FROM unnest(kb_tokens(NEW.doctor_id, left(coalesce(NEW.answer, ''), 2000))) a
                      WHERE NOT a = ANY (kt));
    IF NEW.answer ~* '(rs\.?|inr|₹|रु\.?|रुपये|rupees?)\s*[0-9]|[0-9]\s*(/-|rs\M|rupees?|रुपये)|free of (charge|cost)|no (extra )?(charge|cost)|at no cost' THEN
        kt := kt || '$fee'::text;
    END IF;
    DELETE FROM kb_examples WHERE entry_id = NEW.id;
    INSERT INTO kb_examples (entry_id, doctor_id, words, tsv, kw, toks, raw, ktoks)
    SELECT NEW.id, NEW.doctor_id, w, to_tsvector('english', w),
           coalesce((SELECT array_agg(kb_words(k)) FROM regexp_split_to_table(lower(coalesce(NEW.keywords, '')),
                     '[\s,;]+') k WHERE length(k) >= 3 AND kb_words(k) <> ''), '{}'),
           kb_tokens(NEW.doctor_id, e), kb_raw_words(e) || kb_raw_words(NEW.keywords) || names, kt
    FROM (SELECT DISTINCT ON (kb_words(e)) kb_words(e) AS w, e
          FROM unnest(array_prepend(NEW.question, NEW.examples)) e ORDER BY kb_words(e), e) x
    WHERE w <> '';
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kb_match_tokens(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 4)
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
        SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                            FROM ex, unnest(ex.toks || ex.ktoks) u WHERE left(u, 1) <> '$'))),
    -- a word of the question is important when it means something (base >= 0.8) and is not common to more than
    -- of a fifth of the clinic's entries ("child" at a children's clinic is not)
    dfq AS MATERIALIZED (
        SELECT wt.t, (SELECT count(DISTINCT allx.entry_id) FROM allx WHERE wt.t = ANY (allx.toks || allx.ktoks)) AS df
        FROM wt WHERE wt.t = ANY (p_toks)),
    imp AS (SELECT wt.t FROM wt JOIN dfq USING (t), n WHERE wt.base >= 0.8 AND dfq.df < 0.2 * n.entries),
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

-- the entries that exist, with the new lexicon and what their answers state
UPDATE kb_entries SET question = question;
