-- 068: understanding patients, round 14 (issue 19): the words a right entry misses, in every language. Data only:
-- global kb_synonyms and kb_stopwords rows and kb_weights rows for the knowledge base (intent_weight unset, so the
-- intents weigh these words as before). The score (kb_match_tokens_lexical) is not changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout13; README "Round 14's words" has the table): the answerable
-- questions missed while the right entry was the first or second candidate, the words that entry misses, counted
-- against the words the best candidate of a question that must stay unanswered misses (best score 0.4 or more). The
-- largest counts are who the patient is (child, age) and services or concepts the entry lacks (the score's and the
-- entries'); the lexicon's part is a patient's chat spelling of a word the lexicon knows in another spelling or
-- language, and generic words. Every item below is a family written from the languages, screened over every question
-- of every spent set and kept only with no right answer lost, no question that must stay unanswered answered and the
-- intents identical message by message.
-- Measured and NOT kept: the grandparents in chat ("dadi", "nani", दादी alone) as `senior`, as "daadi" and
-- "grandmother" read: `senior` is a concept an entry may be about, counted in full against an entry that does not
-- name it, where the unknown "dadi" weighed less (the dentures entry 0.633 -> 0.423, three right answers lost; "who the
-- patient is" lives in the score); "years back" as `year` (the new canonical word drew "yaar" to it by typo
-- correction: "koi insaan se baat kara do yaar" lost its intent, and "for 3 years" questions lost 0.09-0.17 at the
-- infertility entry); "during" weighed 0.3 and "during the week" as `weekday` (no question changed); "before" weighed 0.5
-- (a near miss answered: "how many cycles of IUI before it works" at the infertility entry).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Crooked and straight teeth in Hindi and Marathi (063 read the English ones as `brace`): only with the teeth named
--    ("seedhe" alone is "directly": "seedhe aa sakte hai"; "tedhi aankh" is a squint).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('brace', 'hi-Latn', 'daant seedhe,dant seedhe,daant sidhe,dant sidhe,teeth seedhe,teeth sidhe,daant tedhe,dant tedhe,daant tede,dant tede,tedhe medhe daant,tedhe medhe dant,tede mede daant,seedhe karwane,seedhe karwana,seedhe karne,seedhe karna,sidhe karwane,sidhe karne'),
    ('brace', 'hi', 'दांत सीधे,दांत टेढ़े,दांत टेढे,टेढ़े दांत,टेढे दांत,टेढ़े मेढ़े दांत,सीधे करवाने,सीधे करने'),
    ('brace', 'mr', 'दात वाकडे,वाकडे दात,वेडेवाकडे दात,दात सरळ,सरळ करायचे'),
    ('brace', 'mr-Latn', 'daat vakde,vakde daat,dat vakde,vakde dat,daat saral,saral karayche')
) v(c, l, t);

-- 2. "Another", "the second" in Hindi (the Marathi दुसरा was `second` already): "dusre doctor ne bypass bola hai"
--    asks for a second opinion; "dusri baar" is the second time (`followup`, as "second time" reads). In English
--    another doctor or hospital ("another hospital told my father he needs bypass") is the second one ("another"
--    alone stays a stop word).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('second', 'hi-Latn', 'dusre,dusra,doosre,doosra,dusre doctor,doosre doctor,dusre hospital,doosre hospital'),
    ('second', 'hi', 'दूसरे,दूसरा,दूसरे डॉक्टर'),
    ('second', 'mr-Latn', 'dusrya,dusrya doctor,dusre doctor la'),
    ('second', 'mr', 'दुसऱ्या,दुसरे'),
    ('second', 'en', 'another doctor,another hospital,other doctor,other hospital,different doctor,different hospital,another cardiologist,another dentist,another specialist,another gynaecologist,another eye doctor'),
    ('followup', 'hi-Latn', 'dusri baar,dusri bar,doosri baar,doosri bar'),
    ('followup', 'hi', 'दूसरी बार'),
    ('followup', 'mr-Latn', 'dusryanda'),
    ('followup', 'mr', 'दुसऱ्यांदा')
) v(c, l, t);

-- 3. Said, told, feels like: chat verbs that ask nothing ("doctor ne bola hai", "heart attack jaisa lag raha hai").
--    040 listed bola/bole/boli as ordinary words (never typo-corrected), so 064's stop-word rows left them out.
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['bola', 'bole', 'boli', 'lag', 'lagra', 'lagrha', 'lagraha']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 4. A time ago, in Indian English: "we came 3 days back" is three days ago ("ago" is a stop word; "back" was a
--    concept every follow-up question missed).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('day', 'en', 'days back,day back'),
    ('week', 'en', 'weeks back,week back'),
    ('month', 'en', 'months back,month back')
) v(c, l, t);

-- 5. Showing oneself to the doctor in chat's short form ("sunday ko dikha sakte hai kya": दिखा; "dikhaya",
--    "dikhaye" were `consultation` already) and a fee as chat misspells it ("consultation fes": "fess", "feez",
--    "fis" were read as `fee` already).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'hi-Latn', 'dikha,dikhau,dikhaun,dikhalo,dikha do,dikha de'),
    ('fee', 'en', 'fes,feees')
) v(c, l, t);

-- 6. A test's name as patients spell it: the Marathi पॅप (and the Hindi पैप, पेप alone) is the Pap smear ("पॅप स्मीअर
--    टेस्ट करता का": the lexicon had पेप स्मियर, पैप स्मीयर only), "rut canal", "root canel" the root canal.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('papsmear', 'mr', 'पॅप,पॅप स्मीअर,पॅप स्मिअर,पॅप स्मीयर,पॅप स्मियर,पेप स्मीअर,पॅप टेस्ट,पॅप तपासणी'),
    ('papsmear', 'hi', 'पैप,पेप,पैप स्मियर,पेप स्मीयर,पैप टेस्ट'),
    ('rct', 'en', 'rut canal,rut canel,root canel,rot canal,rut kanal,root kanal,ruth canal,route canal,roots canal')
) v(c, l, t);

-- 7. Not wanting a thing is not what a question asks of it ("just want my bp checked, no need to see the doctor",
--    "i dont want my newborn sitting next to coughing kids"): `notwant` weighs 0.3 for the knowledge base only.
INSERT INTO kb_weights (word, weight) VALUES ('notwant', 0.3) ON CONFLICT (word) DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
