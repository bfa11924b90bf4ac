-- 052: the knowledge base's English paraphrases (issue 19, round 9). Data only: kb_weights rows and kb_lexicon_add
-- rows (029); no function changes, so kb_match_tokens_lexical (049) stays the one definition of the score.
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
