-- 052: the knowledge base's English paraphrases (issue 19, round 9). Mostly data: kb_weights rows and kb_lexicon_add
-- rows (029), and 049's kb_answer_aspects replaced with one aspect more (8. below); kb_match_tokens_lexical (049's)
-- is not changed and stays the one definition of the score.
--
-- MEASURED FIRST over every spent set (dev .. heldout8): of the answerable English and code-mixed questions the
-- matcher missed while the right entry was its first or second candidate (350), the cause was read off the words the
-- right entry misses (README "Round 9's paraphrases" has the table): a concept the entry lacks although the question
-- names its subject (the largest, which no row can fix), a generic verb weighed as a concept, an aspect the answer
-- does not state, a word about WHO the patient is (my father, my 5 year old, for my mother), an unknown word. The rows
-- below are the part a general inventory can fix, each written from the language, not from a question, and each kept
-- only when it cost no right answer and no near miss on any spent set:
--
-- 1. The visit itself is not what a question asks. "See the doctor" / "meet the doctor" (`meet`) weighs as little as
--    `consultation` (0.4): "can i come to see the doctor this sunday" asks about Sunday, not about seeing.
-- 2. The patient's parents are whom a question is about, not what it asks ("the lens operation for my mother", "my
--    father is bedridden"): `father` and `mother` weigh 0.4, and the ways of naming them in the five languages read as
--    those two words. (Husband and wife were measured and are NOT weighed down: "can my husband come in for the
--    lactation session" asks about the husband.)
-- 3. "Home" as where one goes or comes from is not a home visit: "drive back home", "go home the same day", "reach
--    home", "coming home from hospital" no longer read as `homevisit` ("come home", "visit us at home" still do).
--    "From home" alone is left as it was: "blood sample collected from home" is a home service.

-- The rows below are added with the lexicon's triggers off and every entry and intent example read once at the end
-- (as 043 and 051 do): each kb_lexicon_add would otherwise re-read all of them (30 s for a fresh database).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;

INSERT INTO kb_weights (word, weight) VALUES ('meet', 0.4), ('father', 0.4), ('mother', 0.4)
ON CONFLICT (word) DO NOTHING;

SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('father', 'en', 'dad,daddy,papa,pappa,father in law,my dad,my papa'),
    ('father', 'hi-Latn', 'pitaji,pita ji,papa ji,abba,abbu,sasur,sasur ji,sasurji'),
    ('father', 'hi', 'पापा,पिताजी,पिता जी,पिता,अब्बा,अब्बू,ससुर,ससुर जी'),
    ('father', 'mr-Latn', 'vadil,vadilanna,vadilanche,sasre'),
    ('father', 'mr', 'वडील,वडिलांना,वडिलांचे,वडिलांची,सासरे'),
    ('mother', 'en', 'mom,mommy,mum,mummy,mother in law,my mom,my mummy'),
    ('mother', 'hi-Latn', 'maa,mummy ji,mataji,mata ji,ammi,amma'),
    ('mother', 'hi', 'माँ,मां,माताजी,माता जी,मम्मी,अम्मी,अम्मा'),
    ('mother', 'mr-Latn', 'aai,aaila,aaiche,aaichi,sasubai'),
    ('mother', 'mr', 'आई,आईला,आईचे,आईची,सासू,सासूबाई')
) v(c, l, t);

SELECT kb_lexicon_add('drive', 'en', 'drive back home,ride back home,drive back');
SELECT kb_lexicon_add('', 'en', 'back home,go home,go back home,going home,going back home,reach home,reached home,'
                                'return home,get home,get back home,come home from,coming home from,came home from,'
                                'leave for home,sent home,send home');

-- 4. "Start" in a question about the knowledge base asks when something begins ("when do the summer holidays
--    start"); the word is read as `startmsg` (the command that restarts messages, which the intents need as it is),
--    and weighed as a concept it made such questions miss. It weighs 0.5 for the knowledge base only (kb_weights.weight;
--    intent_weight stays unset, so the intents weigh it as before).
INSERT INTO kb_weights (word, weight) VALUES ('startmsg', 0.5) ON CONFLICT (word) DO NOTHING;

-- 5. Paying again for the same illness is the follow-up's fee, in the five languages: "do i pay again", "charged again",
--    "parat fee", "dobara fees", "पुन्हा फी" read as `followup fee` ("again" alone stays what it was). Measured: +3
--    right, one right answer lost ("how much does it cost to see dr sharma" at a clinic whose follow-up entry asks
--    "do I have to pay again": the fee word is now shared by two entries and weighs less), no near miss answered.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('followup fee', 'en', 'pay again,paying again,pay full again,charged again,charge again,charges again,pay once more,'
                           'pay one more time,fees again,fee again,pay for the review,pay for review,pay for the follow up,'
                           'pay for follow up,charged for the follow up,charged for follow up,pay for the revisit'),
    ('followup fee', 'hi-Latn', 'dobara paise,dubara paise,phir se paise,firse paise,fir se paise,dobara fees,dubara fees,'
                                'phir se fees,firse fees,fir se fees,dobara fee,phir se fee'),
    ('followup fee', 'hi', 'दोबारा पैसे,फिर से पैसे,दोबारा फीस,फिर से फीस'),
    ('followup fee', 'mr-Latn', 'punha paise,parat paise,punha fee,parat fee,punha fees,parat fees'),
    ('followup fee', 'mr', 'पुन्हा पैसे,परत पैसे,पुन्हा फी,परत फी')
) v(c, l, t);

