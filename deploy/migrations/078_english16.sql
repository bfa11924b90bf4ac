-- 078: understanding patients, round 16 (issue 19): English words a right entry misses. Data only: global English
-- kb_synonyms rows (kb_lexicon_add, 029) and kb_weights rows for the knowledge base (intent_weight unset, so the
-- intents weigh these words as before). No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout15; README "Round 16's English" has the figures): the answerable
-- questions missed and the wrong answers (`eval.py -v`), and for each English one the question's words
-- (`kb_tokens`) and what its right entry and the best candidates miss (`kb_match_tokens_lexical`). The English
-- lexicon's part: a phrase read through a word that means another thing ("how many times do i have to come" read as
-- the clinic's times; "do you see kids", "the fee to see the doctor" read as the word "show"; "pick up and drop from
-- home" read as a home visit), a patient's word for a service the lexicon did not know ("sugar clinic", "the
-- injections for babies", "copper tee", "PG" for the playgroup), a chat spelling not read ("vdo", "vedio"), and a
-- phrase of 071 that left a word behind ("contact lenses instead of specs": 071 read "lenses instead of specs" and
-- the "contact" left over was the phone). Every item below is a family written from the language, screened alone
-- and all together over every question and every intent message of every spent set: kept only with no right
-- answer lost, no question that must stay unanswered answered, no wrong answer added and the intents identical
-- message by message.
-- Kept (right answers won over every spent set): babies' injections 5, the fee "to see" the doctor 4, a sugar clinic 3,
-- "do you see" 3, "how many times do i have to come" 2, "show again" 2, "vdo" 2, paying the full fee again 1, "come
-- direct" 1, bleeding heavily 1, breathing badly 1, "till how late" 1, pick up and drop 1, "copper tee" 1, "contact
-- lenses instead of specs" 1, "PG" with "min age" 1 (together only): +30 (6,027 -> 6,057 of 6,792), none lost.
-- Measured and NOT kept (per family: right answers won / lost / questions that must stay unanswered answered):
-- - "inject", "injected" as `injection` (0 / -4: the painless-vaccine and echo entries' own "injection" questions in
--   romanised Hindi fell under the threshold);
-- - "paid", "paying" as `payment` (+1 / -2: "review visit free or paid" lost the follow-up entry);
-- - "one time", "one-time" as `once` and "at the time of admission" as the admission (0 / -8: the school's admission
--   fee entry says "one-time", and the questions that name the time of admission in Hindi and Marathi were
--   answered through it);
-- - a fitness certificate as `certificate` (0 / -15: "fitness" is what the certificate entries are asked for by);
-- - weights for the knowledge base: "exactly" 0.3 (+2 / 0 / +3: "what is the price of the rotavirus vaccine
--   exactly" must stay unanswered), "buy" 0.5 (+16 / -1 / +2: "can i buy a nebulizer machine from you"; 0.7: +1 /
--   -1), "make" 0.3 (+5 / 0 / +1: "does scaling make teeth loose"; 0.4: no question changed);
-- - no question changed: "on my phone" as online, "sweating", "after the op", "cataract op", "showed", "how do we
--   apply", "during the week", "burning"; "half", "join", "through", "paid", "put" weighed less.

