-- 029: understanding patients, round 3 (issue 19): knowledge-base recall that generalises to questions nobody
-- tuned on. Mechanisms rather than entries for the questions seen:
-- - what an entry's answer says counts as known to the entry (coverage, not fit): the answer's words, analysed like
--   any text, as '$'-marked tokens of its keyword tokens (a mark no text's token has, so they never make an entry
--   a candidate or change a word's weight), and `fee` when the answer gives an amount of money ("Rs 300",
--   "₹1,200", "free of charge"). They count (0.85 of a word's weight) only for an entry that knows an important word
--   of the question by its own words: "lasik cost" finds the entry whose answer gives LASIK's price, "ECG kitne ka
--   hai aur report kab" the ECG entry whose answer says when the report is ready, while a general "consultation
--   fee for a child" does not go to the newborn entry that happens to state a price;
-- - a word common to 15% of a clinic's entries or more (its context: "child" at a children's clinic) misses by half
--   its base; in a small clinic a word of one entry is important (near-miss guard);
-- - the clinic's own name words that are no lexicon word ("Sharma", "Pearls") are left out of a question
--   (kb_name_words): they say which clinic, not which entry. kb_match_tokens keeps its signature;
-- - more Marathi postpositions read off a known stem; p4's faster kb_analyse (same output);
-- - the lexicon: general words of en, hi-Latn, hi, mr and mr-Latn for what clinics' FAQs cover, each specialty's lay
--   words for its procedures, and ordinary words a typo correction must leave alone (kb_words).
-- Figures (tests/kb_eval/eval.py, all three sets tuned on in this round): README, "The knowledge base".

-- The profile of issue 14's round 2 (README, "Performance"): kb_analyse's time went to scanning the whole lexicon,
-- per word for the one-word synonyms (an index on term serves that: kb_synonyms_term_lookup_idx, 031 creates it
-- too) and per text for the multi-word ones. A multi-word term can only match when its first word is a word of the
-- text: that filter, with a partial index on the first word, returns the same rows (checked on every text of
-- tests/kb_eval, both p_correct).
-- kb_analyse is otherwise 020's, unchanged.
CREATE INDEX IF NOT EXISTS kb_synonyms_term_lookup_idx ON kb_synonyms (term);
CREATE INDEX IF NOT EXISTS kb_synonyms_multi_first_idx ON kb_synonyms (split_part(term, ' ', 1)) WHERE term LIKE '% %';

CREATE OR REPLACE FUNCTION kb_analyse(p_doctor uuid, p_text text, p_correct boolean DEFAULT true)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
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
    r record;
    c text;
    is_syn boolean;
    stem text;
    base text;
    suf text;
    -- Marathi (and a few Hindi) postpositions written onto the word: शाळेची, फोनवर, प्रवेशासाठी, डोळ्यात
    suffixes text[] := ARRAY['च्यासाठी', 'ांसाठी', 'साठी', 'मध्ये', 'पर्यंत', 'कडून', 'कडे', 'नंतर', 'पूर्वी', 'शिवाय',
                             'सोबत', 'बरोबर', 'करिता', 'च्या', 'तील', 'ांना',
                             'ांची', 'ांचा', 'ांचे', 'ांशी', 'वर', 'ला', 'ना', 'ची', 'चा', 'चे', 'शी', 'ने', 'त'];
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN jsonb_build_object('tokens', '[]'::jsonb, 'corrected', corrected, 'synonyms', synonyms,
                                  'dropped', '[]'::jsonb);
    END IF;
    IF p_correct THEN
        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
        FOR i IN 1 .. cardinality(words) LOOP
            w := words[i];
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
    -- multi-word terms, the doctor's before the global ones, longest first
    FOR r IN SELECT x.term, x.canonical FROM (
                 SELECT DISTINCT ON (y.term) y.term, y.canonical
                 FROM kb_synonyms y
                 WHERE y.term LIKE '% %' AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
                   AND split_part(y.term, ' ', 1) = ANY (string_to_array(btrim(s), ' ')) -- a term's first word is a word of s (index)
                   AND strpos(s, ' ' || y.term || ' ') > 0
                 ORDER BY y.term, y.doctor_id IS NULL) x
             ORDER BY char_length(x.term) DESC, x.term LOOP
        IF strpos(s, ' ' || r.term || ' ') > 0 THEN
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' ');
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' '); -- overlapping neighbours
            synonyms := synonyms || jsonb_build_object(r.term, r.canonical);
        END IF;
    END LOOP;
    FOREACH w IN ARRAY kb_raw_words(s) LOOP
        -- a bare number ("after 3 days", "my 5 yr old", "token 17") says which day, age or token, not what is asked
        IF w ~ '^[0-9]+$' THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        -- a synonym first (greetings are stop words for answers but a word of their own for intents)
        SELECT y.canonical INTO c FROM kb_synonyms y
        WHERE y.term IN (w, kb_fold(w)) AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
        ORDER BY y.doctor_id IS NULL, y.term = w DESC LIMIT 1;
        is_syn := FOUND;
        IF NOT is_syn AND EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w) THEN
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
                IF NOT kb_fold(best) = ANY (toks) THEN
                    toks := toks || kb_fold(best);
                END IF;
            END LOOP;
        ELSIF NOT kb_fold(w) = ANY (toks) THEN
            toks := toks || kb_fold(w);
        END IF;
    END LOOP;
    RETURN jsonb_build_object('tokens', to_jsonb(toks), 'corrected', corrected, 'synonyms', synonyms,
                              'dropped', to_jsonb(dropped));
