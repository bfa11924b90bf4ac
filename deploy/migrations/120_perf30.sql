-- 120: performance, round 20 (issue 14): kb_analyse_parts' first statement and its correction path read less; the
-- same output for every text, whatever the lexicon holds.
--
-- (figures: README "## Performance", "Round 20, ..."; bench/router/round20.py)
-- - kb_doctor_known: each doctor's example words (the distinct words of kb_examples.raw, sorted), one row a doctor,
--   kept by statement triggers on kb_examples (every insert, update, delete recomputes the doctors of the rows it
--   touched; a TRUNCATE empties it), each doctor's recomputation serialised by an advisory lock (key 120) as 097's
--   counts are. kb_analyse_parts' correction path read `known` by gathering every example word of the clinic for
--   each text with an unknown word; it reads this one row now. The first statement's slow-word test asked
--   kb_examples_words' GIN index (a bitmap scan a word) whether an example of the doctor's has the word; it asks the
--   same row's array (the same set: the index's entries are "doctor word" for each raw word of each example).
-- - kb_analyse_lookup: the word as written or folded as one `= ANY (ARRAY[..])` index condition. `y.word IN (u.w,
--   kb_fold(u.w))` names a column of the outer query, so the parser made it an OR, planned as a BitmapOr of two
--   index scans and a bitmap heap scan a word; a scalar-array index scan returns the same rows (btree removes the
--   duplicate key when the word folds to itself).
--
-- Measured and NOT kept: kb_analyse_terms' neighbouring word pairs as one array probing an expression index on the
-- multi-word terms' first two words joined by a space (one scan where each pair starts its own probe of
-- kb_synonyms_multi_pair_idx; bench/router/round20_tried.sql): identical output (45,053 texts), but no clear saving:
-- the analysis with it against without it 0.87 / 1.21 / 1.09 (bench questions / paraphrases / kb_eval pairs).

CREATE TABLE kb_doctor_known (
    doctor_id uuid PRIMARY KEY,
    words     text[] NOT NULL
);
-- the dashboard's "try a question" runs the analysis
GRANT SELECT ON kb_doctor_known TO wa_dashboard;

-- The doctors' rows read again from kb_examples (every doctor's when p_doctors is NULL)
CREATE FUNCTION kb_doctor_known_refresh(p_doctors uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d uuid;
BEGIN
    IF p_doctors IS NULL THEN
        LOCK TABLE kb_doctor_known IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM kb_doctor_known;
        INSERT INTO kb_doctor_known (doctor_id, words)
        SELECT e.doctor_id, array_agg(DISTINCT u ORDER BY u) FROM kb_examples e, unnest(e.raw) u GROUP BY e.doctor_id;
        RETURN;
    END IF;
    FOREACH d IN ARRAY ARRAY(SELECT DISTINCT x FROM unnest(p_doctors) x WHERE x IS NOT NULL ORDER BY x) LOOP
        -- one writer of a doctor's row at a time; the statements below see what the other committed
        PERFORM pg_advisory_xact_lock(120, hashtext(d::text));
        DELETE FROM kb_doctor_known WHERE doctor_id = d;
        INSERT INTO kb_doctor_known (doctor_id, words)
        SELECT d, array_agg(DISTINCT u ORDER BY u) FROM kb_examples e, unnest(e.raw) u WHERE e.doctor_id = d
        HAVING count(*) > 0;
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION kb_doctor_known_refresh(uuid[]) FROM PUBLIC;

CREATE FUNCTION kb_doctor_known_examples() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM kb_doctor_known;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM kb_doctor_known_refresh(ARRAY(SELECT DISTINCT n.doctor_id FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM kb_doctor_known_refresh(ARRAY(SELECT DISTINCT o.doctor_id FROM old_rows o));
    ELSE
        PERFORM kb_doctor_known_refresh(ARRAY(SELECT o.doctor_id FROM old_rows o
                                              UNION SELECT n.doctor_id FROM new_rows n));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER kb_examples_known_ins AFTER INSERT ON kb_examples REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_known_examples();
CREATE TRIGGER kb_examples_known_upd AFTER UPDATE ON kb_examples REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_known_examples();
CREATE TRIGGER kb_examples_known_del AFTER DELETE ON kb_examples REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_known_examples();
CREATE TRIGGER kb_examples_known_truncate AFTER TRUNCATE ON kb_examples
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_known_examples();

SELECT kb_doctor_known_refresh(NULL);
ANALYZE kb_doctor_known;

-- 076's, the word as written or folded as one scalar-array condition (the one change)
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

-- 114's kb_analyse_parts, its slow-word test and `known` reading kb_doctor_known (the changes, marked 120)
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
    -- (120) whether an example of the doctor's has the word, from the doctor's kb_doctor_known row, read once here
    -- (when correcting) and kept as the correction path's `known`.
    s := ' ' || array_to_string(words, ' ') || ' ';
    SELECT CASE WHEN p_correct THEN ARRAY(
               SELECT u.w FROM unnest(words) u(w)
               WHERE (u.w ~ '[ऀ-ॿ]' OR (char_length(u.w) >= 4 AND u.w !~ '[0-9]'))
                 AND NOT EXISTS (SELECT 1 FROM kb_lexicon_words v
                                 WHERE v.word IN (u.w, CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END)
                                   AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)
                                   AND (v.src = 'v' OR (v.src = 'w' AND u.w !~ '[ऀ-ॿ]')))
                 AND NOT (u.w = ANY (kn.ex)
                          OR CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END = ANY (kn.ex))) END,
           mt.terms, mt.canons, lk.lw, lk.lc, lk.ls, kn.ex
    INTO slow, mterms, mcanons, uw, uc, us, known
    FROM (SELECT CASE WHEN p_correct
                      THEN coalesce((SELECT k.words FROM kb_doctor_known k WHERE k.doctor_id = p_doctor), '{}') END AS ex
          OFFSET 0) kn,
         (SELECT t.terms, t.canons FROM kb_analyse_terms(p_doctor, s) t OFFSET 0) mt,
         LATERAL kb_analyse_lookup(p_doctor, words || kb_raw_words(array_to_string(mt.canons, ' '))) lk;
    IF p_correct AND cardinality(slow) > 0 THEN
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
            -- a known word, or an ordinary word of the language (kb_words), is never "corrected". (114) Tested here
            -- for a Devanagari word only: for any other word of `slow` the first statement's test has already made
            -- every part of it false (4 letters or more, no digit; no kb_lexicon_words 'v' or 'w' row, i.e. no kb_vocab
            -- or kb_words row, for the word or its kb_fold; no example of the doctor's with either, i.e. neither in
            -- `known`), against the same tables in the same statement's snapshot (the function is STABLE)
            IF w ~ '[ऀ-ॿ]' THEN
                CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                    OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                                 AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                    OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)));
            END IF;
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
