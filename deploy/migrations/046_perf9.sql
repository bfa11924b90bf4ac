-- 046: performance, round 6 (issue 14): a new text's analysis (kb_tokens -> kb_analyse) at a fraction of its cost.
--
-- Where 035's kb_analyse spent a new text's time (pg_stat_user_functions, auto_explain with nested statements, perf
-- on the backend, over every 20th (doctor, text) pair of tests/kb_eval): about a third PLANNING, inside the function:
-- PL/pgSQL keeps its statements' plans, but planned each statement again for every call's values (by estimate their
-- generic plans were dearer than the custom ones, so the plan cache kept planning anew), and kb_raw_words (a
-- LANGUAGE sql function with a FROM) parsed and planned its body in every transaction; the rest was some 20 statements a text run
-- word by word (per word: two Devanagari tests with a kb_vocab look-up, the "never corrected" test with four
-- look-ups, its synonym, its stop word), each paying an executor start, plus gathering the distinct words of all the
-- doctor's examples (`known`, ~3,500 words unnested for ~150 distinct) for every text.
--
-- 046 gives the same result (tokens in the same order, corrected, synonyms, dropped: every field) on every text:
-- - kb_analyse runs on generic plans (plan_cache_mode = force_generic_plan for its call) and asks, in ONE statement,
--   what each step looks up: which words the correction loop has anything to do for (an unknown Devanagari word, or
--   a word its "never corrected" test does not skip: the same tests, set-based), the multi-word terms of the text,
--   and each word's synonym and stop word (kb_analyse_terms, kb_analyse_lookup: the old statements' bodies over all
--   the words at once; the terms found by their first two words, an index on those). The loop then runs its old
--   steps, word by word and unchanged, for those words only (one text in six has one); a word a correction or a
--   multi-word term brings in is looked up after.
-- - whether a word is one of the doctor's (`known`) is one probe of a GIN index over every example's words keyed by
--   doctor (kb_examples_words); the whole list is gathered only when a word needs the correction steps.
-- - kb_raw_words and kb_nukta_words are one expression each (inlined by the planner).
-- - kb_tokens is PL/pgSQL (its one statement's plan kept).
-- Nothing is precomputed: every look-up reads the lexicon tables as they are when the text is analysed, so a
-- kb_lexicon_add, a clinic's synonym or stop word added at run time applies at once, as before.
-- Checked by bench/router/analyse_identity.py (every (doctor, text) pair of tests/kb_eval, and again with synonym
-- rows and a stop word added at run time); figures in README, "Performance", round 6.

-- Each distinct word of `p_words` with its synonym as kb_analyse reads it (the doctor's before the global one, the
-- word as written before its folded form; NULL: none) and whether it is a stop word: three arrays in the same order.
-- A LANGUAGE sql function called from kb_analyse's FROM with plain arguments: inlined into its statements.
CREATE OR REPLACE FUNCTION kb_analyse_lookup(p_doctor uuid, p_words text[])
RETURNS TABLE (lw text[], lc text[], ls boolean[]) LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(u.w), '{}'), coalesce(array_agg(y.canonical), '{}'),
           coalesce(array_agg(EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = u.w)), '{}')
    FROM (SELECT DISTINCT x AS w FROM unnest(p_words) x) u
    LEFT JOIN LATERAL (
        SELECT y.canonical FROM kb_synonyms y
        WHERE y.term IN (u.w, kb_fold(u.w)) AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
        ORDER BY y.doctor_id IS NULL, y.term = u.w DESC LIMIT 1) y ON true
$$;

