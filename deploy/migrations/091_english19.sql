-- 091: understanding patients, round 19 (issue 19): English words a right entry misses. Data only: global English
-- kb_synonyms rows (kb_lexicon_add, 029). No function is changed, no kb_weights row kept.
--
-- MEASURED FIRST over every spent set (dev .. heldout18; heldout8, 10, 11, 13 and 18's misses first: the sets below a
-- recall of 0.90 and the newly spent one): the English answerable questions missed (`eval.py --set all -v`), and for
-- each the question's words (`kb_tokens`) and what its right entry and the best candidates lack (`kb_explain`). The
-- English lexicon's part: a word left over beside the phrase that carries it ("office" in "pay the fees in cash at
-- the office", "required" in "docs required", "special" in "a special clinic for sugar patients", "exactly" in "whr
-- is ur clinic exactly", "look" in "another cardiologist to look at his reports", "wear" in "what should I wear and
-- eat before the treadmill test"), and a phrase read as another concept ("no need to see the doctor" as meeting the
-- doctor, "report on phone" as a phone consultation, "fix" a permanent tooth as a repair, "no result" as a report).
-- Every family was screened over every question and every intent message of every spent set (each in a rolled back
-- transaction, every answer compared with the starting one question by question), each alone and all the kept ones
-- together; kept only with no right answer lost, no question that must stay unanswered answered, no wrong answer
-- added and the intents identical message by message.
-- Kept (right answers won alone, sets): the implant 6 (heldout5, 6, 11, 13, 14, 18), what to wear before a test 6
-- (heldout, 4, 6, 12, 13, 14), no need to see the doctor 5 (heldout10, 12, 15, 17, 18), exactly where 4 (heldout2,
-- 8, 9, 16), look at 4 (heldout6, 8, 11, 13), paying at the office 3 (heldout4, 8, 13), a special day (clinic) 3
-- (heldout5, 8, 13), a report on the phone 3 (heldout4, 11, 18), enquiring about admission 3 (heldout5, 8, 12), required 2
-- (heldout16, 18), meeting the specialist, seeing the doctor once 2 (heldout13, 18), day care after school 2
-- (heldout13, 14), find out 1 (heldout13), no result 1 (heldout10), a lab report 1 (heldout10), under my policy 1
-- (heldout10). Together: +47 (7,617 -> 7,664 of 8,287 over dev .. heldout18; heldout8 386 -> 391 of 434, heldout10
-- 362 -> 366 of 404, heldout11 409 -> 412 of 456, heldout13 388 -> 396 of 434, heldout18 503 -> 508 of 558), none
-- lost, wrong answers unchanged (124), no must-not answered, intents identical message by message.
-- Measured and NOT kept (right answers won / lost / questions that must stay unanswered answered or wrong added):
-- - "bring" as coming (0 / -10: "what papers do I need to bring for admission" lost the documents in 8 sets, "on
--   which days can I bring my baby for his shots", "wat to bring in hosptal bag"; +2 answered, 1 wrong added);
-- - "done" and "get it done" saying nothing (+3 / 0 / +2: "can I get a covid rtpcr test done", "is the growth check
--   done for teenagers also" were answered);
-- - "exactly" saying nothing anywhere (+5 / 0 / +3: "what is the price of the rotavirus vaccine exactly", whose
--   exact price no entry gives, was answered in 3 sets): kept only after where;
-- - two (four) wheelers as the parking (+1 / 0 / +2: "is the parking covered for two wheelers", "parking charges for
--   2 wheeler");
-- - "no need to see the doctor" read as "without consultation" or "without" (+5 / -1 both: "I just want to check my
--   spectacle number, no need to see doctor" lost the eye test): kept as saying nothing;
-- - asking about admission as the enquiry without "enquire" itself (+3 / -1, see 5.);
-- - a tiffin (lunch) box as the food, landmarks (near the bus stand, the station) as the address (no answer changed).
-- Not screened for lack of time: watching the CCTV live (on the phone), a straw after an extraction ("straw" is
-- corrected into "strat", read as a greeting).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. A word left over beside the phrase that carries it:
--    - paying (in cash) at the office, counter, reception is how one pays ("office" was left over);
--    - documents "required" are the documents needed ("required" was left over);
--    - a special day (clinic) for a condition is the clinic's day (clinic) for it ("special" was left over);
--    - "exactly" after where (and kaha hai) asks where: the address ("exactly" was left over);
--    - finding out (if it is a boy or girl) asks nothing more than the question ("find", "out" were left over);
--    - trying for a baby with no result (no success, no luck) asks the treatment ("result" was read as a report);
--    - "no need to see (meet) the doctor", "without seeing the doctor" beside a check says nothing more than the check
--      ("see the doctor" was read as meeting the doctor; read as "without consultation" it lost "I just want my
--      spectacle number checked, no need to see doctor", whose entry does not say "without").
SELECT kb_lexicon_add('payment', 'en', 'pay at the office,pay in the office,pay at office,pay at the counter,pay at the reception,pay at reception,pay at the school,pay at school,pay at the clinic,pay at clinic,cash at the office,cash at office,cash in the office,cash at the counter,cash at the reception,cash at reception,in cash at the office');
SELECT kb_lexicon_add('', 'en', 'required,is required,are required');
SELECT kb_lexicon_add('day', 'en', 'special day,special days');
SELECT kb_lexicon_add('clinic', 'en', 'special clinic,special clinics');
SELECT kb_lexicon_add('where', 'en', 'kaha hai exactly,kahan hai exactly,kaha pe hai exactly,kahan pe hai exactly,where is it exactly,where are you exactly,exactly where');
SELECT kb_lexicon_add('clinic', 'en', 'clinic exactly');
SELECT kb_lexicon_add('school', 'en', 'school exactly');
SELECT kb_lexicon_add('', 'en', 'find out,to find out,find out if,found out');
SELECT kb_lexicon_add('', 'en', 'no need to see the doctor,no need to see doctor,no need to meet the doctor,no need to meet doctor,no need to consult the doctor,no need to consult doctor,without seeing the doctor,without seeing doctor,without seeing a doctor,without meeting the doctor,without meeting doctor,without meeting a doctor,without consulting the doctor,without consulting doctor');
SELECT kb_lexicon_add('', 'en', 'no result,no results,no success,no luck,not successful,without success');

-- 2. A report, a policy, a consultation named by the words around it:
--    - a lab report (result), even misspelt "reprt", is the report ("lab" was left over);
--    - a report on the phone (mobile) is the report sent by message ("on phone" was read as a phone consultation);
--    - under my (the) policy, covered under (by) insurance is the insurance ("under" was left over);
--    - seeing the doctor once, meeting the (heart, eye, child) specialist is a consultation ("meet" was left over).
SELECT kb_lexicon_add('report', 'en', 'lab report,lab reports,lab reprt,lab reprts,lab repot,lab result,lab results,lab test report,lab test reports,laboratory report,laboratory reports');
SELECT kb_lexicon_add('report message', 'en', 'report on phone,reports on phone,report on my phone,reports on my phone,report on the phone,reports on the phone,report on mobile,reports on mobile,report on my mobile,reports on my mobile');
SELECT kb_lexicon_add('insurance', 'en', 'under my policy,under the policy,under my insurance,under insurance,under the insurance,covered under my policy,covered under the policy,covered under insurance,covered under my insurance,covered by insurance,covered by my insurance,covered by the policy,covered by my policy,covered in my policy,covered in insurance');
SELECT kb_lexicon_add('consultation', 'en', 'see the doctor once,meet the doctor once,meet the heart specialist,meet the specialist,see the specialist,see the heart specialist,meet the heart doctor,see the heart doctor,meet the eye specialist,see the eye specialist,meet the skin specialist,meet the child specialist,see the child specialist');

-- 3. A missing tooth fixed for good: fixing (putting) a fixed implant, a permanent (new) tooth, a tooth replacement is
--    the implant ("fix" was read as a repair, "permanent" and "fixed" were left over); "in its place" says nothing.
SELECT kb_lexicon_add('implant', 'en', 'fixed implant,fixed implants,fix an implant,fix implant,fix implants,fix dental implant,fix dental implants,fix a new tooth,fix new tooth,fix new teeth,fix a new one,fix a permanent tooth,fix a permanent one,fixed tooth,fixed teeth,tooth replacement,teeth replacement,replace the tooth,replace a tooth,replace my tooth,replace the missing tooth,replace a missing tooth,replaced with a fixed implant,replaced with an implant');
SELECT kb_lexicon_add('', 'en', 'in its place,in place of it');

-- 4. Keeping the child after school (hours), day care after school is the day care ("keep", "after" were left over).
SELECT kb_lexicon_add('daycare', 'en', 'day care after school,daycare after school,day car after school,after school day care,after school daycare,keep children after school,keep kids after school,keep the child after school,keep my child after school,keep children after school hours,keep kids after school hours');

-- 5. Words around a test, an opinion, an enquiry:
--    - what to wear (and eat) before a test asks how to prepare for it ("wear" was left over);
--    - another doctor to look at (have a look at) my reports asks the opinion ("look" was left over);
--    - asking (enquiring) about admission is the office's enquiry; "enquire" itself is the enquiry (the rows made it
--      a word the typo correction no longer read as "enquiry": "when can I visit the school office to enquire" lost
--      its answer until it was written).
SELECT kb_lexicon_add('prepare', 'en', 'what should i wear,what to wear,what do i wear,what shall i wear,what clothes to wear,what clothes should i wear,what should i wear and eat,what to wear and eat');
SELECT kb_lexicon_add('', 'en', 'look at,looks at,look into,have a look at,take a look at,have a look,take a look');
SELECT kb_lexicon_add('enquiry', 'en', 'enquire,inquire,enquiring,inquiring,ask about admission,ask about admissions,ask about the admission,enquire about admission,enquire about admissions,inquire about admission,enquiry about admission,inquiry about admission,admission enquiry,admission enquiries,admission inquiry');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