-- 6. A day named as the time of a past visit is not the day asked about: "i came last tuesday, do i pay again",
--    "pichle somvar aaye the", "मागच्या सोमवारी आलो होतो" (the weekday is what a question about that day asks, and at
--    an entry that does not name it, it is an important word missing). "last", "came on", "pichle", "मागच्या" +
--    a weekday, in the five languages, read as nothing.
-- 7. How far along a pregnancy is, is who the patient is: "i am 8 months pregnant, can i come on sunday", "7 mahine ki
--    pregnant", "८ महिन्यांची गरोदर" read as `pregnancy` (the month is not a time asked about).
SELECT kb_lexicon_add('', l, string_agg(p || ' ' || w, ',')) FROM (VALUES
    ('en', ARRAY['last','came on','came last','came in on','visited on','visited last','previous','this past'],
     ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday','mon','tue','tues','wed','thu','thur','thurs','fri','sat','sun']),
    ('hi-Latn', ARRAY['pichle','pichhle','pichhale','pichale','pichli'],
     ARRAY['somvar','mangalvar','budhvar','guruvar','shukravar','shanivar','ravivar','itvar','monday','tuesday','wednesday','thursday','friday','saturday','sunday']),
    ('hi', ARRAY['पिछले','पिछली'], ARRAY['सोमवार','मंगलवार','बुधवार','गुरुवार','शुक्रवार','शनिवार','रविवार','इतवार','सोमवार को','मंगलवार को','बुधवार को','गुरुवार को','शुक्रवार को','शनिवार को','रविवार को']),
    ('mr-Latn', ARRAY['magchya','maglya','magachya','mgchya'],
     ARRAY['somvari','mangalvari','budhvari','guruvari','shukravari','shanivari','ravivari','somvar','mangalvar','budhvar','guruvar','shukravar','shanivar','ravivar']),
    ('mr', ARRAY['मागच्या','मागील'], ARRAY['सोमवारी','मंगळवारी','बुधवारी','गुरुवारी','शुक्रवारी','शनिवारी','रविवारी','सोमवार','मंगळवार','बुधवार','गुरुवार','शुक्रवार','शनिवार','रविवार'])
) v(l, ps, ws), unnest(ps) p, unnest(ws) w GROUP BY l;
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('pregnancy', 'en', 'months pregnant,month pregnant,months into pregnancy,months into my pregnancy,months of pregnancy,month of pregnancy,weeks pregnant,week pregnant'),
    ('pregnancy', 'hi-Latn', 'mahine ki pregnant,mahine ki pregnancy,mahine ki garbhvati,mahine ki garbhwati,mahina pregnancy,mahine pregnant,hafte ki pregnant,hafte ki pregnancy'),
    ('pregnancy', 'hi', 'महीने की प्रेग्नेंट,महीने की गर्भवती,महीने की प्रेगनेंसी,महीने का गर्भ,हफ्ते की गर्भवती'),
    ('pregnancy', 'mr-Latn', 'mahinyanchi garodar,mahinyachi garodar,mahinyanchi pregnant,mahine pregnant'),
    ('pregnancy', 'mr', 'महिन्यांची गरोदर,महिन्याची गरोदर,महिन्यांची प्रेग्नंट,आठवड्यांची गरोदर')
) v(c, l, t);

