-- 035: understanding patients, round 5 (issue 19): a Devanagari word read through its romanisation.
-- Much of what patients write in Devanagari is English loanwords (अपॉइंटमेंट, रिपोर्ट, टेस्ट, फीस, एडमिशन) and Hindi or
-- Marathi words the lexicon knows in Latin letters (दाँत daant, खर्चा kharcha). kb_analyse (029's, with one step
-- added) reads an unknown Devanagari word of a patient's text (not one of the doctor's words, not in kb_vocab, no
-- known stem under a postposition) as its romanisation, so that every Latin-script resource applies: the doctor's own
-- words, the lexicon (kb_synonyms via kb_vocab), the ordinary words (kb_words). It shows in
-- 'corrected' (रिपोर्ट -> report), as the typo corrections do. Helpers:
-- - kb_romanise(word): Indian chat spelling of a Devanagari word (the inherent 'a' dropped where people drop it);
-- - kb_sound_key(word): what chat spellings of one word share; kb_translit_key(word) = the key of its romanisation;
-- - kb_translit_word(doctor, known, word): the lookup;
-- - kb_nukta_words(text): the words with their nukta letters (ज़, फ़) that kb_raw_words folds.
-- The keys, measured on the lexicon itself (its 625 one-word Devanagari terms against its one-word Latin ones): 270
-- share a sound key of 4+ letters with a Latin term, 268 with one of the same meaning (at 3 letters 340, 5 not: कान
-- "ear" and "can"); of the others, 78 share a skeleton of 4+ consonants, 76 with one of the same meaning (at 3: 129,
-- 17 not). Both are taken at 4. Measured on the spent sets and not taken: a stop word as what a word reads as
-- (पहले -> pahle dropped "before" from a question the entry does not answer: two near misses answered on heldout4),
-- and the typo rule against the romanised form (करूं karoon -> karaos, नौकरी naukri -> nakli, टोचता tochta -> toota;
-- no question gained at any length). Figures: README, "The knowledge base"; cost: tests/kb_eval/analyse_time.py.

