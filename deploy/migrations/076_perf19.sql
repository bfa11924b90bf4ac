-- 076: performance, round 12 continued (issue 14): a new text's analysis looks each word up once in one lexicon word
-- table instead of in kb_synonyms, kb_stopwords, kb_vocab and kb_words one after another; the same results.
--
-- kb_lexicon_words holds one row for each one-word synonym (clinic's or global), stop word, kb_vocab row and kb_words
-- row, marked by its source (src: 's', 'p', 'v', 'w'). A multi-word term is not in it (no word of a text holds a
-- space; kb_analyse_terms still reads kb_synonyms). It is kept by statement triggers of its own on the four tables
-- (kb_lexicon_words_sync): every insert, update and delete re-reads the rows of the keys it touched from the source
-- table, a TRUNCATE rebuilds that source's rows. Their names are new, so the lexicon migrations that disable
-- kb_synonyms_ins / _upd / _del and kb_stopwords_changed while adding rows (068's pattern) leave them firing, and
-- kb_vocab_refresh's rebuild of kb_vocab fires them too: a clinic's own synonym is seen by the next analysis.
--
-- kb_analyse_lookup: one join on the table (the word as written or folded, the clinic's rows and the global ones)
-- grouped by word: its synonym as before (the clinic's row, then the word as written before its folded form), a stop
-- word when the word as written is one (as kb_stopwords said). kb_analyse_parts (074's): the correction loop's
-- "slow word" test reads kb_vocab and kb_words from the same table in one look-up instead of two.

CREATE TABLE kb_lexicon_words (
    src       "char" NOT NULL,
    doctor_id uuid,
    word      text NOT NULL,
    canonical text
);
CREATE INDEX kb_lexicon_words_word_idx ON kb_lexicon_words (word);
-- the dashboard's "try a question" runs the analysis (its own role reads the four tables the same way)
GRANT SELECT ON kb_lexicon_words TO wa_dashboard;

-- The rows of one source for the given (doctor, word) keys, read again from it (every key when p_all). A key's doctor
-- is compared through coalesce with the nil uuid (kb_synonyms_term_idx's way), so the joins may hash.
CREATE FUNCTION kb_lexicon_words_load(p_src "char", p_keys jsonb, p_all boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_all THEN
        DELETE FROM kb_lexicon_words WHERE src = p_src;
    ELSE
        DELETE FROM kb_lexicon_words l
        USING (SELECT DISTINCT coalesce(k.d, '00000000-0000-0000-0000-000000000000') AS d, k.w
               FROM jsonb_to_recordset(p_keys) k(d uuid, w text)) k
        WHERE l.src = p_src AND l.word = k.w
          AND coalesce(l.doctor_id, '00000000-0000-0000-0000-000000000000') = k.d;
    END IF;
    INSERT INTO kb_lexicon_words (src, doctor_id, word, canonical)
    SELECT DISTINCT p_src, x.d, x.w, x.c
    FROM (SELECT y.doctor_id, y.term, y.canonical FROM kb_synonyms y WHERE p_src = 's' AND y.term NOT LIKE '% %'
          UNION ALL
          SELECT NULL, sw.word, NULL FROM kb_stopwords sw WHERE p_src = 'p'
          UNION ALL
          SELECT v.doctor_id, v.word, NULL FROM kb_vocab v WHERE p_src = 'v'
          UNION ALL
          SELECT NULL, kw.word, NULL FROM kb_words kw WHERE p_src = 'w') x(d, w, c)
    WHERE p_all OR (coalesce(x.d, '00000000-0000-0000-0000-000000000000'), x.w) IN (
              SELECT coalesce(k.d, '00000000-0000-0000-0000-000000000000'), k.w
              FROM jsonb_to_recordset(p_keys) k(d uuid, w text));
END
$$;

-- The statement triggers: the keys of the rows changed (old and new), or every row after a TRUNCATE. As its owner
-- (026's kb_version_bump_* way), so whichever role changed a source table keeps the copy too.
CREATE FUNCTION kb_lexicon_words_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    src "char" := CASE TG_TABLE_NAME WHEN 'kb_synonyms' THEN 's' WHEN 'kb_stopwords' THEN 'p'
                                     WHEN 'kb_vocab' THEN 'v' ELSE 'w' END;
    keys jsonb := '[]';
    part jsonb;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM kb_lexicon_words_load(src, NULL, true);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object(''d'', %s, ''w'', %I)), ''[]'') FROM old_rows',
                       CASE WHEN src IN ('s', 'v') THEN 'doctor_id' ELSE 'NULL::uuid' END,
                       CASE WHEN src = 's' THEN 'term' ELSE 'word' END) INTO part;
        keys := keys || part;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object(''d'', %s, ''w'', %I)), ''[]'') FROM new_rows',
                       CASE WHEN src IN ('s', 'v') THEN 'doctor_id' ELSE 'NULL::uuid' END,
                       CASE WHEN src = 's' THEN 'term' ELSE 'word' END) INTO part;
        keys := keys || part;
    END IF;
    IF keys <> '[]' THEN
        PERFORM kb_lexicon_words_load(src, keys, false);
    END IF;
    RETURN NULL;
END
$$;

-- Statement triggers fire in the order of their names: the ones on kb_synonyms and kb_stopwords are named to fire
-- before 008's (kb_synonyms_ins/_upd/_del, kb_stopwords_changed), whose kb_lexicon_changed re-tokenises the clinic's
-- entries with the analysis that reads this table: fired after them, the entries kept the tokens of the lexicon before
-- the change (a clinic's new synonym was not in its own entries' words until the next re-tokenising).
CREATE TRIGGER kb_synonyms_0_lexicon_words_ins AFTER INSERT ON kb_synonyms REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_synonyms_0_lexicon_words_upd AFTER UPDATE ON kb_synonyms REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_synonyms_0_lexicon_words_del AFTER DELETE ON kb_synonyms REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_synonyms_0_lexicon_words_truncate AFTER TRUNCATE ON kb_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_stopwords_0_lexicon_words_ins AFTER INSERT ON kb_stopwords REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_stopwords_0_lexicon_words_upd AFTER UPDATE ON kb_stopwords REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_stopwords_0_lexicon_words_del AFTER DELETE ON kb_stopwords REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_stopwords_0_lexicon_words_truncate AFTER TRUNCATE ON kb_stopwords
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_vocab_lexicon_words_ins AFTER INSERT ON kb_vocab REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_vocab_lexicon_words_upd AFTER UPDATE ON kb_vocab REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_vocab_lexicon_words_del AFTER DELETE ON kb_vocab REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_vocab_lexicon_words_truncate AFTER TRUNCATE ON kb_vocab
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_words_lexicon_words_ins AFTER INSERT ON kb_words REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_words_lexicon_words_upd AFTER UPDATE ON kb_words REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_words_lexicon_words_del AFTER DELETE ON kb_words REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();
CREATE TRIGGER kb_words_lexicon_words_truncate AFTER TRUNCATE ON kb_words
    FOR EACH STATEMENT EXECUTE FUNCTION kb_lexicon_words_sync();

SELECT kb_lexicon_words_load(s, NULL, true) FROM unnest(ARRAY['s', 'p', 'v', 'w']::"char"[]) s;
ANALYZE kb_lexicon_words;

CREATE OR REPLACE FUNCTION kb_analyse_lookup(p_doctor uuid, p_words text[])
RETURNS TABLE (lw text[], lc text[], ls boolean[]) LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(z.w), '{}'), coalesce(array_agg(z.canonical), '{}'), coalesce(array_agg(z.stop), '{}')
    FROM (SELECT u.w,
                 (array_agg(y.canonical ORDER BY y.doctor_id IS NULL, y.word = u.w DESC)
                      FILTER (WHERE y.src = 's'))[1] AS canonical,
                 coalesce(bool_or(y.src = 'p' AND y.word = u.w), false) AS stop
          FROM unnest(p_words) u(w)
          LEFT JOIN kb_lexicon_words y ON y.word IN (u.w, kb_fold(u.w)) AND y.src IN ('s', 'p')
                                      AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
          GROUP BY u.w) z
$$;

-- 074's kb_analyse_parts, its "slow word" test reading kb_lexicon_words (the one change, marked 076).
CREATE OR REPLACE FUNCTION kb_analyse_parts(p_doctor uuid, p_text text, p_correct boolean,
                                            OUT o_tokens text[], OUT o_corrected jsonb, OUT o_synonyms jsonb,
                                            OUT o_dropped text[])
 LANGUAGE plpgsql
 STABLE
 SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    words text[] := kb_raw_words(left(p_text, 1000));
    corrected jsonb := '{}';
    synonyms jsonb := '{}';
    dropped text[] := '{}';
    toks text[] := '{}';
    known text[];
    w text;
    best text;
    s text;
    c text;
    is_syn boolean;
    stem text;
    base text;
    suf text;
    -- the words for which the correction loop does something; the multi-word terms found in the text and their
    -- canonical forms, in the order they are applied; each distinct word with its synonym (NULL: none) and whether it
    -- is a stop word
    slow text[];
    mterms text[];
    mcanons text[];
    uw text[];
    uc text[];
    us boolean[];
    ws text[];
    j int;
    fw text;  -- a word's kb_fold, computed once
    -- the same words with their nukta letters kept (kb_raw_words folds them), for kb_romanise
    nwords text[];
    nw text;
    -- Marathi (and a few Hindi) postpositions written onto the word: शाळेची, फोनवर, प्रवेशासाठी, डोळ्यात
    suffixes text[] := ARRAY['च्यासाठी', 'ांसाठी', 'साठी', 'मध्ये', 'पर्यंत', 'कडून', 'कडे', 'नंतर', 'पूर्वी', 'शिवाय',
                             'सोबत', 'बरोबर', 'करिता', 'च्या', 'तील', 'ांना',
                             'ांची', 'ांचा', 'ांचे', 'ांशी', 'वर', 'ला', 'ना', 'ची', 'चा', 'चे', 'शी', 'ने', 'त'];
BEGIN
    IF cardinality(words) = 0 THEN
        o_tokens := '{}'; o_corrected := corrected; o_synonyms := synonyms; o_dropped := '{}';
        RETURN;
    END IF;
    -- One statement for what the steps below look up, each a function of a word or of the text (and the doctor)
    -- alone: the words for which the correction loop does something, i.e. an unknown Devanagari word (its first two
    -- steps) or a word that its "never corrected" test does not skip (the typo rule), the loop's own tests running
    -- for these (a word is one of the doctor's, `known`, when an example of the doctor's has it: kb_examples_words'
    -- index answers that without gathering all of them); the multi-word terms of the text as written; and the
    -- synonym and stop word of each word of the text and of those terms' canonical forms. What a correction changes
    -- is looked up again after it.
    -- (059) The correction loop's two tests as one: a word is slow when it is Devanagari or, else, 4 letters or more
    -- without a digit, and no kb_vocab row, no example of the doctor's (and, not Devanagari, no kb_words row) has it
    -- as written or folded; a Devanagari word is looked up as written only (what 046's first test did; its second
    -- test could not change the answer for one: whenever the first was false, one of its look-ups had found the word).
    -- Each look-up is one subplan where 046 had two for the Devanagari test (fewer scans to start in every
    -- statement); no DISTINCT (a word twice in `slow` changes nothing, `= ANY` reads it); the canonical forms' words
    -- as one kb_raw_words of them joined by spaces (the same words in the same order).
    -- (076) kb_vocab's and kb_words' look-ups as one, in kb_lexicon_words.
    s := ' ' || array_to_string(words, ' ') || ' ';
    SELECT CASE WHEN p_correct THEN ARRAY(
               SELECT u.w FROM unnest(words) u(w)
               WHERE (u.w ~ '[ऀ-ॿ]' OR (char_length(u.w) >= 4 AND u.w !~ '[0-9]'))
                 AND NOT EXISTS (SELECT 1 FROM kb_lexicon_words v
                                 WHERE v.word IN (u.w, CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END)
                                   AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)
                                   AND (v.src = 'v' OR (v.src = 'w' AND u.w !~ '[ऀ-ॿ]')))
                 AND NOT EXISTS (SELECT 1 FROM kb_examples e
                                 WHERE kb_examples_words(e.doctor_id, e.raw)
                                       && ARRAY[p_doctor::text || ' ' || u.w,
                                                p_doctor::text || ' '
                                                || CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END])) END,
           mt.terms, mt.canons, lk.lw, lk.lc, lk.ls
    INTO slow, mterms, mcanons, uw, uc, us
    FROM (SELECT t.terms, t.canons FROM kb_analyse_terms(p_doctor, s) t OFFSET 0) mt,
         LATERAL kb_analyse_lookup(p_doctor, words || kb_raw_words(array_to_string(mt.canons, ' '))) lk;
    IF p_correct AND cardinality(slow) > 0 THEN
        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
        FOR i IN 1 .. cardinality(words) LOOP
            w := words[i];
            CONTINUE WHEN NOT w = ANY (slow);
            -- an unknown Devanagari word: its stem when a postposition is written onto it and the stem is known
            -- (as written, without its oblique vowel, or with the -ा of its direct form: शाळे -> शाळा)
            IF w ~ '[ऀ-ॿ]' AND NOT w = ANY (known) AND NOT EXISTS (
                    SELECT 1 FROM kb_vocab v WHERE v.word = w AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)) THEN
                stem := NULL;
                FOREACH suf IN ARRAY suffixes LOOP
                    CONTINUE WHEN char_length(w) < char_length(suf) + 2 OR right(w, char_length(suf)) <> suf;
                    base := left(w, char_length(w) - char_length(suf));
                    SELECT cand.s INTO stem
                    FROM unnest(ARRAY[base, regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', ''),
                                      regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', '') || 'ा']) WITH ORDINALITY cand(s, o)
                    WHERE char_length(cand.s) >= 2
                      AND (cand.s = ANY (known) OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word = cand.s
                                                         AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)))
                    ORDER BY cand.o LIMIT 1;
                    EXIT WHEN stem IS NOT NULL;
                END LOOP;
                IF stem IS NOT NULL THEN
                    corrected := corrected || jsonb_build_object(w, stem);
                    words[i] := stem;
                    CONTINUE;
                END IF;
            END IF;
            -- an unknown Devanagari word read through its romanisation (035): अपॉइंटमेंट -> appointment
            IF w ~ '[ऀ-ॿ]' AND NOT w = ANY (known) AND NOT EXISTS (
                    SELECT 1 FROM kb_vocab v WHERE v.word = w AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)) THEN
                nwords := coalesce(nwords, kb_nukta_words(left(p_text, 1000)));
                nw := CASE WHEN cardinality(nwords) = cardinality(words) THEN nwords[i] ELSE w END;
                best := kb_translit_word(p_doctor, known, nw);
                -- or its stem under a postposition, as above (साखरेच्या -> साखर sakhar)
                IF best IS NULL THEN
                    FOREACH suf IN ARRAY suffixes LOOP
                        CONTINUE WHEN char_length(nw) < char_length(suf) + 2 OR right(nw, char_length(suf)) <> suf;
                        base := left(nw, char_length(nw) - char_length(suf));
                        SELECT t.b INTO best
                        FROM unnest(ARRAY[base, regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', ''),
                                          regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', '') || 'ा'])
                                 WITH ORDINALITY cand(s, o),
                             LATERAL (SELECT kb_translit_word(p_doctor, known, cand.s) AS b) t
                        WHERE char_length(cand.s) >= 2 AND t.b IS NOT NULL
                        ORDER BY cand.o LIMIT 1;
                        EXIT WHEN best IS NOT NULL;
                    END LOOP;
                END IF;
                IF best IS NOT NULL THEN
                    corrected := corrected || jsonb_build_object(w, best);
                    words[i] := best;
                    CONTINUE;
                END IF;
            END IF;
            -- a known word, or an ordinary word of the language (kb_words), is never "corrected"
            CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                             AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)));
            SELECT k.word INTO best
            FROM (SELECT o AS word, true AS own FROM unnest(known) o
                  UNION ALL
                  SELECT v.word, v.doctor_id IS NOT NULL FROM kb_vocab v
                  WHERE NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor) AND left(v.word, 1) = left(w, 1)
                    AND char_length(v.word) BETWEEN char_length(w) - 2 AND char_length(w) + 2) k
            WHERE NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = k.word) -- a typo never vanishes
              AND left(k.word, 1) = left(w, 1) AND abs(char_length(k.word) - char_length(w)) <= 2
              AND char_length(k.word) >= 3
              AND levenshtein_less_equal(k.word, w, 2) <= CASE WHEN char_length(w) <= 5 THEN 1 ELSE 2 END
            ORDER BY levenshtein_less_equal(k.word, w, 2), NOT k.own, abs(char_length(k.word) - char_length(w)), k.word
            LIMIT 1;
            IF best IS NOT NULL THEN
                corrected := corrected || jsonb_build_object(w, best);
                words[i] := best;
            END IF;
        END LOOP;
    END IF;
    s := ' ' || array_to_string(words, ' ') || ' ';
    -- multi-word terms, the doctor's before the global ones, longest first (those of the corrected text when a word
    -- was corrected)
    IF corrected <> '{}' THEN
        SELECT t.terms, t.canons INTO mterms, mcanons FROM kb_analyse_terms(p_doctor, s) t;
    END IF;
    FOR k IN 1 .. cardinality(mterms) LOOP
        IF strpos(s, ' ' || mterms[k] || ' ') > 0 THEN
            s := replace(s, ' ' || mterms[k] || ' ', ' ' || mcanons[k] || ' ');
            s := replace(s, ' ' || mterms[k] || ' ', ' ' || mcanons[k] || ' '); -- overlapping neighbours
            synonyms := synonyms || jsonb_build_object(mterms[k], mcanons[k]);
        END IF;
    END LOOP;
    -- (074) nothing corrected and no multi-word term replaced: s is the words joined by spaces, and kb_raw_words of
    -- its own output gives the same words back, so they are taken as they are instead of split again
    ws := CASE WHEN corrected = '{}' AND synonyms = '{}' THEN words ELSE kb_raw_words(s) END;
    IF NOT ws <@ uw THEN
        SELECT uw || lk.lw, uc || lk.lc, us || lk.ls INTO uw, uc, us
        FROM (SELECT ARRAY(SELECT x FROM unnest(ws) x WHERE NOT x = ANY (uw)) AS a OFFSET 0) m,
             LATERAL kb_analyse_lookup(p_doctor, m.a) lk;
    END IF;
    FOREACH w IN ARRAY ws LOOP
        -- a bare number ("after 3 days", "my 5 yr old", "token 17") says which day, age or token, not what is asked
        IF w ~ '^[0-9]+$' THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        -- a synonym first (greetings are stop words for answers but a word of their own for intents)
        j := array_position(uw, w);
        c := uc[j];
        is_syn := c IS NOT NULL;
        IF NOT is_syn AND us[j] THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        IF is_syn THEN
            IF c <> w THEN
                synonyms := synonyms || jsonb_build_object(w, c);
            END IF;
            IF c = '' THEN
                dropped := dropped || w;
            END IF;
            FOREACH best IN ARRAY kb_raw_words(c) LOOP
                fw := kb_fold(best);
                IF NOT fw = ANY (toks) THEN
                    toks := toks || fw;
                END IF;
            END LOOP;
        ELSE
            fw := kb_fold(w);
            IF NOT fw = ANY (toks) THEN
                toks := toks || fw;
            END IF;
        END IF;
    END LOOP;
    o_tokens := toks; o_corrected := corrected; o_synonyms := synonyms; o_dropped := dropped;
END
$$;
