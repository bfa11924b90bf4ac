-- 103: performance, round 17 (issue 14): a new text's word look-ups in kb_lexicon_words read the index alone.
--
-- Measured first (README "Round 17, the lexicon's word table vacuumed after the migrations"; bench/router/round17.py):
-- kb_analyse_parts' largest part is its one look-up statement, and within it kb_analyse_lookup (each word's synonym
-- and stop flag) and the "slow word" test's probe, both index probes of kb_lexicon_words by `word IN (w, kb_fold(w))`
-- that then read each matching row's heap page (a bitmap heap scan: 36 pages for a 16-word text once vacuumed).
-- Change: the word index carries the columns the look-ups read (src, doctor_id, canonical), so a vacuumed table (wactl
-- migrate vacuums every kb_ table since round 17) answers them from the index (index-only scans, no heap fetch), and
-- kb_analyse_lookup writes its word test as `= ANY (ARRAY[..])` (the IN list of two expressions was planned as a
-- BitmapOr of two bitmap index scans, which cannot be index-only). The slow-word test's EXISTS probe takes the
-- index-only scan as written. Same rows, same aggregates: the canonical form is the first of an ORDER BY that no two
-- rows of one word tie on (its 's' rows are kb_synonyms' single-word terms, unique per (doctor, term)), the stop flag
-- a bool_or; the output arrays are read as a map (array_position). The old word index is replaced (the new one, keyed
-- on the word alone like it, serves every look-up by word).
-- Identity: kb_analyse_parts (correcting and not) and kb_analyse over 58,136 texts (every kb_eval pair, the bench's
-- questions, paraphrases and ai questions for 4 clinics), against 076's look-up and index in a transaction rolled
-- back: 0 differ; tests/kb_eval/eval.py --set all identical line by line. Cost, new/old, the analysis one text a
-- statement (load 6.9-7.3): bench questions 0.778, paraphrases 0.957, kb_eval pairs 0.953.

CREATE INDEX IF NOT EXISTS kb_lexicon_words_word_cover_idx ON kb_lexicon_words (word)
    INCLUDE (src, doctor_id, canonical);
DROP INDEX IF EXISTS kb_lexicon_words_word_idx;

CREATE OR REPLACE FUNCTION kb_analyse_lookup(p_doctor uuid, p_words text[])
RETURNS TABLE (lw text[], lc text[], ls boolean[]) LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(z.w), '{}'), coalesce(array_agg(z.canonical), '{}'), coalesce(array_agg(z.stop), '{}')
    FROM (SELECT u.w,
                 (array_agg(y.canonical ORDER BY y.doctor_id IS NULL, y.word = u.w DESC)
                      FILTER (WHERE y.src = 's'))[1] AS canonical,
                 coalesce(bool_or(y.src = 'p' AND y.word = u.w), false) AS stop
          FROM unnest(p_words) u(w)
          LEFT JOIN kb_lexicon_words y ON y.word = ANY (ARRAY[u.w, kb_fold(u.w)]) AND y.src IN ('s', 'p')
                                      AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
          GROUP BY u.w) z
$$;