-- The words of a text as kb_raw_words splits them (the same number, in the same order) but with their nukta letters
-- kept (kb_raw_words folds them for matching: its translate() list also turns a combining nukta into क, so ज़रूरी is
-- read there as जकरूरी): kb_romanise writes ज़ as z and फ़ as f from these.
CREATE OR REPLACE FUNCTION kb_nukta_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(w ORDER BY n), '{}')
    FROM regexp_split_to_table(
             regexp_replace(translate(lower(coalesce(t, '')), U&'\0901\200C\200D', U&'\0902'),
                            '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' ') WITH ORDINALITY AS s(w, n)
    WHERE w <> ''
$$;

-- A Devanagari word as Indians write it in Latin letters in chat: consonants with their inherent 'a' (dropped at
-- the end of a word and between a vowel and a consonant that has one: कमल kamal, करना karna, अपॉइंटमेंट
-- apointment), matras, ऑ/ॉ as o, anusvara and chandrabindu as n, visarga as h, nukta letters as their sound (ज़ z,
-- फ़ f, ड़ d as chats write पढ़ाई padhaai), a last long vowel as people end it (करना karna, ज़रूरी zaroori). A word
-- without Devanagari is returned as it is; other letters and digits are kept.
CREATE OR REPLACE FUNCTION kb_romanise(p_word text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    n int := 0;
    kind text[] := '{}';   -- 'C' consonant, 'V' independent vowel, 'X' anything else (Latin, digits)
    txt text[] := '{}';    -- the unit's Latin letters (a consonant's without its vowel)
    vow text[] := '{}';    -- a consonant's vowel: a matra's letters, '' after a halant, NULL the inherent 'a'
    tail text[] := '{}';   -- anusvara / chandrabindu (n), visarga (h) written after the unit
    ch text;
    v text;
    out text := '';
    has_vowel boolean;
BEGIN
    IF p_word IS NULL OR p_word !~ '[ऀ-ॿ]' THEN
        RETURN p_word;
    END IF;
    -- NFC writes the nukta letters (क़ .. य़, U+0958..U+095F) as their letter and the nukta sign
    FOREACH ch IN ARRAY regexp_split_to_array(normalize(p_word, NFC), '') LOOP
        IF ch = '़' THEN  -- nukta: the letter before it read as its Persian/English sound
            IF n > 0 AND kind[n] = 'C' THEN
                txt[n] := CASE txt[n] WHEN 'j' THEN 'z' WHEN 'ph' THEN 'f' WHEN 'k' THEN 'k' WHEN 'kh' THEN 'kh'
                                      WHEN 'g' THEN 'g' WHEN 'd' THEN 'd' WHEN 'dh' THEN 'dh' ELSE txt[n] END;
            END IF;
            CONTINUE;
        END IF;
        IF ch = '्' THEN
            IF n > 0 AND kind[n] = 'C' THEN vow[n] := ''; END IF;
            CONTINUE;
        END IF;
        IF ch IN ('ं', 'ँ', 'ः') THEN
            IF n > 0 THEN
                tail[n] := coalesce(tail[n], '') || CASE ch WHEN 'ः' THEN 'h' ELSE 'n' END;
            END IF;
            CONTINUE;
        END IF;
        v := CASE ch WHEN 'ा' THEN 'aa' WHEN 'ि' THEN 'i' WHEN 'ी' THEN 'ee' WHEN 'ु' THEN 'u' WHEN 'ू' THEN 'oo'
                     WHEN 'ृ' THEN 'ri' WHEN 'े' THEN 'e' WHEN 'ै' THEN 'ai' WHEN 'ो' THEN 'o' WHEN 'ौ' THEN 'au'
                     WHEN 'ॉ' THEN 'o' WHEN 'ॅ' THEN 'e' WHEN 'ॆ' THEN 'e' WHEN 'ॊ' THEN 'o' END;
        IF v IS NOT NULL THEN
            IF n > 0 AND kind[n] = 'C' AND vow[n] IS NULL THEN
                vow[n] := v;
            ELSE
                n := n + 1; kind[n] := 'V'; txt[n] := v; vow[n] := NULL; tail[n] := NULL;
            END IF;
            CONTINUE;
        END IF;
        v := CASE ch WHEN 'अ' THEN 'a' WHEN 'आ' THEN 'aa' WHEN 'इ' THEN 'i' WHEN 'ई' THEN 'ee' WHEN 'उ' THEN 'u'
                     WHEN 'ऊ' THEN 'oo' WHEN 'ऋ' THEN 'ri' WHEN 'ए' THEN 'e' WHEN 'ऐ' THEN 'ai' WHEN 'ओ' THEN 'o'
                     WHEN 'औ' THEN 'au' WHEN 'ऑ' THEN 'o' WHEN 'ऍ' THEN 'e' WHEN 'ॲ' THEN 'a' WHEN 'ऎ' THEN 'e'
                     WHEN 'ऒ' THEN 'o' END;
        IF v IS NOT NULL THEN
            n := n + 1; kind[n] := 'V'; txt[n] := v; vow[n] := NULL; tail[n] := NULL;
            CONTINUE;
        END IF;
        v := CASE ch WHEN 'क' THEN 'k' WHEN 'ख' THEN 'kh' WHEN 'ग' THEN 'g' WHEN 'घ' THEN 'gh' WHEN 'ङ' THEN 'n'
                     WHEN 'च' THEN 'ch' WHEN 'छ' THEN 'chh' WHEN 'ज' THEN 'j' WHEN 'झ' THEN 'jh' WHEN 'ञ' THEN 'n'
                     WHEN 'ट' THEN 't' WHEN 'ठ' THEN 'th' WHEN 'ड' THEN 'd' WHEN 'ढ' THEN 'dh' WHEN 'ण' THEN 'n'
                     WHEN 'त' THEN 't' WHEN 'थ' THEN 'th' WHEN 'द' THEN 'd' WHEN 'ध' THEN 'dh' WHEN 'न' THEN 'n'
                     WHEN 'प' THEN 'p' WHEN 'फ' THEN 'ph' WHEN 'ब' THEN 'b' WHEN 'भ' THEN 'bh' WHEN 'म' THEN 'm'
                     WHEN 'य' THEN 'y' WHEN 'र' THEN 'r' WHEN 'ल' THEN 'l' WHEN 'ळ' THEN 'l' WHEN 'व' THEN 'v'
                     WHEN 'श' THEN 'sh' WHEN 'ष' THEN 'sh' WHEN 'स' THEN 's' WHEN 'ह' THEN 'h' WHEN 'ऱ' THEN 'r' END;
        IF v IS NOT NULL THEN
            n := n + 1; kind[n] := 'C'; txt[n] := v; vow[n] := NULL; tail[n] := NULL;
            CONTINUE;
        END IF;
        IF ch ~ '[०-९]' THEN
            ch := chr(ascii(ch) - ascii('०') + ascii('0'));
        ELSIF ch ~ '[ऀ-ॿ]' THEN
            CONTINUE;  -- a sign without a sound of its own (avagraha, danda, ...)
        END IF;
        n := n + 1; kind[n] := 'X'; txt[n] := ch; vow[n] := ''; tail[n] := NULL;
    END LOOP;
    -- the inherent 'a' as people write it: a consonant with a nasal or visarga after it keeps it (संत sant); the last
    -- one drops it when an earlier unit has a vowel (कमल kamal, टेस्ट test, but न na); then, right to left, a
    -- medial one between a unit that has a vowel and a consonant that has one (करना karna, अपॉइंटमेंट apointment,
    -- समझना samajhna: after one drop its neighbour keeps its 'a')
    FOR i IN 1 .. n LOOP
        IF kind[i] = 'C' AND vow[i] IS NULL AND tail[i] IS NOT NULL THEN
            vow[i] := 'a';
        END IF;
    END LOOP;
    IF n > 0 AND kind[n] = 'C' AND vow[n] IS NULL THEN
        has_vowel := false;
        FOR i IN 1 .. n - 1 LOOP
            has_vowel := has_vowel OR kind[i] = 'V' OR (kind[i] = 'C' AND coalesce(vow[i], 'a') <> '');
        END LOOP;
        vow[n] := CASE WHEN has_vowel THEN '' ELSE 'a' END;
    END IF;
    FOR i IN REVERSE n - 1 .. 2 LOOP
        CONTINUE WHEN kind[i] <> 'C' OR vow[i] IS NOT NULL;
        IF (kind[i - 1] = 'V' OR (kind[i - 1] = 'C' AND coalesce(vow[i - 1], 'a') <> ''))
           AND kind[i + 1] = 'C' AND coalesce(vow[i + 1], 'a') <> '' THEN
            vow[i] := '';
        END IF;
    END LOOP;
    FOR i IN 1 .. n LOOP
        out := out || txt[i] || CASE WHEN kind[i] = 'C' THEN coalesce(vow[i], 'a') ELSE '' END || coalesce(tail[i], '');
    END LOOP;
    -- chat spelling of a last long vowel: karna, kitna, zaroori -> zaruri's key alike
    RETURN regexp_replace(regexp_replace(out, 'aa$', 'a'), 'ee$', 'i');
END
$$;

-- A comparison key for a word in Latin letters that chat spellings of one word share: one letter for what is
-- written several ways (w/v, z/j, q/k, ph/f, c as k or s, ch), aspiration dropped (kh/k, th/t, dh/d, bh/b, sh/s), long
-- vowels as short ones (aa/a, ee/i, oo/u), doubled letters single, -tion/-sion/-shan alike, m before p/b as n, a
-- final -a or silent -e dropped: kharchaa, kharcha -> karc; appointment, apointment; fees, phees -> fis; school,
-- skool -> skul; zaroori, jaruri -> jaruri. Measured on the lexicon itself (above).
CREATE OR REPLACE FUNCTION kb_sound_key(p_word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(k) > 3 THEN regexp_replace(k, '([^aeiou])e$|a$', '\1') ELSE k END
    FROM (SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                 regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                 regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                 translate(lower(p_word), 'wzqx', 'vjkk'),
                 '(t|s|ss|sh)ion$', 'shan'),
                 'sch', 'sk', 'g'),
                 'ck', 'k', 'g'),
                 'ch', 'C', 'g'),
                 'c([eiy])', 's\1', 'g'),
                 'c', 'k', 'g'),
                 'g([eiy])', 'j\1', 'g'),
                 'ph', 'f', 'g'),
                 '([kgCjtdpbsv])h', '\1', 'g'),
                 'C', 'c', 'g'),
                 '(ee|ii|ea|ie)', 'i', 'g'),
                 '(oo|ou)', 'u', 'g'),
                 'y$', 'i'),
                 'm([pb])', 'n\1', 'g'),
                 '(.)\1+', '\1', 'g'),
                 'aa', 'a', 'g') AS k) x
