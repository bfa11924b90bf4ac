-- 088: understanding patients, round 18 (issue 19): English words a right entry misses. Data only: global English
-- kb_synonyms rows (kb_lexicon_add, 029). No function is changed, no kb_weights row kept.
--
-- MEASURED FIRST over every spent set (dev .. heldout17, heldout17's mistakes first: new to everyone): the English
-- answerable questions missed and the wrong answers (`eval.py --set all -v`), and for each the question's words
-- (`kb_tokens`) and what its right entry and the best candidates have. The English lexicon's part: a phrase whose
-- words were left over beside the word that carries it ("over a phone call", "live on camera from my phone",
-- "place to park", "like independence day", "parents meet the class teacher", "come over"), and a word the lexicon
-- did not know and corrected into another one ("scaled" read as nervous, "measles" as a period).
-- Every family was screened over every question and every intent message of every spent set (each in a rolled back
-- transaction, every answer compared with the starting one question by question): the phone call, the parking, the
-- holiday and the scaling alone, and every family together twice (all eleven written, then the nine kept); kept only
-- with no right answer lost, no question that must stay unanswered answered, no wrong answer added and the intents
-- identical message by message.
-- Kept (right answers won): parents meeting the (class) teacher 4, CCTV on camera from the phone 5, a named holiday
-- (independence day, republic day, public holidays) 3, "come over" 2, the measles / hepatitis B vaccine 2, a phone
-- call 1, a place to park 1, milestones 1, teeth scaled and polished 1: +20 (7,044 -> 7,064 of 7,729 over dev ..
-- heldout17; heldout17 434 -> 442 of 487), none lost, wrong answers unchanged (116), intents identical (3,534 of
-- 3,583 right, message by message the same).
-- Measured and NOT kept (right answers won / lost / questions that must stay unanswered answered):
-- - flu vaccine, flu shot, typhoid vaccine / injection, chickenpox vaccine as `vaccine` (with measles, MMR, hep B:
--   +2 / -1 / +4: "do you give the flu vaccine" was answered by the COVID vaccine entry in 4 sets, "a typhoid
--   injection for myself" lost its answer);
-- - "included" weighed 0.5 (+1 "which extra activities are included" / 0 / +1: "is the van fee included in the
--   monthly fee" was answered);
-- - being "charged again", paying the fee again as `followup fee` (no answer changed in the together screen: "will I be charged again for
--   showing him" is read as fee + again already);
-- - test (blood, lab) reports, results as `report` (no answer changed in the together screen: "how will I get my test reports" stays
--   between the reports and the second opinion).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. A phone or video call "over a" (on a, via a) call, and a consultation from home, is a phone consultation
--    (`online`): "over" was left over, and "from home" was read as a home visit.
SELECT kb_lexicon_add('online', 'en', 'over a video call,over video call,on a video call,on video call,via video call,through video call,by video call,over a phone call,over phone call,on a phone call,via phone call,through a phone call,video call from home,phone call from home,call from home,consult from home,consultation from home,consult the doctor from home,talk over a phone call,talk on a phone call,talk to the doctor over a phone call,talk to the doctor on a phone call,speak to the doctor over a phone call,talk to doctor over a phone call,speak over a phone call');

-- 2. Phrases whose words were left over beside the word that carries them:
--    - a place (space, spot) to park, parking my bike, car, scooter is the parking ("place" was left over);
--    - milestones like sitting and walking, crawling, tracking milestones are the growth and development check-up;
--    - a named holiday (independence day, republic day, a national, public, bank, festival holiday) is the holiday;
--    - parents meeting the (class) teacher(s), a teacher meeting is the PTM ("meet", "class" were read alone);
--    - watching the child live, on camera from the phone, a live feed is the CCTV ("live", "phone" were left over);
--    - coming over, dropping in (by) is coming, a word that says nothing of what is asked ("over" was left over).
SELECT kb_lexicon_add('parking', 'en', 'place to park,space to park,spot to park,place for parking,space for parking,park my bike,park my car,park my scooter,park the bike,park the car,park the scooter,park bike,park car,bike parking,car parking,two wheeler parking,scooter parking,where to park,where can i park,where do i park');
SELECT kb_lexicon_add('growth', 'en', 'track milestones,tracking milestones,developmental milestones,development milestones,milestones like sitting,sitting and walking,sitting crawling walking,crawling and walking,sitting and crawling,sitting standing walking,sitting and standing');
SELECT kb_lexicon_add('holiday', 'en', 'independence day,republic day,gandhi jayanti,national holiday,national holidays,public holidays,gazetted holiday,gazetted holidays,bank holiday,bank holidays,festival holiday,festival holidays,festival days,on festivals');
SELECT kb_lexicon_add('ptm', 'en', 'parents meet the teacher,parents meet the class teacher,parents meet teacher,parent meet teacher,meet the class teacher,meet class teacher,meet the teacher,meet teacher,meeting the teacher,meeting with teacher,meeting with the teacher,meet the class teachers,meet the teachers,teacher meeting,teachers meeting,parents meeting,parent meeting,parents teachers meeting');
SELECT kb_lexicon_add('cctv', 'en', 'live on camera,live camera,camera from my phone,camera on my phone,camera on phone,live feed,live video,live stream,live streaming,watch live,see live,watch my child live,see my child live,watch him live,watch her live,live cctv,cctv on phone,cctv on my phone,cctv access,camera access');
SELECT kb_lexicon_add('come', 'en', 'come over,coming over,drop in,drop by,pop in,pop over');

-- 3. Words the lexicon did not know and corrected into others:
--    - teeth scaled, polished, scale and polish are the cleaning ("scaled" was corrected into a word read as nervous);
--    - the measles (MMR, hepatitis B) vaccine, shot, injection is a vaccine ("measles" was corrected into a period);
--      the flu and typhoid vaccines are not kept (see above).
SELECT kb_lexicon_add('cleaning', 'en', 'scaled,scaled and polished,scale and polish,scaling and polish,teeth scaled,teeth polished,get my teeth scaled,get my teeth polished,polished,polish my teeth,polish teeth,teeth polish');
SELECT kb_lexicon_add('vaccine', 'en', 'measles vaccine,measles shot,measles injection,measles vaccination,mmr vaccine,mmr shot,mmr injection,mmr vaccination,hepatitis b vaccine,hep b vaccine,hepatitis b injection,hep b injection');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