-- A phrase's words become words of the vocabulary that typo correction reads unknown words into: "lots of bleeding"
-- made "lots" one, and a clinic named Lotus was then read as "lots" (tests/e2e/test_understanding.py's round three
-- test); the phrases that brought in such words ("lots", "tea", "tees", "away", "calling", "twice", "lower")
-- were left out.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Phrases read through a word that means another thing:
--    - "how many times do i have to come" asks how many visits a treatment takes (`duration`, as "how many sittings"
--      reads), not the clinic's times ("times" was read as `timing`);
--    - "do you see", "does the dentist see" kids asks whom the doctor treats (`treatment`); "see" alone was "show";
--    - the fee, charge or cost "to see" or "to meet" the doctor is the consultation fee;
--    - paying the full fee again, being charged again is the follow-up's fee (as "pay again" reads); "show again",
--      "see the doctor again" is the follow-up;
--    - "till how late" asks the hours;
--    - pick up and drop (from home) is the transport ("from home" was read as a home visit).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('duration', 'how many times do i have to come,how many times do i need to come,how many times to come,how many times should i come,how many times will i have to come,how many times i have to come,how many times do we have to come,how many visits,how many visits will it take,how many times do i have to visit'),
    ('treatment', 'do you see,do u see,does the doctor see,does the dentist see,will the doctor see,will the dentist see,does a dentist see,does the doctor treat,can the doctor see,can the dentist see'),
    ('consultation fee', 'charge to see,charges to see,cost to see,pay to see,fee to see,fees to see,charge for seeing,fee to meet,charge to meet,pay to meet,fee for seeing,cost for seeing'),
    ('followup fee', 'pay again,pay full again,pay the full fee again,charge again,charged again,fee again,pay once more,pay for it again'),
    ('followup', 'show again,see the doctor again,showing again,see him again,see her again,show him again,show her again'),
    ('timing', 'how late,till how late,until how late,how late are you open,how late is the clinic open,open till how late'),
    ('transport', 'pick up and drop,pickup and drop,pick-up and drop,pick up drop,pick and drop from home,pick up from home,drop at home,pick up and drop from home,pickup drop,pick drop')
) v(c, t);

-- 2. A patient's word for a service: a sugar clinic, sugar patients, diabetics (`diabetes`, as "diabetic" reads);
--    the injections or shots for babies are their vaccines; a copper tee is the IUD ("tee" was left over); PG, a play
--    group, is the playgroup class, and the minimum age its age ("min age").
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('diabetes', 'sugar clinic,sugar patient,sugar patients,sugar specialist,sugar doctor,diabetes clinic,diabetic clinic,diabetics'),
    ('vaccine', 'injections for babies,injection for babies,injections for baby,injection for baby,baby injections,baby injection,injections for my baby,baby shots,baby shot,shots for babies,shots for my baby'),
    ('iud', 'copper tee,copper-tee,coppertee,copper-t'),
    ('class', 'pg,play group,play-group,playschool,play school'),
    ('age', 'min age,min. age,min age limit,minimum age limit,age limit')
) v(c, t);

-- 3. Chat spellings and forms: "vdo", "vedio" are a video call (`online`); coming "direct" is a walk-in (`queue`, as
--    "come directly" reads); bleeding heavily, a lot, too much, and breathing badly, being breathless are an
--    emergency (as "heavy bleeding", "difficulty breathing" read).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('online', 'vdo,vedio,vidio,viedo,vedeo,vdo call,vedio call,vidio call,vdo consultation,vedio consultation,vdo consult,vedio consult,video consult,videocall,video-call,vc consultation'),
    ('queue', 'come direct,coming direct,came direct,come straight,coming straight,walk in directly,directly walk in'),
    ('emergency', 'bleeding heavily,heavily bleeding,bleeding a lot,lot of bleeding,excessive bleeding,bleeding too much,too much bleeding,severe bleeding,bleeding badly,bleeding heavy'),
    ('emergency', 'trouble breathing,breathing trouble,breathing badly,cant breathe,cannot breathe,not able to breathe,unable to breathe,breathless,breathlessness,short of breath,shortness of breath,struggling to breathe,difficulty in breathing,breathing difficulty,breathing problem at night')
) v(c, t);

-- 4. 071 read "lenses instead of specs" as the contact lens, so "contact lenses instead of specs" kept "contact" (the
--    phone) beside it: the whole phrase is the contact lens.
SELECT kb_lexicon_add('len', 'en', 'contact lenses instead of specs,contact lenses instead of glasses,contact lenses instead of spectacles,contact lens instead of specs,contact lens instead of glasses,contact lens instead of spectacles,contacts instead of specs,contact lenses instead,contact lens instead');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