$$;

-- The key of any word: a Devanagari one through its romanisation. Indexed (kb_words, and kept in kb_translit_keys),
-- hence the path.
CREATE OR REPLACE FUNCTION kb_translit_key(p_word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT kb_sound_key(kb_romanise(p_word))
$$;

-- A looser key for loanwords, whose English vowels the Devanagari spelling does not keep (report/रिपोर्ट riport,
-- doctor/डॉक्टर doktar, payment/पेमेंट pement): the consonants of the key, a word-initial vowel as 'a'
-- (admission/एडमिशन edmishan). Used for a skeleton of 4 consonants or more only (measured: this file's header).
CREATE OR REPLACE FUNCTION kb_translit_skeleton(p_word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT left(k, 1) || regexp_replace(substr(k, 2), '[aeiouy]+', '', 'g')
    FROM (SELECT regexp_replace(kb_sound_key(kb_romanise(p_word)), '^[aeiou]+', 'a') AS k) x
$$;

-- The keys of the Latin words of kb_vocab that a Devanagari word may be read as (not the stop words) and of the
-- doctors' own words (kb_examples.raw), kept by triggers for the words each kb_vocab_refresh() or saved entry brings
-- that the table lacks: computing them with every refresh (an expression index on kb_vocab) made a lexicon change
-- cost 1 s instead of 0.15, and for the doctor's words with every text cost a third of the step. A word that leaves
-- may stay: the lookups join kb_vocab or the doctor's words. A migration that changes kb_romanise or kb_sound_key
-- must empty this table, fill it again (as below) and REINDEX kb_words.
CREATE TABLE IF NOT EXISTS kb_translit_keys (
    word text PRIMARY KEY,
    key  text NOT NULL,
    skel text NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_translit_keys_key_idx ON kb_translit_keys (key);
CREATE INDEX IF NOT EXISTS kb_translit_keys_skel_idx ON kb_translit_keys (skel);
GRANT SELECT ON kb_translit_keys TO wa_dashboard;

CREATE OR REPLACE FUNCTION kb_translit_keys_fill() RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    INSERT INTO kb_translit_keys (word, key, skel)
    SELECT w, kb_translit_key(w), kb_translit_skeleton(w)
    FROM (SELECT DISTINCT v.word AS w FROM kb_vocab v
          WHERE NOT v.stop AND v.word ~ '^[a-z]'
            AND NOT EXISTS (SELECT 1 FROM kb_translit_keys t WHERE t.word = v.word)) x
    ON CONFLICT DO NOTHING
$$;

CREATE OR REPLACE FUNCTION kb_translit_keys_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM kb_translit_keys_fill();
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS kb_vocab_translit_keys ON kb_vocab;
CREATE TRIGGER kb_vocab_translit_keys AFTER INSERT ON kb_vocab
    FOR EACH STATEMENT EXECUTE FUNCTION kb_translit_keys_changed();
SELECT kb_translit_keys_fill();

-- ... and of the doctors' own words (kb_examples.raw, kb_analyse's `known`), as their entries are saved
CREATE OR REPLACE FUNCTION kb_translit_keys_examples() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO kb_translit_keys (word, key, skel)
    SELECT w, kb_translit_key(w), kb_translit_skeleton(w)
    FROM (SELECT DISTINCT unnest(raw) AS w FROM added) x
    WHERE w ~ '^[a-z]' AND NOT EXISTS (SELECT 1 FROM kb_translit_keys t WHERE t.word = x.w)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS kb_examples_translit_keys ON kb_examples;
CREATE TRIGGER kb_examples_translit_keys AFTER INSERT ON kb_examples REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION kb_translit_keys_examples();
INSERT INTO kb_translit_keys (word, key, skel)
SELECT w, kb_translit_key(w), kb_translit_skeleton(w)
FROM (SELECT DISTINCT unnest(raw) AS w FROM kb_examples) x
WHERE w ~ '^[a-z]'
ON CONFLICT DO NOTHING;

-- What an unknown Devanagari word of a patient's text is, read through its romanisation (kb_analyse, p_correct):
-- the romanised form itself when it is one of the doctor's words (p_known), a lexicon or intent word (kb_vocab, the
-- doctor's or global) or an ordinary word (kb_words); else the doctor's word, then the kb_vocab word, then the
-- ordinary word with the same sound key of 4+ letters (kb_translit_key), the nearest in spelling first; else the same
-- by the skeleton of 4+ consonants (kb_translit_skeleton). Never a stop word (it would drop the word). NULL when
-- nothing is found: the word stays as written.
CREATE OR REPLACE FUNCTION kb_translit_word(p_doctor uuid, p_known text[], p_word text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    rom text := kb_romanise(p_word);
    tier int;
    k text;
    f text;
    best text;
BEGIN
    IF rom IS NULL OR rom !~ '^[a-z0-9]+$' OR char_length(rom) < 3 THEN
        RETURN NULL;
    END IF;
    f := kb_fold(rom);
    -- as written
    SELECT x.w INTO best FROM (
        SELECT rom AS w, 1 AS pr WHERE rom = ANY (p_known)
        UNION ALL
        SELECT f, 2 WHERE f = ANY (p_known)
        UNION ALL
        (SELECT v.word, 3 FROM kb_vocab v
         WHERE v.word IN (rom, f) AND NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)
         ORDER BY v.word = rom DESC LIMIT 1)
        UNION ALL
        SELECT rom, 4 WHERE EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (rom, f))) x
    ORDER BY x.pr LIMIT 1;
    IF best IS NOT NULL THEN RETURN best; END IF;
    -- by the sound key, then by the skeleton: the doctor's words, then kb_vocab's, then the ordinary words; the
    -- nearest in spelling first
    FOR tier IN 1 .. 2 LOOP
        k := CASE tier WHEN 1 THEN kb_sound_key(rom) ELSE kb_translit_skeleton(rom) END;
        CONTINUE WHEN char_length(k) < 4;
        SELECT x.w INTO best FROM (
            SELECT t.word AS w, 1 AS pr FROM kb_translit_keys t
            WHERE tier = 1 AND t.key = k AND t.word = ANY (p_known)
            UNION ALL
            SELECT t.word, 1 FROM kb_translit_keys t
            WHERE tier = 2 AND t.skel = k AND t.word = ANY (p_known)
            UNION ALL
            SELECT v.word, CASE WHEN v.doctor_id IS NULL THEN 3 ELSE 2 END
            FROM kb_translit_keys t JOIN kb_vocab v ON v.word = t.word
            WHERE tier = 1 AND t.key = k AND NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)
            UNION ALL
            SELECT v.word, CASE WHEN v.doctor_id IS NULL THEN 3 ELSE 2 END
            FROM kb_translit_keys t JOIN kb_vocab v ON v.word = t.word
            WHERE tier = 2 AND t.skel = k AND NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)
            UNION ALL
            SELECT kw.word, 4 FROM kb_words kw WHERE tier = 1 AND kb_translit_key(kw.word) = k
            UNION ALL
            SELECT kw.word, 4 FROM kb_words kw WHERE tier = 2 AND kb_translit_skeleton(kw.word) = k) x
        ORDER BY x.pr, levenshtein(x.w, rom), x.w LIMIT 1;
        IF best IS NOT NULL THEN RETURN best; END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE INDEX IF NOT EXISTS kb_words_translit_idx ON kb_words (kb_translit_key(word));
CREATE INDEX IF NOT EXISTS kb_words_skeleton_idx ON kb_words (kb_translit_skeleton(word));

-- 029's kb_analyse with one step: an unknown Devanagari word that no postposition stem explains is looked up through
-- its romanisation (kb_translit_word) before the typo rule.
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
