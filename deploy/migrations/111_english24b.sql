-- 111: understanding patients, round 24 (issue 19): English paraphrase of what the gp, paeds, dental and cardio tenants'
-- entries (clinics.json) and the child and dental ones (kb.json) answer. Data only: global English kb_synonyms rows
-- (kb_lexicon_add, 029). No function is changed, no kb_weights row.
--
-- Written from the entries (for each one: how parents and patients ask for its answer on WhatsApp), my own probe
-- questions for every entry and the spent sets' English misses for these tenants as samples: a word left over beside
-- the concept ("same cough", "6 week", "due", "fever" beside the night), a phrase whose every word was dropped ("when
-- is the doctor available"), an unknown word ("pulled", "pulling"), a word read as another concept ("work" as the
-- opening hours).
-- SCREENING: each family alone over the KB questions and intent messages holding its words, then the kept ones
-- together over every KB question of dev .. heldout23 (each with its doctor) and every intent message with the gp
-- doctor (20,296 texts), one rolled back transaction, every answer compared with the one before the rows.
-- Kept together (families 1 .. 7): +21 right, none lost, no must-not answered, no wrong answer added, intents identical
-- message by message: KB right 10,277 -> 10,298 of 11,070 over dev .. heldout23 (dev .. heldout22 9,794 -> 9,814;
-- heldout23 483 -> 484 of 557), wrong 145 both. Wins: same fever (cough, cold) x5 (heldout2, 6, 7, 12, 19); the 6 week
-- vaccines (shots), injections to babies x5 (heldout4 child, 11, 14, 22, 23); a high fever at midnight (2 am) x10
-- (heldout5, 6, 8, 11, 12, 13, 14, 15, 17 paeds, 21 gp); the cap made x1 (heldout18). Families 4, 5 and 7 change no
-- answer of the spent sets (written from the entries for unseen text).
-- MEASURED, NOT KEPT (alone):
--   a. a child's age ("5 year old", "6 yr old", "2 years old", "9 months old", "week old") as the child: +10
--      (dental kids x9, school toilet training) but 1 must-not answered (heldout19 paeds "dental checkup for my 5 yr
--      old" -> newborn: the child beside the check-up is the newborn visit's words);
--   b. the doctor's night number, calling the doctor at night as the emergency: +4 (paeds) but 1 must-not answered
--      (heldout12 "is the doctor's night number available for new patients");
--   c. "sick at night (midnight)" in family 3: +1 (heldout15 child) but 1 lost (heldout15 gp "what to do if someone
--      falls sick at midnight");
--   d. the token system, first come first serve as the queue: +1 (heldout23 walk_in) but 2 intent messages changed
--      (dev "why is your queue system so slow", heldout3 "is the token system also on sunday" -> queue_join);
--   e. running (walking) on the treadmill, the running test, stress echo as the TMT: 0 won, 4 must-nots answered
--      (every "stress echo" question: the centre does no stress echo);
--   f. milk (baby) teeth, a kid's (son's, daughter's) teeth as the child: +1 (heldout20 braces) but 2 must-nots
--      answered (a root canal for a milk tooth -> the root canal's price);
--   g. a straw (drink with a straw) as "drink" (the speller reads "straw" as "start"): 0 won, 5 lost (every "can i
--      use straw after extraction": the misreading happens to help them).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. The same cough (fever, cold, problem, complaint ...) again: the follow-up for the same illness (the paeds entry's
--    own words, "same illness", already are; the illness named instead was left over beside the follow-up).
SELECT kb_lexicon_add('followup', 'en', 'same cough,same fever,same cold,same problem,same complaint,same issue,same sickness,same symptoms,same disease,same infection,same loose motions,same vomiting,for the same cough,for the same fever,for the same cold,for the same problem');
-- 2. Injections (shots) for (to) babies, a baby's injections, vaccines (shots) that are due, the 6 (10, 14) week or 6 (9)
--    month vaccines: the vaccine (parents call the vaccines injections; "week" and "due" were left over).
SELECT kb_lexicon_add('vaccine', 'en', 'injections to babies,injection to babies,injections to baby,injection for baby,injections for baby,injections for babies,injection for my baby,injections for my baby,baby injection,baby injections,baby''s injections,babies injections,shots for babies,shots for baby,baby shots,baby''s shots,vaccines are due,vaccine is due,vaccination is due,vaccination due,vaccines due,due for vaccine,due for vaccines,due for vaccination,due for her shots,due for his shots,due for shots,shots are due,injections are due,injection is due,6 week vaccine,6 week vaccines,6 weeks vaccine,6 weeks vaccines,6 week shots,6 week injections,10 week vaccine,10 week vaccines,10 weeks vaccine,14 week vaccine,14 week vaccines,14 weeks vaccine,6 month vaccine,6 month vaccines,6 months vaccine,9 month vaccine,9 month vaccines,9 months vaccine,1 year vaccine,1 year vaccines,6 week injection,6 weeks injection');
-- 3. A (very) high fever at night (midnight, 2 or 3 am), unwell (trouble breathing, fits) at night: the emergency
--    ("fever" was left over beside the night; "sick at night" measured and not kept, below).
SELECT kb_lexicon_add('emergency', 'en', 'high fever at night,high fever at midnight,fever at midnight,fever at night,fever in the night,very high fever at night,very high fever at midnight,unwell at night,unwell at midnight,very unwell at night,very unwell at midnight,trouble breathing at night,breathing problem at night,difficulty breathing at night,fits at night,fever at 2 am,fever at 3 am,high fever at 2 am,high fever at 3 am');
-- 4. When is the doctor available (there, in), when does the doctor come (sit), when can I see (meet) the doctor, the
--    doctor's timings: the timings (those words were all dropped, leaving nothing to match).
SELECT kb_lexicon_add('timing', 'en', 'when is the doctor available,when is doctor available,when will the doctor be available,when will doctor be available,when does the doctor come,when does doctor come,what time does the doctor come,what time does doctor come,when does the doctor sit,when does doctor sit,what time does the doctor sit,when can i see the doctor,when can i meet the doctor,when can i see doctor,when is the doctor there,when is doctor there,when is the doctor in,doctor available time,doctor available timing,doctor''s timing,doctors timing,doctor timing,doctor''s timings,doctors timings,doctor timings');
-- 5. A tooth pulled (pulling, taken out, removed): the extraction ("pulled", "pulling" and "out" were unknown).
SELECT kb_lexicon_add('extraction', 'en', 'tooth pulled,teeth pulled,tooth pulling,teeth pulling,tooth was pulled,tooth is pulled,pulling out,pulling a tooth,pulling my tooth,get my tooth pulled,tooth taken out,teeth taken out,take out my tooth,take out a tooth,take out the tooth,take my tooth out,get my tooth out,get a tooth out,get the tooth out,tooth out,removing a tooth,removing my tooth,remove a tooth,tooth removal,teeth removal');
-- 6. A cap (crown) made, ready, fitted, a tooth cap: the crown ("make", "ready" left over; round 22 wrote "the
--    crown made").
SELECT kb_lexicon_add('crown', 'en', 'make a cap,make the cap,make my cap,make a crown,make the crown,make my crown,cap ready,crown ready,cap made,crown made,caps made,crowns made,cap fitted,crown fitted,cap on my tooth,crown on my tooth,cap for my tooth,crown for my tooth,tooth cap,teeth cap,tooth caps');
-- 7. Blood work (investigations): the blood test ("work" was read as the opening hours).
SELECT kb_lexicon_add('test', 'en', 'blood work,blood works,bloodwork,blood investigations,blood investigation');
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