-- 8. (049's kb_answer_aspects, replaced: one aspect more) An answer states a DATE when it names a day of a month
--    ("25 December", "on the 5th") or a weekday of a period ("the last Saturday of every quarter", "2nd and 4th
--    Saturdays", "har mahine ke pehle somvar", "दुसऱ्या शनिवारी"): "ptm date" at "the PTM is on the last Saturday of
--    every quarter" asks what the answer states. And "next" ("next ptm", "the next camp") weighs 0.3 for the knowledge
--    base: the next one of something is that thing. Measured: +8 right (all at one school's PTM entry, the only
--    entry of the spent sets whose answer gives its date in words), no new mistake; the other aspects' words in words
--    ("done in one sitting", "same day") were measured by cause first and no missed question needed them.
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
        -- (052) a date: a day of a month ("25 December", "on the 5th of every month") or a weekday of a period
        -- ("the last Saturday of every quarter", "2nd and 4th Saturdays", "har mahine ke pehle somvar")
        ('date', (SELECT a.t ~ ('\m[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\M|\m(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+[0-9]{1,2}(?:st|nd|rd|th)?\M|\m(?:on\s+)?the\s+[0-9]{1,2}(?:st|nd|rd|th)\M'
                             || '|\m(?:first|second|third|fourth|last|1st|2nd|3rd|4th|pehle|pahle|dusre|doosre|teesre|aakhri|akhri|pahilya|dusrya|shevtachya)\s+(?:and\s+(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days?\M'
                             || '|\m(?:pehle|pahle|dusre|doosre|aakhri|akhri|pahilya|dusrya|shevtachya)\s+(?:somvar|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar)\M|(?:पहले|दूसरे|आखिरी|आख़िरी|पहिल्या|दुसऱ्या|शेवटच्या)\s+(?:सोमवार|मंगलवार|मंगळवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार)') FROM a)),
        -- an amount of money (029's forms)
        ('fee', (SELECT a.t ~* ('(rs\.?|inr|₹|रु\.?|रुपये|रुपए|rupees?)\s*[0-9०-९]|[0-9०-९]\s*(/-|rs\M|rupees?|रुपये|रुपए)|free of (charge|cost)|no (extra )?(charge|cost)|at no cost'
                            -- free, said of what is asked about (not "feel free", "toll free", "sugar free")
                            || '|\m(?:is|are|be|for|totally|completely|absolutely|also|remains)\s+free\M|\mfree\s+(?:follow|consultation|check|visit|review|revisit|hai|he|aahe)|मुफ्त|मुफ़्त|निःशुल्क|नि:शुल्क|मोफत') FROM a)),
        -- an address or a landmark
        ('where', (SELECT a.t ~ ('\m(?:near|opposite|opp\.?|behind|beside|next to|floor|road|rd|nagar|chowk|lane|street|marg|sector|plot|building|complex|landmark|mall|colony|society)\M|\m[0-9]{6}\M|\m(?:go|come|visit|take (?:him|her|the child|the baby))(?:\s+straight)?\s+to\s+(?:the\s+|our\s+|a\s+|any\s+|nearest\s+)*[a-z .]{0,40}(?:hospital|nursing home|emergency|casualty|clinic|centre|center|pharmacy|chemist)\M|\mat\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:hospital|nursing home)\M|अस्पताल जाएं|हॉस्पिटल जाएं|रुग्णालयात जा|के पास|बगल में|शेजारी|के सामने|के पीछे|मार्ग|रोड|चौक|नगर|मजला|मंज़िल|मंजिल|जवळ|समोर|मागे') FROM a))
    ) v(x, stated) WHERE stated)
$$;

INSERT INTO kb_weights (word, weight) VALUES ('next', 0.3) ON CONFLICT (word) DO NOTHING;

-- 9. A report named by its test ("blood report", "blood test results", "खून की रिपोर्ट", "रक्ताचा रिपोर्ट") is a
--    report: the test's name says which report, not what is asked. Measured: +6 right, one right answer lost ("blood
--    test report kab milel" at a clinic whose blood-test entry, not a reports entry, says when its reports come), no
--    near miss answered.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('report', 'en', 'blood report,blood reports,blood test report,blood test reports,blood test result,blood test results,blood results,blood result,lab results,lab result,lab reports,urine report,urine test report,sugar report,thyroid report,x ray report,xray report,scan report'),
    ('report', 'hi-Latn', 'blood report kab,blood ki report,khoon ki report,khun ki report,khoon ki jaanch ki report,test ki report,jaanch ki report,janch ki report'),
    ('report', 'hi', 'ब्लड रिपोर्ट,खून की रिपोर्ट,जांच की रिपोर्ट,जाँच की रिपोर्ट,टेस्ट की रिपोर्ट'),
    ('report', 'mr-Latn', 'raktachi report,blood chi report,test chi report,tapasnichi report'),
    ('report', 'mr', 'रक्ताचा रिपोर्ट,रक्ताची रिपोर्ट,ब्लड रिपोर्ट,तपासणीचा रिपोर्ट,टेस्टचा रिपोर्ट')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist: their words and answers read anew