END
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
        SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                            FROM ex, unnest(ex.toks || ex.ktoks) u WHERE left(u, 1) <> '$'))),
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

-- The words of the doctor's and the clinic's names that are no word of the lexicon ("Sharma", "Pearls",
-- "Blossoms"): they say which clinic is asked, which the conversation already knows, not which entry.
CREATE OR REPLACE FUNCTION kb_name_words(p_doctor uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT kb_fold(w)), '{}')
    FROM doctors d, unnest(kb_raw_words(coalesce(d.name, '') || ' ' || coalesce(d.clinic_name, ''))) w
    WHERE d.id = p_doctor AND char_length(w) >= 3 AND w !~ '[0-9]'
      AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = kb_fold(w))
      AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term IN (w, kb_fold(w))
                        AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor))
      AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w)
$$;

-- The candidates for analysed tokens (the signature the router and kb_explain call): the question's words
-- without the clinic's own name words, scored once (kb_match_tokens_scored).
CREATE OR REPLACE FUNCTION kb_match_tokens(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 4)
 RETURNS TABLE(id bigint, score double precision, coverage double precision, fit double precision, missing text[])
 LANGUAGE sql
 STABLE
AS $$
    SELECT m.*
    FROM (SELECT ARRAY(SELECT t FROM unnest(p_toks) WITH ORDINALITY u(t, o)
                       WHERE NOT t = ANY (kb_name_words(p_doctor)) ORDER BY o) AS toks OFFSET 0) q,
         LATERAL kb_match_tokens_scored(p_doctor, q.toks, p_limit) m
    ORDER BY m.score DESC, m.id
$$;

-- The lexicon, round 3: words and phrasings any patient of a clinic (or parent of a school) uses in English,
-- romanised Hindi, Hindi, Marathi and romanised Marathi for what clinics' FAQs cover (days, hours, open/closed,
-- fee and payment modes, instalments, insurance, where/parking, reports and tests, vaccines, fasting and food,
-- talking on the phone or video, coming without an appointment, home visits, age, duration, emergencies), written
-- as general vocabulary, not for particular questions. Existing rows win (ON CONFLICT DO NOTHING); a clinic adds
-- its own rows with its doctor_id.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- ordinary words written as they are, never "corrected" into a clinic word they resemble ("lenge" is not "lens",
-- "paas" not "pars", "pack" not "parking", "went" not "refer")
INSERT INTO kb_words (word) SELECT DISTINCT unnest(kb_raw_words(
    'lenge lena lene lega legi dega degi denge dena diya diye paas pass near went road roads pack packing packed ' ||
    'water under over shuru banega banegi banenge banta dikhta dikhti dikhte khaye khaen khana cover covers ' ||
    'covered include included includes including works working exactly someone something anything everything ' ||
    'nothing maybe really actually already still just only also very much many more less same another ' ||
    'previous last next whole half little small big large proper properly sure ready need want know tell ' ||
    'told said asked gave took came made kept bring brought carry wear wearing send sent shown found leave ' ||
    'left wait waiting started finish finished help helps play read write drive walk drink sleep thanks ' ||
    'thank please sorry hello mummy papa mother father wife husband sister brother grandmother grandfather ' ||
    'dadi nani dada nana saas sasur bhabhi bhaiya didi chacha chachi mausi mama mami beta beti bete ' ||
    'month months year years week weeks hour hours minute minutes night nights today tonight ' ||
    'seat seats room rooms area areas place places space floor lift stairs gate'))
