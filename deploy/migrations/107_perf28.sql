-- 107: performance, round 18 (issue 14): a write that does not change the lexicon no longer rewrites the lexicon's
-- derived tables; the same rows at every moment.
--
-- 008's kb_vocab_refresh() rebuilt kb_concepts and kb_vocab from nothing (DELETE every row, INSERT every row) each
-- time it ran, and it runs from kb_intents_vocab (any statement on kb_intents, even one that touches no row: a
-- clinic's deletion cascades to kb_intents with one) and from kb_lexicon_changed (any statement on kb_synonyms or
-- kb_stopwords). 076's kb_lexicon_words_sync then re-read every kb_vocab key (all of kb_lexicon_words' 'v' rows
-- deleted and inserted again) and 086's kb_concepts_0_name_words recomputed every doctor's name words twice (once
-- against an empty kb_concepts, rewriting the rows whose words are concepts, once against the full one). So deleting
-- one clinic, adding or deleting a clinic's synonym or intent example wrote ~36,000 kb_lexicon_words rows, ~36,000
-- kb_vocab rows and ~3,000 kb_concepts rows, and left as many dead rows behind.
--
-- Here:
--   * kb_vocab_refresh() computes the rows kb_concepts and kb_vocab must hold (the same queries as 008's), deletes the
--     rows that are not among them and inserts the ones missing, each statement only when it has a row to write (so a
--     refresh that changes nothing fires none of the tables' triggers, and one that changes a few words passes only
--     those to kb_lexicon_words_sync and kb_translit_keys_fill). Neither table has a key but the rows (kb_concepts'
--     word; kb_vocab's doctor, word and stop flag, never two alike: 008's DISTINCT, kb_stopwords' primary key), and
--     nothing but this function writes them, so the tables end equal to a rebuild;
--   * kb_lexicon_changed() (008's) returns at once for a kb_synonyms statement that changed no row (its refresh and
--     its re-tokenising of no doctor's entries did nothing then either); kb_stopwords' path is unchanged.
-- The triggers and their names stay (the lexicon migrations disable kb_intents_vocab and 008's kb_synonyms_* by name).

CREATE OR REPLACE FUNCTION kb_vocab_refresh() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    nil constant uuid := '00000000-0000-0000-0000-000000000000';
    want_c text[];
    want_d uuid[];
    want_w text[];
    want_s boolean[];
BEGIN
    -- the concepts: every word of a synonym's canonical form, folded (008's query)
    want_c := ARRAY(SELECT DISTINCT kb_fold(w) FROM kb_synonyms, regexp_split_to_table(canonical, ' ') w WHERE w <> '');
    IF EXISTS (SELECT 1 FROM kb_concepts c WHERE NOT EXISTS (SELECT 1 FROM unnest(want_c) u(w) WHERE u.w = c.word)) THEN
        DELETE FROM kb_concepts c WHERE NOT EXISTS (SELECT 1 FROM unnest(want_c) u(w) WHERE u.w = c.word);
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(want_c) u(w) WHERE NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = u.w)) THEN
        INSERT INTO kb_concepts (word)
        SELECT u.w FROM unnest(want_c) u(w) WHERE NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = u.w);
    END IF;

    -- the vocabulary: the synonyms' and intents' words that are no stop word, and the stop words (008's query)
    SELECT coalesce(array_agg(x.doctor_id), '{}'), coalesce(array_agg(x.word), '{}'), coalesce(array_agg(x.stop), '{}')
    INTO want_d, want_w, want_s
    FROM (SELECT DISTINCT doctor_id, word, false AS stop FROM (
              SELECT doctor_id, regexp_split_to_table(term, ' ') AS word FROM kb_synonyms
              UNION ALL
              SELECT doctor_id, unnest(raw) FROM kb_intents) x
          WHERE word <> '' AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = x.word)
          UNION ALL
          SELECT NULL, word, true FROM kb_stopwords) x;
    IF EXISTS (SELECT 1 FROM kb_vocab v
               WHERE NOT EXISTS (SELECT 1 FROM unnest(want_d, want_w, want_s) u(d, w, s)
                                 WHERE coalesce(u.d, nil) = coalesce(v.doctor_id, nil) AND u.w = v.word
                                   AND u.s = v.stop)) THEN
        DELETE FROM kb_vocab v
        WHERE NOT EXISTS (SELECT 1 FROM unnest(want_d, want_w, want_s) u(d, w, s)
                          WHERE coalesce(u.d, nil) = coalesce(v.doctor_id, nil) AND u.w = v.word AND u.s = v.stop);
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(want_d, want_w, want_s) u(d, w, s)
               WHERE NOT EXISTS (SELECT 1 FROM kb_vocab v
                                 WHERE coalesce(v.doctor_id, nil) = coalesce(u.d, nil) AND v.word = u.w
                                   AND v.stop = u.s)) THEN
        INSERT INTO kb_vocab (doctor_id, word, stop)
        SELECT u.d, u.w, u.s FROM unnest(want_d, want_w, want_s) u(d, w, s)
        WHERE NOT EXISTS (SELECT 1 FROM kb_vocab v
                          WHERE coalesce(v.doctor_id, nil) = coalesce(u.d, nil) AND v.word = u.w AND v.stop = u.s);
    END IF;
END
$$;

-- 008's body, with the return for a kb_synonyms statement without rows (marked 107)
CREATE OR REPLACE FUNCTION kb_lexicon_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'kb_synonyms' THEN -- (107; nested: kb_stopwords' statement has no `changed` table)
        IF NOT EXISTS (SELECT 1 FROM changed) THEN
            RETURN NULL;
        END IF;
    END IF;
    PERFORM kb_vocab_refresh();
    IF TG_TABLE_NAME = 'kb_synonyms' THEN
        IF NOT EXISTS (SELECT 1 FROM changed WHERE doctor_id IS NULL) THEN
            UPDATE kb_entries SET question = question WHERE doctor_id IN (SELECT doctor_id FROM changed);
            UPDATE kb_intents SET example = example WHERE doctor_id IN (SELECT doctor_id FROM changed);
            RETURN NULL;
        END IF;
    END IF;
    IF true THEN
        UPDATE kb_entries SET question = question;
        UPDATE kb_intents SET example = example;
    END IF;
    RETURN NULL;
END
$$;
