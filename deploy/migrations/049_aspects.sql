-- 049: questions about an aspect an entry's answer states (issue 19, round 8): how long, how much, when, where.
--
-- A patient names an entry's subject and asks an aspect of it that the entry's answer states but its question,
-- examples and keywords do not name: "crown kitne din me banega" (the crown entry's answer: "ready in 3 to 5 days"),
-- "which days do you give vaccinations" ("Wednesdays and Saturdays, 10 am to 1 pm"), "what time do you close". The
-- lexicon already reads the aspect words of questions in the five languages as one concept each (how long, kitne din,
-- kitna time lagega, kiti divas, कितने दिन, किती वेळ -> duration; how much, kitne ka, किती पैसे -> fee; what time,
-- kitne baje, timings, किती वाजता -> timing; which day, kis din, कोणत्या दिवशी -> day; where, kahan, kuthe, कुठे ->
-- where); what was missing is the other side: the entry did not know that its answer states the aspect unless the
-- answer happened to use the same WORD ("Rs 300" was the one form read, as `fee`, by 029).
--
-- kb_answer_aspects reads the aspects an answer states by their FORMS, in English, romanised Hindi and Marathi,
-- Hindi and Marathi: a number with a unit of time (duration; not a time before or since something: "2 hours before
-- the test"), a number of years or "for life" (lifespan: how long something lasts is an aspect of its own), a clock
-- time (timing), a range of clock times or "till 8 pm" (open and closed), an hour of the morning or the evening, a
-- weekday or "every day" (day), an amount of money (fee, 029's forms) and an address or landmark (where).
-- kb_examples_refresh (029's, otherwise unchanged) stores them with the entry's tokens as 029 stores what the answer
-- says ('$'-marked: known for coverage only, 0.85 of the word's weight, and only to an entry that knows an important
-- word of the question by its own words), so a question's aspect word counts as covered by an entry whose answer
-- states that aspect, and stays missing at one whose answer does not ("how long does scaling take" at an entry that
-- says nothing of time, "crown kitne saal chalta hai" at "ready in 3 to 5 days" stay near misses). The fee an answer
-- only names without an amount ("charges differ by test") no longer counts as said (the same for the other aspects'
-- words cost right answers when measured, and is not done). kb_match_tokens_lexical (042's, the one definition of the
-- score) changes in one point: a question that names its day (a weekday, a holiday, today) does not ask which day, so
-- the weekdays an answer states do not cover its "day" ("open on Christmas day" at the entry "closed on Sundays").
--
-- Figures (tests/kb_eval/eval.py, every spent set): README, "Round 8's aspects".

CREATE OR REPLACE FUNCTION kb_answer_aspects(p_answer text) RETURNS text[]
 LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    WITH a AS (SELECT lower(left(coalesce(p_answer, ''), 2000)) AS t),
    -- a count: digits (Latin or Devanagari), a range of them, or a number word of the five languages
    n AS (SELECT '(?:[0-9०-९]+(?:[.,][0-9]+)?(?:\s*(?:-|–|to|or|se|ते|से|ते)\s*[0-9०-९]+)?|\m(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|few|couple of|half an?|ek|do|teen|char|paanch|das|don|tin|chaar|pach|एक|दो|तीन|चार|पांच|पाँच|दस|दोन|पाच|अर्धा|आधा))'::text AS num)
    SELECT ARRAY(SELECT x FROM (VALUES
        -- a number with a unit of time: it takes, lasts or is ready in that long (not a time before or since
        -- something: "eat 2 hours before the test", "born 3 days ago")
        ('duration', (SELECT a.t ~ (n.num || '\s*(?:\+\s*)?(?:\m(?:mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?|yrs?|din|dino|dinon|hafte|hafta|mahine|mahina|mahino|saal|sal|ghante|ghanta|ghanton|divas|aathavde|athavde|aathavda|varsh|varshe|tas|taas|minit|miniti|minitanchi)\M|दिन|दिनों|हफ्ते|हफ़्ते|हफ्ता|सप्ताह|महीने|महीना|महीनों|साल|वर्ष|वर्षे|घंटे|घंटा|घंटों|मिनट|दिवस|दिवसां|आठवडे|आठवडा|आठवड्य|महिने|महिना|महिन्य|तास|मिनिट)(?!\s*(?:before|prior|in advance|ago|earlier|pehle|pahle|pehele|agodar|aadhi|adhi|पहले|पहिले|अगोदर|आधी))') FROM a, n)),
        -- a number of years, or for life: how long it lasts
        ('lifespan', (SELECT a.t ~ (n.num || '\s*(?:\+\s*)?(?:\m(?:years?|yrs?|saal|sal|saalon|varsh|varshe|varsha)\M|साल|सालों|वर्ष|वर्षे|वर्षां)|\m(?:lifetime|life long|lifelong|for life|permanent|permanently|zindagi bhar|umar bhar|aayushyabhar)\M|जीवनभर|ज़िंदगी भर|जिंदगी भर|उम्रभर|आयुष्यभर|कायमस्वरूपी') FROM a, n)),
        -- a clock time, or round the clock
        ('timing', (SELECT a.t ~ ('\m[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|bje|vajta|vajata|o''clock)\M|[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:बजे|वाजता|वाजे)|\m(?:noon|midnight|24\s*x\s*7|24/7|24 hours|round the clock)\M|दोपहर|दुपारी'
                               -- the same or the next day, a date
                               || '|\m(?:same|next|following)\s+(?:day|evening|morning|afternoon)\M|\mtomorrow\M|\magle din\M|\musi din\M|अगले दिन|उसी दिन|उसी शाम|दुसऱ्या दिवशी|त्याच दिवशी|त्याच संध्याकाळी'
                               || '|\m[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\M|\m(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+[0-9]{1,2}(?:st|nd|rd|th)?\M') FROM a)),
        -- a range of clock times, or an hour until which: when it opens and closes ("9 am to 1 pm", "till 8 pm")
        ('open', (SELECT a.t ~ '[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|बजे|वाजता)?\s*(?:-|–|to|se|till|until|ते|से)\s*[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|noon|baje|बजे|वाजता|वाजेपर्यंत|बजे तक)|\m(?:till|until|upto|up to)\s+[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)' FROM a)),
        ('closed', (SELECT a.t ~ '[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|बजे|वाजता)?\s*(?:-|–|to|se|till|until|ते|से)\s*[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|noon|baje|बजे|वाजता|वाजेपर्यंत|बजे तक)|\m(?:till|until|upto|up to)\s+[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)' FROM a)),
        -- a clock time of the morning or of the evening
        ('morning', (SELECT a.t ~ '\m(?:[6-9]|1[01])(?:[:.][0-9]{2})?\s*(?:am|a\.m\.)\M' FROM a)),
        ('evening', (SELECT a.t ~ '\m(?:[4-9]|1[01])(?:[:.][0-9]{2})?\s*(?:pm|p\.m\.)\M' FROM a)),
        -- a weekday, or every day
        ('day', (SELECT a.t ~ ('\m(?:mon|tues|wednes|thurs|fri|satur|sun)days?\M|\m(?:mon|tue|wed|thu|fri|sat|sun)\.?\s*(?:-|–|to)\s*(?:mon|tue|wed|thu|fri|sat|sun)|\m(?:somvar|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar|itvar|daily|everyday|every day|all days|all 7 days|same day|roj|roz)\M|सोमवार|मंगलवार|मंगळवार|बुधवार|गुरुवार|गुरूवार|शुक्रवार|शनिवार|रविवार|इतवार|रोज') FROM a)),
        -- an amount of money (029's forms)
        ('fee', (SELECT a.t ~* ('(rs\.?|inr|₹|रु\.?|रुपये|रुपए|rupees?)\s*[0-9०-९]|[0-9०-९]\s*(/-|rs\M|rupees?|रुपये|रुपए)|free of (charge|cost)|no (extra )?(charge|cost)|at no cost'
                            -- free, said of what is asked about (not "feel free", "toll free", "sugar free")
                            || '|\m(?:is|are|be|for|totally|completely|absolutely|also|remains)\s+free\M|\mfree\s+(?:follow|consultation|check|visit|review|revisit|hai|he|aahe)|मुफ्त|मुफ़्त|निःशुल्क|नि:शुल्क|मोफत') FROM a)),
        -- an address or a landmark
        ('where', (SELECT a.t ~ ('\m(?:near|opposite|opp\.?|behind|beside|next to|floor|road|rd|nagar|chowk|lane|street|marg|sector|plot|building|complex|landmark|mall|colony|society)\M|\m[0-9]{6}\M|\m(?:go|come|visit|take (?:him|her|the child|the baby))(?:\s+straight)?\s+to\s+(?:the\s+|our\s+|a\s+|any\s+|nearest\s+)*[a-z .]{0,40}(?:hospital|nursing home|emergency|casualty|clinic|centre|center|pharmacy|chemist)\M|\mat\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:hospital|nursing home)\M|अस्पताल जाएं|हॉस्पिटल जाएं|रुग्णालयात जा|के पास|बगल में|शेजारी|के सामने|के पीछे|मार्ग|रोड|चौक|नगर|मजला|मंज़िल|मंजिल|जवळ|समोर|मागे') FROM a))
    ) v(x, stated) WHERE stated)
$$;

-- 042's lexical score (the one definition the router's scores and the accept features read), with one change: the
-- day an answer states (weekdays) does not cover the "day" of a question that names its day (nd below)
CREATE OR REPLACE FUNCTION kb_match_tokens_lexical(p_doctor uuid, p_toks text[])
 RETURNS TABLE(id bigint, score double precision, coverage double precision, fit double precision, missing text[],
               important_missing boolean, qtotal double precision, qbase double precision,
               missw double precision, miss_meant double precision, miss_unknown double precision)
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
        SELECT * FROM kb_token_weights_kept(p_doctor,
                                            p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                       FROM ex, unnest(ex.toks || ex.ktoks) u WHERE left(u, 1) <> '$'),
                                            false)),
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
    -- (049) the day an answer's weekdays state answers "which day" only: a question that names its day ("open on
    -- Christmas day", "sunday ko kitne baje") does not ask it
    nd AS (SELECT p_toks && '{sunday,monday,tuesday,wednesday,thursday,friday,saturday,weekday,weekend,holiday,today,tomorrow}'::text[]
               AS named),
    ent0 AS (SELECT ex.entry_id, array_agg(DISTINCT u) FILTER (WHERE left(u, 1) <> '$') AS known,
                    array_agg(DISTINCT substr(u, 2)) FILTER (WHERE left(u, 1) = '$' AND (u <> '$day' OR NOT nd.named))
                        AS said,
                    min(ex.ktoks) AS ktoks
             FROM ex, unnest(ex.toks || ex.ktoks) u, nd GROUP BY ex.entry_id),
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
                   (SELECT coalesce(sum(w), 0) FROM wt WHERE t = ANY (ent.ktoks)) AS ktotal,
                   h.qbase, h.missw2, h.miss_meant, h.miss_unknown
            FROM ent, LATERAL (SELECT coalesce(sum(CASE WHEN t = ANY (ent.known) THEN w
                                                        WHEN t = ANY (ent.said) THEN 0.85 * w END), 0) AS hit,
                                      coalesce(sum(CASE WHEN t = ANY (ent.known) THEN 0
                                                        WHEN t = ANY (ent.said) THEN (1 - 0.85) * base
                                                        WHEN t IN (SELECT common.t FROM common) THEN 0.5 * base
                                                        ELSE base END), 0) AS miss,
                                      coalesce(sum(w) FILTER (WHERE NOT t = ANY (ent.known)), 0) AS missw,
                                      coalesce(sum(base), 0) AS qbase,
                                      coalesce(sum(w) FILTER (WHERE NOT t = ANY (ent.known) AND NOT t = ANY (ent.said)),
                                               0) AS missw2,
                                      coalesce(sum(base) FILTER (WHERE NOT t = ANY (ent.known)
                                                                   AND NOT t = ANY (ent.said) AND base >= 0.8),
                                               0) AS miss_meant,
                                      coalesce(sum(base) FILTER (WHERE NOT t = ANY (ent.known)
                                                                   AND NOT t = ANY (ent.said) AND base < 0.8),
                                               0) AS miss_unknown
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.entry_id,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.entry_id)
    -- fit: the best example's, or the keywords' share of the question (a keyword match fits a little less, and
    -- less when the keywords are mostly about something else)
    SELECT cov.entry_id,
           (0.6 * coalesce(cov.c, 0) + 0.4 * greatest(fit.f, kf.f, 0)) * CASE WHEN cov.important_missing THEN 0.8 ELSE 1 END,
           cov.c, greatest(fit.f, kf.f, 0), cov.missing,
           cov.important_missing, qw.total, cov.qbase, cov.missw2, cov.miss_meant, cov.miss_unknown
    FROM cov JOIN fit USING (entry_id), qw,
         LATERAL (SELECT 0.85 * cov.khit / nullif(qw.total, 0)
                         * (0.7 + 0.3 * 2 * cov.khit / nullif(qw.total + cov.ktotal, 0)) AS f) kf
    ORDER BY 2 DESC, 1
$$;

-- 029's trigger function, with the aspects its answer states
CREATE OR REPLACE FUNCTION kb_examples_refresh()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
    kt text[] := kb_tokens(NEW.doctor_id, replace(coalesce(NEW.keywords, ''), ',', ' '));
    names text[] := kb_answer_names(NEW.doctor_id, NEW.answer);
    asp text[] := kb_answer_aspects(NEW.answer);
BEGIN
    kt := kt || ARRAY(SELECT DISTINCT kb_fold(n) FROM unnest(names) n WHERE NOT kb_fold(n) = ANY (kt));
    -- what the answer says, as '$'-marked tokens: known to the entry for coverage only (kb_match_tokens); an aspect
    -- word (duration, timing, day, fee, where) only when the answer states that aspect by its form
    kt := kt || ARRAY(SELECT DISTINCT '$' || a FROM unnest(kb_tokens(NEW.doctor_id, left(coalesce(NEW.answer, ''), 2000))) a
                      WHERE NOT a = ANY (kt) AND (a <> 'fee' OR a = ANY (asp)));
    -- the aspects the answer states ("ready in 3 to 5 days", "10 am to 1 pm", "Rs 300", "opposite the bank")
    kt := kt || ARRAY(SELECT '$' || a FROM unnest(asp) a WHERE NOT a = ANY (kt) AND NOT '$' || a = ANY (kt));
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

-- How long something LASTS is an aspect of its own: "crown kitne saal chalta hai" is not answered by "the crown is
-- ready in 3 to 5 days". The lexicon read a number of years asked ("kitne saal", "how many years") as duration; it
-- is lifespan now, with the other ways of asking it in the five languages, and an answer states it by a number of
-- years or "for life" (kb_answer_aspects).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins; -- the rows below: triggers off, everything read once at the end
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
UPDATE kb_synonyms SET canonical = 'lifespan'
WHERE doctor_id IS NULL AND canonical = 'duration' AND term IN ('how many years', 'kitne saal', 'कितने साल', 'किती वर्षे', 'kiti varsh');
SELECT kb_lexicon_add('lifespan', 'en', 'how long does it last,how long will it last,how long do they last,how long it lasts,'
                                        'how long will they last,how long does it stay,how many yrs,lifespan,life span');
SELECT kb_lexicon_add('lifespan', 'hi-Latn', 'kitne saalon,kitne varsh,kitne sal,kitne saal tak,kab tak chalta,kab tak chalega,'
                                             'kitne din chalta,kitne din chalega');
SELECT kb_lexicon_add('lifespan', 'hi', 'कितने वर्ष,कितने सालों,कितने साल तक,कब तक चलता,कब तक चलेगा');
SELECT kb_lexicon_add('lifespan', 'mr', 'किती वर्ष,किती वर्षं,किती वर्षांपर्यंत,किती दिवस टिकतो,किती दिवस टिकेल');
SELECT kb_lexicon_add('lifespan', 'mr-Latn', 'kiti varsha,kiti varshe,kiti saal,kiti divas tikto,kiti divas tikel');


ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist: the aspects their answers state
