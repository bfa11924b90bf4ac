-- 099: understanding patients, round 21 (issue 19): English paraphrase of what an entry answers, first half of the
-- entries (clinics.json's gp, paeds, dental and cardio tenants, kb.json's child). Data only: global English
-- kb_synonyms rows (kb_lexicon_add, 029). No function is changed, no kb_weights row kept.
--
-- MEASURED FIRST over every spent set (dev .. heldout20; heldout20's misses, new to everyone, read as samples of how
-- patients paraphrase, then these tenants' entries asked the way patients ask for their answer): the English
-- answerable questions missed, their words (`kb_tokens`) and the scores of their entry and its rivals. What the
-- lexicon can mend here: words left over beside the one that carries the question ("normal for her age" beside the
-- height and weight, "injection" beside "painless", "you people" in "whitening of teeth you people do", "total" in
-- "what will be the total for root canal", "first" in "take appointment first", "serious" and "2 am" in "what to do
-- if someone is serious at 2 am") and a phrase read as another concept ("removing tartar" as the extraction).
-- Every family screened over every question and every intent message of every spent set (one rolled back
-- transaction, every answer compared with the starting one question by question; the intents with the gp doctor as
-- eval.py asks them: 13,177 questions, 4,200 intent messages), the kept ones together and growth alone over all of
-- it, each other family alone over the questions and messages holding its words (tartar/stain/plaque 4 questions,
-- painless 51, people/guys 2 and 19 messages, first 48 and 1, serious/N am 30 and 4, total 13); kept only with no
-- right answer lost, no question that must stay unanswered answered, no wrong answer added and the intents
-- identical message by message (each alone: exactly its wins below, nothing else changed).
-- Kept (right answers won):
--   1. the painless injection (shot, jab, tika), an injection (vaccine) without pain, a less painful injection: the
--      painless vaccine +7 (heldout3, 9, 10, 11, 17, 19, 20; five of them "painless injection milta hai kya");
--   2. height and weight normal for her (his) age, as per (according to) age, growing properly: growth +5 (heldout5,
--      12, 13, 17, 20);
--   3. someone (the patient) is serious, a serious condition, at 1 (2, 3, 4) am, the middle of the night: the
--      emergency +2 (heldout18, 20);
--   4. take (book) an appointment first: the appointment +1 (heldout20);
--   5. removing (remove) tartar, stains, plaque, stains from (on) teeth: the teeth cleaning +1 (heldout20; it was read
--      as the extraction);
--   6. what will be (is) the total, the total cost (amount, bill): the fee +1 (heldout20);
--   7. "you people", "you guys" say nothing +1 (heldout20).
--   Together: +18 right (8,703 -> 8,721 of 9,367 over dev .. heldout20; heldout20 460 -> 467 of 521, recall 0.883 ->
--   0.896), none lost, wrong answers 127 -> 127, no must-not answered, intents identical message by message.
-- Measured and NOT kept (no answer changed: the nine families together gave the same +18 as the seven kept):
-- - "first time consulting", "consulting the cardiologist (doctor)", the consulting fee (charges) as the
--   consultation ("what is the charge for first time consulting the cardiologist" stays under the threshold);
-- - already her (his, your) patient(s), already registered as the existing patient ("can i talk to the doctor on
--   call ..., we are already her patients" stays under).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. The painless injection (shot, jab, tika) is the painless vaccine ("injection" was left over beside "painless").
SELECT kb_lexicon_add('painless vaccine', 'en', 'painless injection,painless injections,painless shot,painless shots,painless jab,painless tika,painless teeka,painless vaccination,pain free injection,pain free vaccine,injection without pain,injections without pain,vaccine without pain,vaccines without pain,less painful injection,less painful injections,less painful vaccine,less painful vaccines,no pain injection');

-- 2. Height and weight normal for her (his) age, as per (according to) age, growing properly is growth ("normal"
--    and "age" were left over).
SELECT kb_lexicon_add('growth', 'en', 'height and weight,weight and height,normal for her age,normal for his age,normal for age,normal for their age,normal for the age,as per her age,as per his age,as per age,according to her age,according to his age,according to age,right for her age,right for his age,proper for her age,proper for his age,height is less,height is short,weight is less,not growing properly,growing properly,growing normally,height not increasing,weight not increasing');

-- 3. Someone (the patient) is serious, a serious condition, at 2 am, the middle of the night is the emergency.
SELECT kb_lexicon_add('emergency', 'en', 'someone is serious,somebody is serious,if someone is serious,patient is serious,condition is serious,serious condition,becomes serious,gets serious,at 1 am,at 2 am,at 3 am,at 4 am,middle of the night,in the middle of the night');

-- 4. Take (book) an appointment first is the appointment ("first" was left over).
SELECT kb_lexicon_add('appointment', 'en', 'take appointment first,take an appointment first,book appointment first,book an appointment first,appointment first,first take appointment,first take an appointment,first book appointment,need appointment first');

-- 5. Removing tartar (stains, plaque), stains from (on) teeth is the teeth cleaning ("removing" was the extraction).
SELECT kb_lexicon_add('tooth cleaning', 'en', 'removing tartar,remove the tartar,removing the tartar,tartar removal,removing stains,remove stains,remove the stains,removing the stains,stain removal,stains removal,stains from teeth,stains from my teeth,stains on teeth,stains on my teeth,tartar and stains,stains and tartar,removing plaque,remove plaque,plaque removal');

-- 6. What will be (is) the total, the total cost (amount, bill) is the fee ("total" was left over).
SELECT kb_lexicon_add('fee', 'en', 'what will be the total,what is the total,the total cost,total cost,total charges,total charge,total amount,total expense,total expenses,total bill,total price');

-- 7. "You people", "you guys" say nothing ("people" was left over).
SELECT kb_lexicon_add('', 'en', 'you people,u people,you guys,u guys');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