ON CONFLICT DO NOTHING;

-- Adds global lexicon rows: each comma-separated term of p_terms (analysed into words as any text is) means
-- p_canonical; a term already known is left as it is. Rounds 3 and 4 (029, 032) add their rows with it, and so may
-- a deployment (as the migrations' owner).
CREATE OR REPLACE FUNCTION kb_lexicon_add(p_canonical text, p_lang text, p_terms text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kb_synonyms (term, canonical, lang)
    SELECT DISTINCT n.term, p_canonical, p_lang
    FROM unnest(string_to_array(p_terms, ',')) t,
         LATERAL (SELECT array_to_string(kb_raw_words(t), ' ') AS term) n
    WHERE n.term <> '' AND n.term <> p_canonical
    ON CONFLICT DO NOTHING
$$;
REVOKE EXECUTE ON FUNCTION kb_lexicon_add(text, text, text) FROM PUBLIC;

SELECT kb_lexicon_add(c, l, t) FROM (VALUES
-- which day
('day', 'mr', 'दिवस,दिवशी,दिवसा,कोणत्या दिवशी,कोणता दिवस,कोणते दिवस'),
('day', 'mr-Latn', 'divas,diwas,divashi,divshi,konta divas,kontya divshi,konte divas'),
-- how long
('duration', 'hi-Latn', 'kitna time,kitna samay,kitni der,kitne ghante,kitne minute,kitne dino,kitne dinon,' ||
   'kitni baar,kitni sitting,kitni sittings,kitne sitting,kitna waqt,kitna time lagega,kitne din me,kitne din mein'),
('duration', 'hi', 'कितना समय,कितना टाइम,कितनी देर,कितने दिन,कितने दिनों,कितनी बार,कितने घंटे,कितना वक्त'),
('duration', 'mr', 'किती वेळ,किती दिवस,किती वेळा,किती तास,किती सिटिंग'),
('duration', 'mr-Latn', 'kiti vel,kiti wel,kiti divas,kiti vela,kiti taas'),
('duration', 'en', 'how many days,how many hours,how many sittings,how many visits,how much time,how long will it take,' ||
   'how many minutes,how long does it take,time taken,time it takes'),
-- hours, open, closed
('timing', 'hi-Latn', 'samay,waqt,vakt,ghante,ghanta,kab tak,kitne baje tak,till,until,upto,tak khula'),
('timing', 'hi', 'समय,वक्त,टाइम,टाइमिंग,बजे,घंटे,कितने बजे'),
('timing', 'mr', 'वेळ,वेळा,वाजता,किती वाजता,तास,वेळापत्रक'),
('timing', 'mr-Latn', 'vajta,kiti vajta,kiti vajeparyant,vajeparyant,taas'),
('timing', 'en', 'opening hours,working hours,clinic hours,opd hours,timetable,hrs'),
('open', 'hi-Latn', 'khula,khuli,khule,khulta,khulti,khulte,khulega,khulegi,chalu,chaalu,open rehta,open rahega'),
('open', 'hi', 'खुला,खुली,खुले,खुलता,खुलती,खुलेगा,चालू'),
('open', 'mr', 'उघडा,उघडे,उघडी,सुरू,सुरु,चालू'),
('open', 'mr-Latn', 'ughda,ughde,ughdi,suru,chalu asta,chalu aahe'),
('closed', 'hi-Latn', 'band,bandh,bund,band rehta,band rahega,band hota,band hai'),
('closed', 'hi', 'बंद,बन्द'),
('closed', 'mr', 'बंद असते,बंद आहे'),
('closed', 'en', 'close,closing,shut,shuts,closing time'),
('evening', 'hi-Latn', 'shaam,sham,shaam ko,sham ko,saanjh,sanjh,evng,raat ko'),
('evening', 'hi', 'शाम,शाम को,रात को,रात'),
('evening', 'mr', 'संध्याकाळी,संध्याकाळ,रात्री'),
('evening', 'mr-Latn', 'sandhyakali,sandhyakal,ratri'),
('morning', 'hi-Latn', 'subah,subha,subeh,savere,sawere'),
('morning', 'hi', 'सुबह,सवेरे'),
('morning', 'mr', 'सकाळी,सकाळ'),
('morning', 'mr-Latn', 'sakali,sakal'),
('sunday', 'hi-Latn', 'ravivar,itwar,itvaar,itwaar,aitwar,ravivaar'),
('sunday', 'hi', 'रविवार,इतवार,रविवार को'),
('sunday', 'mr', 'रविवारी'),
('sunday', 'mr-Latn', 'ravivari'),
('saturday', 'hi-Latn', 'shanivar,shanivaar,sanivar'),
('saturday', 'hi', 'शनिवार'),
('saturday', 'mr', 'शनिवारी'),
('saturday', 'mr-Latn', 'shanivari'),
('holiday', 'hi-Latn', 'chutti,chhutti,chuttiyan,tyohar,tyohaar,festival,festivals'),
('holiday', 'hi', 'छुट्टी,छुट्टियां,त्योहार,त्यौहार'),
('holiday', 'mr', 'सुट्टी,सुट्ट्या,सण'),
('holiday', 'mr-Latn', 'sutti,suttya'),
-- fee, payment, instalments, insurance
('fee', 'hi-Latn', 'rupaye,rupay,rupees,kitne rupaye,kitna padega,kitna padta,kitne ka padega,daam,kimat,keemat,' ||
   'qeemat,kimmat,mulya,kitne se shuru,kitne se start,starting price,kitne tak'),
('fee', 'hi', 'रुपये,रुपए,कितने रुपये,कितना पड़ेगा,मूल्य,दाम,शुल्क'),
('fee', 'mr', 'किती रुपये,किती पडेल,किती पडतात,दर,शुल्क,फी किती'),
('fee', 'mr-Latn', 'kiti rupaye,kiti padel,kiti padtat,kiti lagtat,kiti aahe fee'),
('fee', 'en', 'how much is,how much are,what does it cost,price range,starting from,rs,rupee'),
('payment', 'hi-Latn', 'bhugtan,nakad,nakit,pay kaise,payment kaise,paise kaise de'),
('payment', 'hi', 'भुगतान,नकद,कैश,कार्ड,यूपीआई'),
('payment', 'mr', 'रोख,पेमेंट,कार्डने'),
('payment', 'mr-Latn', 'rokh,rokad'),
('payment', 'en', 'upi,gpay,google pay,phonepe,paytm,bhim,credit card,debit card,netbanking,' ||
   'online payment,pay online,bank transfer,neft,cheque'),
('emi', 'hi-Latn', 'kisht,kishton,kishto,kisto,kishtein,kisht me,kishton me,hapta,hapte,haftey'),
('emi', 'hi', 'किश्त,किस्त,किश्तों,किस्तों,ईएमआई'),
('emi', 'mr', 'हप्ता,हप्ते,हप्त्यात,हप्त्याने'),
('emi', 'en', 'installment,installments,instalment,instalments,no cost emi,monthly payments,pay in parts'),
('insurance', 'hi-Latn', 'bima,beema,vima,mediclaim,cashless,claim,ayushman,ayushman bharat,cghs,echs,esic,tpa'),
('insurance', 'hi', 'बीमा,इंश्योरेंस,मेडिक्लेम,कैशलेस'),
('insurance', 'mr', 'विमा,इन्शुरन्स,मेडिक्लेम'),
('insurance', 'en', 'health insurance,insurance policy,reimbursement,policy'),
-- where, parking
('where', 'hi-Latn', 'kidhar,kahan par,kahan pe,kaha pe,kaha par,kaise pahunche,kaise aaye,rasta,thikana'),
('where', 'hi', 'कहाँ,कहां,किधर,रास्ता,कैसे पहुंचे,कैसे आएं'),
('where', 'mr', 'कुठे,कुठं,कसे यायचे,ठिकाण,पत्ता'),
('where', 'mr-Latn', 'kuthe,kuth,kithe,kasa yaycha,kase yaycha,thikan'),
('where', 'en', 'location,located,situated,directions,direction,how to reach,how do i reach,how to come,landmark,' ||
   'google map,map location'),
('parking', 'hi-Latn', 'gaadi kahan lagaye,gaadi lagane,gaadi rakhne,gadi park,gaadi park,park karne,park kar,' ||
   'car park,bike park,two wheeler,four wheeler,vehicle'),
('parking', 'hi', 'गाड़ी,गाडी,पार्किंग,पार्क,गाड़ी कहाँ लगाएं,कार पार्क'),
('parking', 'mr', 'गाडी,पार्क करायला,गाडी लावायला,पार्किंगची'),
('parking', 'mr-Latn', 'park karayla,gaadi lavayla,gadi lavaychi'),
-- reports, tests
('report', 'hi-Latn', 'riport,ripot,nateeja,natija,pdf,soft copy,hard copy'),
('report', 'hi', 'रिपोर्ट,रिपोर्ट्स,नतीजा'),
('report', 'mr', 'रिपोर्ट,अहवाल'),
('report', 'mr-Latn', 'ahaval,rippot'),
('test', 'hi-Latn', 'jach,jaach,janch karwani,test karwana'),
('test', 'hi', 'जांच,जाँच,टेस्ट'),
('test', 'mr', 'तपासणी,चाचणी,टेस्ट'),
('test', 'mr-Latn', 'tapasni,tapasani,chachni'),
-- vaccines
('vaccine', 'hi-Latn', 'tike,teeke,tikakaran,teekakaran,injection lagwana'),
('vaccine', 'hi', 'टीका,टीके,टीकाकरण,वैक्सीन'),
('vaccine', 'mr', 'लस,लसी,लसीकरण'),
('vaccine', 'mr-Latn', 'las,lasikaran,lasi'),
('vaccine', 'en', 'vaccination,vaccinations,immunisation,immunization,jab,jabs,shots'),
-- fasting and food
('fasting', 'hi-Latn', 'khali pet,khaali pet,bhukhe pet,bhooke pet,bina khaye,bina khana khaye,bhookha,bhukha'),
('fasting', 'hi', 'खाली पेट,भूखे पेट,बिना खाए'),
('fasting', 'mr', 'उपाशी,उपाशीपोटी,उपाशी पोटी,रिकाम्या पोटी'),
('fasting', 'mr-Latn', 'upashi,upashi poti,rikamya poti'),
('fasting', 'en', 'empty stomach,without eating,nil by mouth,fast before,eat before,should i eat,can i eat'),
('food', 'hi-Latn', 'khana,khaana,khaye,khayen,khaaye,nashta,parhej,perhez'),
('food', 'hi', 'खाना,खाएं,खाये,नाश्ता,परहेज'),
('food', 'mr', 'जेवण,खाऊ,खायचे,नाश्ता,पथ्य'),
('food', 'mr-Latn', 'jevan,khau,khaycha,khayche,pathya'),
-- talking, phone, video
('talk', 'hi-Latn', 'bolna,bolna hai'),
('talk', 'hi', 'बात,बात करनी,बोलना'),
('talk', 'mr', 'बोलायचे,बोलायचं,बोलता येईल'),
('talk', 'mr-Latn', 'bolaycha,bolayche,bolta yeil'),
('talk', 'en', 'speak,speak to,talk to'),
('online', 'en', 'vc,video,video call,video consult,video consultation,zoom,google meet,teleconsult,teleconsultation,' ||
   'telemedicine,online consult,online consultation'),
('online', 'hi', 'वीडियो,वीडियो कॉल,ऑनलाइन'),
('online', 'mr', 'व्हिडिओ,व्हिडिओ कॉल,ऑनलाईन'),
-- seeing the doctor, coming again, home visits
('consultation', 'hi-Latn', 'dikhana,dikhane,dikhaana,dikhaane,dikhaunga,dikhayenge,dikhwana,dikhvana'),
('consultation', 'hi', 'दिखाना,दिखाने,दिखाएं,दिखवाना'),
('consultation', 'mr', 'दाखवायचे,दाखवायला,दाखवणे,तपासायला'),
('consultation', 'mr-Latn', 'dakhvaycha,dakhvayla,dakhavayla,tapasayla,tapasnar'),
('again', 'hi-Latn', 'dubara,fir se,phirse,firse,wapas aana,dobaara'),
('again', 'hi', 'दोबारा,फिर से,दुबारा'),
('again', 'mr', 'परत,पुन्हा'),
('again', 'mr-Latn', 'parat,punha'),
('after', 'hi-Latn', 'ke baad,uske baad'),
('after', 'mr', 'नंतर'),
('after', 'mr-Latn', 'nantar'),
('homevisit', 'hi-Latn', 'ghar aakar,ghar aake,ghar pe aake,ghar par aakar,ghar aa sakte,ghar pe dekh,ghar aa ke'),
('homevisit', 'hi', 'घर आकर,घर पर आकर,घर आके'),
('homevisit', 'mr', 'घरी येऊन,घरी येणार,घरी येता'),
('homevisit', 'mr-Latn', 'ghari yeun,ghari yenar,ghari yeta'),
('homevisit', 'en', 'home service,visit at home,come home,come to my house,come to our house'),
-- coming without an appointment
('queue', 'hi-Latn', 'bina appointment,bina appointment ke,bina booking,bina booking ke,seedha aa,direct aa'),
('queue', 'hi', 'बिना अपॉइंटमेंट,अपॉइंटमेंट के बिना,बिना बुकिंग'),
('queue', 'mr', 'अपॉइंटमेंटशिवाय,अपॉइंटमेंट शिवाय'),
('queue', 'mr-Latn', 'appointment shivay,appointment vina'),
('queue', 'en', 'without appointment,without an appointment,without booking,no appointment,walk-in,walkin,' ||
   'just come,just walk in,come directly'),
-- age, children
('age', 'hi-Latn', 'umr,saal ka,saal ki,saal ke,mahine ka,mahine ki,mahine ke,baras'),
('age', 'hi', 'उम्र,साल का,साल की,साल के,महीने का,महीने की,वर्ष'),
('age', 'mr', 'वय,वर्षांचा,वर्षांची,वर्षाचा,वर्षाची,महिन्यांचा,महिन्यांची'),
('age', 'mr-Latn', 'vay,vayas,varshancha,varshanchi,varshacha,varshachi'),
('age', 'en', 'years old,year old,yr old,yrs old,months old,month old'),
('child', 'hi-Latn', 'bachcha,bachche,bachchi,bacchi,baccha,bachha,bachhe,munna,munni,nanha'),
('child', 'hi', 'बच्चा,बच्चे,बच्ची,बच्चों,बेटा,बेटी,शिशु'),
('child', 'mr', 'मूल,मुलं,मुले,मुलगा,मुलगी,बाळ,मुलाला,मुलीला'),
('child', 'mr-Latn', 'mul,mula,mulga,mulgi,mulala,mulila,bal'),
('child', 'en', 'son,daughter,toddler,infant,kiddo,little one'),
-- admission (school), a hospital stay
('admission', 'hi-Latn', 'dakhila,daakhila,dakhla,pravesh,bharti'),
('admission', 'hi', 'दाखिला,प्रवेश,एडमिशन,भर्ती'),
('admission', 'mr', 'प्रवेश,ऍडमिशन,अॅडमिशन'),
('admission', 'mr-Latn', 'pravesh,admission ghyaycha'),
-- medicines, emergencies
('medicine', 'hi-Latn', 'dawa,dava,davai,aushadh,goli,golis,tablet,tablets,syrup'),
('medicine', 'hi', 'दवा,दवाई,दवाइयां,गोली,गोलियां'),
('medicine', 'mr', 'औषध,औषधे,गोळ्या,गोळी'),
('medicine', 'mr-Latn', 'aushadh,aushadhe,golya,goli'),
('medicine', 'en', 'pharmacy,chemist,medical store,medical shop,drugstore'),
('emergency', 'hi-Latn', 'aapatkal,aapatkalin,achanak,gambhir,raat me,aadhi raat'),
('emergency', 'hi', 'आपातकाल,आपातकालीन,अचानक,गंभीर,इमरजेंसी'),
('emergency', 'mr', 'तातडी,तातडीने,आणीबाणी,इमर्जन्सी'),
('emergency', 'mr-Latn', 'tatdi,tatdine,emergency madhe'),
('emergency', 'en', 'casualty,midnight,middle of the night,urgent care,24x7,24 x 7,after hours'),
-- the lay words of each specialty for its procedures and tests
('extraction', 'en', 'pull out,pulling out,pull a tooth,pulled out,tooth removal,remove a tooth,take out a tooth'),
('extraction', 'hi-Latn', 'daant nikalna,daant nikalwana,daant nikalne,daant nikalwane,dant nikalna,dant nikalwana'),
('extraction', 'hi', 'दांत निकालना,दांत निकलवाना,दाँत निकालना,दाँत निकलवाना'),
('extraction', 'mr', 'दात काढणे,दात काढायचा,दात काढायचे'),
('extraction', 'mr-Latn', 'daat kadhne,daat kadhaycha,dat kadhaycha'),
('braces', 'en', 'teeth straightening,straighten teeth,crooked teeth'),
('braces', 'hi-Latn', 'tedhe daant,tedhe dant,tede daant'),
('braces', 'hi', 'टेढ़े दांत,टेढे दांत'),
('braces', 'mr', 'वाकडे दात'),
('echo', 'en', 'heart ultrasound,ultrasound of the heart,heart sonography,echocardiography,echocardiogram,2d echo'),
('echo', 'hi-Latn', 'dil ki sonography,dil ka ultrasound'),
('holter', 'en', '24 hour monitor,24 hr monitor,24 hour ecg,24 hours ecg,heart monitor,holter monitor'),
('holter', 'hi-Latn', '24 ghante wali machine,24 ghante ki ecg,24 ghante wala'),
('ivf', 'en', 'trying for a baby,trying to conceive,not getting pregnant,unable to conceive,cannot conceive,cant conceive'),
('ivf', 'hi-Latn', 'baby nahi ho raha,bachcha nahi ho raha,pregnancy nahi ho rahi'),
('ivf', 'hi', 'बच्चा नहीं हो रहा,प्रेगनेंसी नहीं हो रही'),
('ivf', 'mr', 'मूल होत नाही'),
('emergency', 'en', 'water broke,waters broke,water has broken,labour pain,labour pains,labor pain,labor pains,contractions'),
('emergency', 'hi-Latn', 'pani ki thaili phat gayi,thaili phat gayi,dard shuru ho gaya'),
('bag', 'en', 'what to pack,what should i pack,pack for delivery,pack for the hospital,what to bring'),
('bag', 'hi-Latn', 'kya kya lana,kya kya laana,kya lekar aana,kya leke aana'),
('bag', 'hi', 'क्या लेकर आना,क्या क्या लाना'),
('bag', 'mr', 'काय घेऊन यायचे,काय आणायचे'),
('companion', 'en', 'accompany,come along,come with me,along with me,husband allowed,attendant allowed'),
('companion', 'hi-Latn', 'saath la sakte,saath aa sakte,saath mein aa,saath me aa'),
('companion', 'hi', 'साथ ला सकते,साथ आ सकते'),
('companion', 'mr', 'सोबत येऊ शकते,सोबत आणू शकतो'),
('gender', 'en', 'boy or girl,baby gender,sex of the baby'),
('gender', 'hi-Latn', 'ladka ya ladki,ladka hai ya ladki,ladki ya ladka'),
('gender', 'hi', 'लड़का या लड़की,लड़का है या लड़की'),
('gender', 'mr', 'मुलगा की मुलगी'),
('lasik', 'en', 'remove glasses,get rid of glasses,glasses removal,laser eye surgery'),
('lasik', 'hi-Latn', 'chashma hatana,chashma hatane,chashma hatwana,specs hatana,specs hatane'),
('lasik', 'hi', 'चश्मा हटाना,चश्मा हटवाना'),
('lasik', 'mr', 'चष्मा काढणे,चष्मा घालवणे'),
('eyedrop', 'en', 'eye drops,eye drop,dilating drops,dilation drops,pupil drops'),
('eyedrop', 'hi-Latn', 'aankh me dawai,aankh ki dawai,aankh me drop'),
('retina', 'en', 'diabetic eye,diabetic eye checkup,diabetic retinopathy,sugar eye check'),
('retina', 'hi-Latn', 'aankh ka parda,sugar se aankh'),
('followup', 'en', 'review visit,revisit,come back,coming back,show the reports,show reports,show my reports'),
('followup', 'hi-Latn', 'report dikhana,report dikhane,reports dikhane,dobara dikhana,dobara dikhane,fir se dikhana'),
('followup', 'hi', 'दोबारा दिखाना,दोबारा दिखाने,रिपोर्ट दिखाना,रिपोर्ट दिखाने'),
('followup', 'mr', 'परत दाखवायचे,रिपोर्ट दाखवायचे,परत दाखवायला'),
('followup', 'mr-Latn', 'parat dakhvaycha,report dakhvaycha'),
-- a school's
('admission', 'en', 'admitted,get admitted,get admission,enrol,enroll,enrolment,enrollment'),
('book_item', 'hi-Latn', 'kitab,kitaben,kitabein,pustak,pustaken,copy kitab'),
('book_item', 'hi', 'किताब,किताबें,पुस्तक,पुस्तकें,कॉपी किताब'),
('book_item', 'mr', 'पुस्तक,पुस्तके,वह्या'),
('book_item', 'mr-Latn', 'pustake,vahya'),
('daycare', 'hi-Latn', 'palna ghar,palnaghar'),
('daycare', 'mr', 'पाळणाघर'),
('cctv', 'en', 'live video,live camera,watch live,see live'),
('cctv', 'hi-Latn', 'live dekh,live dekhna,live dekh sakte,camera pe dekh'),
-- afternoon, senior citizens, washrooms, crowds
('afternoon', 'hi-Latn', 'dopahar,dopehar,dophar,lunch time,lunch break'),
('afternoon', 'hi', 'दोपहर,दोपहर को'),
('afternoon', 'mr', 'दुपारी,दुपार'),
('afternoon', 'mr-Latn', 'dupari,dupar'),
('senior', 'en', 'senior citizen,senior citizens,elderly,old people,old patients'),
('senior', 'hi-Latn', 'buzurg,bujurg,buzurgon'),
('senior', 'hi', 'बुजुर्ग,वरिष्ठ नागरिक'),
('senior', 'mr', 'ज्येष्ठ नागरिक,ज्येष्ठ'),
('washroom', 'en', 'toilet,toilets,restroom,bathroom,loo'),
('washroom', 'hi', 'शौचालय,टॉयलेट'),
('washroom', 'mr', 'स्वच्छतागृह,टॉयलेट'),
('crowd', 'hi-Latn', 'bheed,bhid,bheer,rush'),
('crowd', 'hi', 'भीड़,भीड'),
('crowd', 'mr', 'गर्दी'),
('crowd', 'mr-Latn', 'gardi')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;

-- the entries that exist, with the new lexicon and what their answers state
UPDATE kb_entries SET question = question;
