-- Round 19 (issue 14), measured and NOT kept: kb_analyse_parts' token loop as one set-based query (kb_analyse_out)
-- inlined into its first statement, its output taken when nothing was corrected and no multi-word term replaced (076's
-- loop otherwise). Identical output (bench/router/round19.py: 43,646 texts, 0 differ), but slower than the PL/pgSQL
-- loop it replaces: see docs/performance.md, "Round 19, kb_analyse_parts' word loop". Applied by round19.py inside
-- transactions that are rolled back; not a migration.

-- The token loop's output over words `p_ws` whose synonym (`p_uc`, NULL: none) and stop-word flag (`p_us`) are those
-- of the same word in `p_uw` (kb_analyse_lookup's arrays), set-based: the same tests as the loop, word by word (a bare
-- number dropped; a word without a synonym that is a stop word dropped; a synonym recorded when it differs from the
-- word, the word dropped when it is ''), the tokens the folded words of each synonym (or of the word), each kept at
-- its first place. A set-returning SQL function of one SELECT: the planner inlines it into the calling statement.
CREATE OR REPLACE FUNCTION kb_analyse_out(p_ws text[], p_uw text[], p_uc text[], p_us boolean[])
RETURNS TABLE (toks text[], syn jsonb, dropped text[]) LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce((SELECT array_agg(t.f ORDER BY t.o)
                     FROM (SELECT kb_fold(y.t) AS f, min(x.i * 100000 + y.k) AS o
                           FROM (SELECT u.i, u.w, p_uc[array_position(p_uw, u.w)] AS c,
                                        p_us[array_position(p_uw, u.w)] AS s
                                 FROM unnest(p_ws) WITH ORDINALITY u(w, i)) x,
                                LATERAL unnest(CASE WHEN x.c IS NULL THEN ARRAY[x.w] ELSE kb_raw_words(x.c) END)
                                    WITH ORDINALITY y(t, k)
                           WHERE x.w !~ '^[0-9]+$' AND (x.c IS NOT NULL OR NOT coalesce(x.s, false))
                           GROUP BY 1) t), '{}'),
           coalesce(jsonb_object_agg(z.w, z.c) FILTER (WHERE z.w !~ '^[0-9]+$' AND z.c <> z.w), '{}'),
           coalesce(array_agg(z.w ORDER BY z.i) FILTER (WHERE z.w ~ '^[0-9]+$' OR (z.c IS NULL AND z.s) OR z.c = ''),
                    '{}')
    FROM (SELECT u.i, u.w, p_uc[array_position(p_uw, u.w)] AS c, p_us[array_position(p_uw, u.w)] AS s
          FROM unnest(p_ws) WITH ORDINALITY u(w, i)) z
$$;

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
    -- (114) the output as the token loop below builds it from the words as split, computed in the first statement
    ftoks text[];
    fsyn jsonb;
    fdropped text[];
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
           mt.terms, mt.canons, lk.lw, lk.lc, lk.ls, fo.toks, fo.syn, fo.dropped
    INTO slow, mterms, mcanons, uw, uc, us, ftoks, fsyn, fdropped
    FROM (SELECT t.terms, t.canons FROM kb_analyse_terms(p_doctor, s) t OFFSET 0) mt,
         LATERAL kb_analyse_lookup(p_doctor, words || kb_raw_words(array_to_string(mt.canons, ' '))) lk,
         LATERAL kb_analyse_out(words, lk.lw, lk.lc, lk.ls) fo;
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
    -- (114) nothing corrected and no multi-word term replaced: the words are those the first statement's output was
    -- built from, with the same look-up, so that output is the answer
    IF corrected = '{}' AND synonyms = '{}' THEN
        o_tokens := ftoks; o_corrected := corrected; o_synonyms := fsyn; o_dropped := fdropped;
        RETURN;
    END IF;
    ws := kb_raw_words(s);
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