-- 100: understanding patients, round 22 (issue 19; begun in round 21 as 100_english21b): English paraphrase of what
-- the gyn, eye and school entries (clinics.json) and the dental and general entries (kb.json) answer. Data only: global
-- English kb_synonyms rows (kb_lexicon_add, 029). No function is changed, no kb_weights row kept.
--
-- Written from the entries (how patients ask for each one's answer) with the spent sets' English misses (dev ..
-- heldout21) as samples: a word left over beside the concept that carries it ("dust", "walk", "tamil", "class
-- teacher", "interview", "back of my eye"), or a phrase read as another concept (staying in hospital as the admission).
-- Screened (eval's every KB question and every intent message of every spent set dev .. heldout21, in a rolled back
-- transaction, every answer compared with the one before the rows) each family alone and all together.
-- Round 21 (en21b) left two must-nots answered: "do you have a childrens dentist" (heldout4) and "bala sathi dentist
-- aahe ka" (heldout3), both {child} alone at the paeds clinic, newborn 0.870 -> 0.882 against timings 0.841 (the
-- margin 0.04 passed). Bisected row by row over those two questions: the discharge phrases of family 7 alone ("same
-- day discharge", "discharged the same day", "discharge same day" as how long) cause it (the newborn entry's answer
-- says "after discharge from the hospital": the concept's statistics move); dropped, the rest of family 7 kept.
-- Kept, round 21's families without the discharge phrases, together: +29 right (9,233 -> 9,262 of 9,945), none lost,
-- wrong 144 both (the two must-nots unanswered again), intents identical message by message:
--   a patient who cannot walk +3 (heldout8, 17, 19); a language named +4 (heldout16, 19, 20, 21); the CCTV live on
--   the phone +3 (heldout, 9, 11); staying in hospital (admitted) for the cataract operation +3 (heldout9, 16, 19);
--   both of us work, the day care +3 (heldout12, 13, 20); an interview, the admission process +4 (heldout9, 18, 20,
--   21); dust in the eye +2 (heldout12, 14); one price for all the pregnancy checkups +2 (heldout5, 20); a meeting
--   with the class teacher +2 (heldout5, 20); which class she can join +1 (heldout17); the back of the eye +1
--   (heldout8); the Pap smear misspelt +1 (heldout20).
-- Measured and NOT kept (round 21): visiting (seeing, touring) the school or its campus as the office's enquiry hours
-- ('office enquiry'): +9 alone on the questions holding its phrases, but over every question with the other families
-- 23 right answers lost, all the medical certificate "for office (leave)" of the gp and general tenants; the one-time
-- payment, paying at the time of joining as the admission fee (0 / -5: "शाळेची फी किती आहे" lost the fee); the
-- pregnancy scans as the sonography (+1 / -1); "admission test", "any test" as the admission process (+1, 1 must-not
-- answered); a diabetic eye test (check) as the retina (+1 / -1).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Dust (an insect, something) gone (fallen, got) into the eye is the eye emergency ("dust" was left over); an eye
--    that is burning is the emergency too.
SELECT kb_lexicon_add('into eye emergency', 'en', 'dust went in my eye,dust went into my eye,dust in my eye,dust in eye,dust in the eye,dust in my eyes,dust particle in my eye,dust particle in eye,insect went in my eye,insect in my eye,insect in eye,something went in my eye,something went into my eye,something fell in my eye,something fell into my eye,something in my eye,fell in my eye,fell into my eye,went in my eye,went into my eye,got into my eye,got in my eye,splashed in my eye,splashed into my eye');
SELECT kb_lexicon_add('emergency', 'en', 'eye is burning,eyes are burning,eye burning,burning in my eye,burning in eye,and its burning,and it is burning,its burning a lot,it is burning a lot');

-- 2. A patient who cannot walk (cannot come to the clinic, bedridden) asks for the doctor at home; the doctor
--    coming to (visiting him at) the house is the home visit ("walk", "house" were left over).
SELECT kb_lexicon_add('homevisit', 'en', 'cannot walk,can not walk,cant walk,can''t walk,unable to walk,not able to walk,cannot come to the clinic,cant come to the clinic,can''t come to the clinic,unable to come to the clinic,bedridden,bed ridden,come to the house,come to our house,come to my house,visit him at home,visit her at home,visit them at home,come and see him at home,come and see her at home');

-- 3. A language named (Tamil, Telugu, Kannada, Gujarati, Bengali, ...) is the language asked, as Marathi and
--    Hindi already were ("do you speak tamil" had only "talk").
SELECT kb_lexicon_add('language', 'en', 'tamil,telugu,kannada,gujarati,bengali,bangla,punjabi,malayalam,urdu,odia,oriya,konkani');

-- 4. Which class he (she, my son) can join (will go to) is the age criteria.
SELECT kb_lexicon_add('age', 'en', 'which class can he join,which class can she join,which class will he go to,which class will she go to,which class will he join,which class will she join,which class can my son join,which class can my daughter join,which class should he join,which class should she join,which class is he eligible for,which class is she eligible for,which class will he be in,which class will she be in,which class for my son,which class for my daughter,which class for my child');

-- 5. Watching the CCTV (the camera) live, on the phone, is the CCTV.
SELECT kb_lexicon_add('cctv', 'en', 'watch cctv,watch live,cctv live,live cctv,camera live,live camera,on camera live,live on phone,live on the phone,watch on phone,watch on my phone,watch from my phone,watch my child on,see my child on camera,see our kid on camera,see our child on camera,see my kid on camera,live video,live feed,live streaming,live stream');

-- 6. One price (payment, fixed amount) for all the checkups during pregnancy is the pregnancy care package.
SELECT kb_lexicon_add('pregnancy package', 'en', 'all the checkups during pregnancy,all the checkups during my pregnancy,all checkups during pregnancy,all checkups during my pregnancy,all the check ups during pregnancy,all check ups during pregnancy,all pregnancy checkups,all the pregnancy checkups,all pregnancy check ups,all the visits during pregnancy,all visits during pregnancy');
SELECT kb_lexicon_add('package', 'en', 'one price for all,one payment for all,one fixed amount for all,fixed amount for all,one amount for all,single payment for all,single price for all,one fee for all');

-- 7. Staying in hospital (overnight), being admitted, going home the same day is how long the operation takes
--    (the cataract operation's entry answers it: "you go home the same day").
SELECT kb_lexicon_add('how long', 'en', 'stay in hospital,stay in the hospital,stay overnight,stay the night,stay at the hospital,admitted overnight,be admitted,get admitted,hospital stay,go home the same day,go home same day');

-- 8. A meeting with the class teacher (the parents' meeting) is the PTM ("class", "teacher" were left over).
SELECT kb_lexicon_add('ptm', 'en', 'meeting with the class teacher,meeting with class teacher,meet the class teacher,meet with the class teacher,parents meeting,parent meeting,parents meet,meeting with the teacher,meeting with teacher,meet the teacher,meet the teachers,parents teacher,parent teacher');

-- 9. Both of us work (working parents), a child staying (kept) after school till evening is the day care.
SELECT kb_lexicon_add('daycare', 'en', 'both of us work,both of us are working,we both work,we both are working,both parents work,both parents working,working parents,stay after school,stay at school till evening,stay in school till evening,keep children after school,keep my child after school,keep him after school,keep her after school,after school hours,till evening after school');

-- 10. An interview (for the child, before admission) is asked about the admission process.
SELECT kb_lexicon_add('admission process', 'en', 'any interview,an interview,interview for the child,interview for my child,interview for admission,admission interview,interview before admission');

-- 11. The back of the eye is the retina ("back" was left over).
SELECT kb_lexicon_add('retina', 'en', 'back of my eye,back of the eye,back of my eyes,back of the eyes');

-- 12. The Pap smear misspelt (smer, smaer, semar) and the Pap test are the Pap smear.
SELECT kb_lexicon_add('papsmear', 'en', 'pap smer,pap smaer,pap semar,pap smere,pap smir,paps smear,pap smears,pap test,pap tests,papsmear test,pep smear');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