-- The words of a doctor's example as keys of one index over every doctor's examples: 'doctor-uuid word' for each word
-- of kb_examples.raw. kb_analyse asks whether a word is one of the doctor's own (`known`) through it, one index probe,
-- where it gathered the distinct words of all the doctor's examples for every text; PostgreSQL maintains the index
-- with the rows, so nothing can go stale. One expression, no sub-select (cheap in the index's recheck): raw's words
-- are kb_raw_words' (letters, digits, Devanagari), so none holds a newline or is empty.
CREATE OR REPLACE FUNCTION kb_examples_words(p_doctor uuid, p_raw text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN cardinality(p_raw) > 0
                THEN string_to_array(p_doctor::text || ' ' || array_to_string(p_raw, E'\n' || p_doctor::text || ' '),
                                     E'\n')
                ELSE '{}' END
$$;
CREATE INDEX IF NOT EXISTS kb_examples_words_idx ON kb_examples USING gin (kb_examples_words(doctor_id, raw))
    WITH (fastupdate = off);

-- The multi-word terms of `p_s` (a text's words between spaces, with a space at either end) as 029's kb_analyse found
-- them: the doctor's before the global ones, longest first, and their canonical forms (two arrays in that order).
-- A term is in the text only if its first two words are two neighbouring words of the text (its words have no
-- space), so the candidates are found by those pairs (kb_synonyms_multi_pair_idx: one probe per pair, a handful of
-- rows) where 029 read every term starting with any word of the text (~70 a text, the common words start many),
-- then kept the same way (strpos).
CREATE INDEX IF NOT EXISTS kb_synonyms_multi_pair_idx
    ON kb_synonyms (split_part(term, ' ', 1), split_part(term, ' ', 2)) WHERE term LIKE '% %';

CREATE OR REPLACE FUNCTION kb_analyse_terms(p_doctor uuid, p_s text)
RETURNS TABLE (terms text[], canons text[]) LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(x.term ORDER BY char_length(x.term) DESC, x.term), '{}'),
           coalesce(array_agg(x.canonical ORDER BY char_length(x.term) DESC, x.term), '{}')
    FROM (SELECT DISTINCT ON (y.term) y.term, y.canonical
          FROM (SELECT a.w AS w1, b.w AS w2
                FROM unnest(string_to_array(btrim(p_s), ' ')) WITH ORDINALITY a(w, i)
                JOIN unnest(string_to_array(btrim(p_s), ' ')) WITH ORDINALITY b(w, i) ON b.i = a.i + 1) bg
          JOIN kb_synonyms y ON split_part(y.term, ' ', 1) = bg.w1 AND split_part(y.term, ' ', 2) = bg.w2
          WHERE y.term LIKE '% %' AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
            AND strpos(p_s, ' ' || y.term || ' ') > 0
          ORDER BY y.term, y.doctor_id IS NULL) x
$$;

-- 035's kb_analyse with its steps and tests unchanged; what they look up asked once per text (above).
CREATE OR REPLACE FUNCTION kb_analyse(p_doctor uuid, p_text text, p_correct boolean DEFAULT true)
 RETURNS jsonb
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
        RETURN jsonb_build_object('tokens', '[]'::jsonb, 'corrected', corrected, 'synonyms', synonyms,
                                  'dropped', '[]'::jsonb);
    END IF;
    -- One statement for what the steps below look up, each a function of a word or of the text (and the doctor)
    -- alone: the words for which the correction loop does something, i.e. an unknown Devanagari word (its first two
    -- steps) or a word that its "never corrected" test does not skip (the typo rule), the loop's own tests running
    -- for these (a word is one of the doctor's, `known`, when an example of the doctor's has it: kb_examples_words'
    -- index answers that without gathering all of them); the multi-word terms of the text as written; and the
    -- synonym and stop word of each word of the text and of those terms' canonical forms. What a correction changes
    -- is looked up again after it.
    s := ' ' || array_to_string(words, ' ') || ' ';
    SELECT CASE WHEN p_correct THEN ARRAY(
               SELECT u.w FROM (SELECT DISTINCT x AS w FROM unnest(words) x) u
               WHERE (u.w ~ '[ऀ-ॿ]'
                      AND NOT EXISTS (SELECT 1 FROM kb_examples e
                                      WHERE kb_examples_words(e.doctor_id, e.raw)
                                            && ARRAY[p_doctor::text || ' ' || u.w])
                      AND NOT EXISTS (SELECT 1 FROM kb_vocab v
                                      WHERE v.word = u.w AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)))
                  OR NOT (char_length(u.w) < 4 OR u.w ~ '[0-9]'
                          OR EXISTS (SELECT 1 FROM kb_examples e
                                     WHERE kb_examples_words(e.doctor_id, e.raw)
                                           && ARRAY[p_doctor::text || ' ' || u.w,
                                                    p_doctor::text || ' ' || kb_fold(u.w)])
                          OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (u.w, kb_fold(u.w))
                                       AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                          OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (u.w, kb_fold(u.w))))) END,
           mt.terms, mt.canons, lk.lw, lk.lc, lk.ls
    INTO slow, mterms, mcanons, uw, uc, us
    FROM (SELECT t.terms, t.canons FROM kb_analyse_terms(p_doctor, s) t OFFSET 0) mt,
         LATERAL (SELECT words || ARRAY(SELECT u FROM unnest(mt.canons) mc(t), unnest(kb_raw_words(mc.t)) u) AS a
                  OFFSET 0) la,
         LATERAL kb_analyse_lookup(p_doctor, la.a) lk;
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
    RETURN jsonb_build_object('tokens', to_jsonb(toks), 'corrected', corrected, 'synonyms', synonyms,
                              'dropped', to_jsonb(dropped));
END
$$;

-- kb_analyse's tokens, as 008's kb_tokens returned them (in order; '{}' for none). PL/pgSQL keeps this statement's
-- plan for the session, where the LANGUAGE sql function (not inlined: its body has a FROM) was parsed and planned in
-- every statement that called it, i.e. for every new text at one text a statement: with 046's kb_analyse that was a
-- fifth of a new text's analysis (server CPU 371 -> 305 us a text; round 5 measured no difference when the
-- analysis itself cost several times more).
CREATE OR REPLACE FUNCTION kb_tokens(p_doctor uuid, p_text text, p_correct boolean DEFAULT false) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN ARRAY(SELECT jsonb_array_elements_text(kb_analyse(p_doctor, p_text, p_correct) -> 'tokens'));
END
$$;

-- 008's kb_raw_words and 035's kb_nukta_words, the same words in the same order, as one expression without a FROM:
-- the planner inlines such a LANGUAGE sql function into its caller's expression, where the set-returning form was run
-- through its own executor, its body parsed and planned again in every transaction (kb_analyse calls it two or more
-- times a text). regexp_replace leaves at most one space between words and one at either end, so the only empty
-- strings regexp_split_to_array gives are at the ends, and array_remove drops them as `WHERE w <> ''` did (an empty
-- text gives '{}' both ways).
CREATE OR REPLACE FUNCTION kb_raw_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(regexp_split_to_array(
               regexp_replace(translate(lower(coalesce(t, '')),
                                        U&'\0901\093C\200C\200D\0958\0959\095A\095B\095C\095D\095E\095F',
                                        U&'\0902\0915\0916\0917\091C\0921\0922\092B\092F'),
                              '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' '), '')
$$;

CREATE OR REPLACE FUNCTION kb_nukta_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(regexp_split_to_array(
               regexp_replace(translate(lower(coalesce(t, '')), U&'\0901\200C\200D', U&'\0902'),
                              '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' '), '')
$$;

-- the planner's statistics for the two new index expressions (kb_analyse's generic plans are chosen with them)
ANALYZE kb_synonyms;
ANALYZE kb_examples;
