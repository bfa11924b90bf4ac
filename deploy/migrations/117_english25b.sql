-- 117: understanding patients, round 25 (issue 19): English paraphrase of what the gp, paeds, dental and cardio tenants'
-- entries (clinics.json) and the child and dental ones (kb.json) answer. Data only: global English kb_synonyms rows
-- (kb_lexicon_add, 029). No function is changed, no kb_weights row.
--
-- Written from the entries (about 490 probe questions of my own, how patients and parents ask for each answer; about
-- 60 unanswered before the rows), with heldout24's and heldout23's English misses for these tenants as samples of a
-- word left over beside the concept (a child's age, "eat" before the TMT, "given" in "injections given to babies", the
-- illness in "came 3 days back for cough") or a phrase whose words say nothing alone ("when is the dentist available").
-- SCREENING: each family alone over the KB questions and intent messages holding its words (one rolled back
-- transaction, every answer compared with the one before the rows), then the kept ones together over every KB
-- question of dev .. heldout24 (each with its doctor) and every intent message with the gp doctor (21,240 texts).
-- Kept together (the 23 families below): +24 right, none lost, no must-not answered, no wrong answer added (one wrong
-- answer gone: heldout22 "what is the charge for a new born baby visit" was the consultation fee), intents identical
-- message by message: KB right 10,859 -> 10,883 of 11,611 over dev .. heldout24, wrong 151 -> 150 (heldout24 498 ->
-- 500 of 541, heldout23 498 -> 500, heldout22 496 -> 500, heldout21 +1, heldout16 +2). Wins: a child's age x4
-- (heldout4, 7, 13, 17 dental kids), the tooth decay of small children x1 (heldout20), eating before the treadmill
-- test x2 (heldout5, 22), chest pain x1 (heldout6), teeth not straight x2 (heldout13, 22), come after office x1
-- (heldout18), the new born baby visit x1 (heldout22), the crown after the rct x1 (heldout22), a cut from iron x1
-- (heldout23), not gaining height x1 (heldout23), injections given to babies x1 (heldout24), the dentist available x1
-- (heldout24), a certificate for school admission x2 (heldout3, 16), "came 3 days back for cough (fever, cold)" x5
-- (heldout5, 10, 11, 16, 21). Families 4, 5, 6, 10, 13, 14, 16, 19, 20 change no answer of the spent sets (written
-- from the entries for unseen text).
-- MEASURED, NOT KEPT (alone):
--   a. "complete denture", "denture set", "set of teeth", "full denture" as the denture: 17 lost (the dentures entry's
--      answer "a complete denture set" lost its "set", every "full set of false teeth" fell);
--   b. "printed copy" as the report: 1 lost (heldout9 "printed copy of my ecg report": the ECG and its report tied);
--   c. "whatsapp video consultation", "consultation on whatsapp", "show the doctor on video" as the online
--      consultation: +2, 9 lost (the gp entry's answer holds "video consultation on WhatsApp");
--   d. the nearest metro (station), a landmark as the address: 0 won, 1 lost (heldout21 "from rohini west metro");
--   e. a (24 hour) heart monitor, an ECG for 24 hours as the Holter: 0 won, 3 lost ("24 hour heart monitor test": the
--      entry's "24 hour monitoring" is matched word by word);
--   f. "certificate for sports" as the certificate: 1 lost (heldout2 "medical certificate for sports day");
--   g. "days back (ago) for the same" as the follow-up: 1 lost (heldout6 "3 days back for the same fever": "fever" was
--      left over; the rows name the illness instead).
-- Left for the score (s25): paying for the treatment in instalments ("can i pay for braces in installments": "pay" is
-- the payment, the EMI entry does not cover it; 12 misses); "my 6 year old has a cavity, do you see kids" (the cavity
-- read as a filling); a weekday asked of the children's dentist ("paediatric dentist on wednesday").
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. A child's age followed by what the child has or needs, or by son, daughter, boy, girl, kid ("my 6 year old
--    has", "5 yr old needs", "6 year old son"): the child (the digits are skipped, so one row serves every age). The
--    bare age ("for my 5 yr old") stays an age: 111's measured form (+10) answered the must-not "dental checkup for my
--    5 yr old" with the newborn visit.
SELECT kb_lexicon_add('child', 'en', 'year old has,year old needs,year old need,year old son,year old daughter,year old boy,year old girl,year old kid,year old is,year old got,year old having,years old has,years old needs,years old need,years old son,years old daughter,years old boy,years old girl,years old kid,years old is,years old got,years old having,yr old has,yr old needs,yr old need,yr old son,yr old daughter,yr old boy,yr old girl,yr old kid,yr old is,yr old got,yr old having,yrs old has,yrs old needs,yrs old need,yrs old son,yrs old daughter,yrs old boy,yrs old girl,yrs old kid,yrs old is,yrs old got,yrs old having');

-- 2. Eating (breakfast, fasting) before the TMT (treadmill test), what to wear (bring) for it: the TMT's
--    preparation ("eat" was read as fasting beside the TMT, which won).
SELECT kb_lexicon_add('tmt prepare', 'en', 'eat before tmt,eat before the tmt,eat before treadmill test,eat before the treadmill test,before tmt,before the tmt,before my tmt,before treadmill test,before the treadmill test,before stress test,before the stress test,wear for tmt,wear for the tmt,wear for treadmill test,bring for tmt,bring for the tmt,breakfast before tmt,empty stomach for tmt,fasting for tmt,fast before tmt,ready for tmt,ready for the tmt');

-- 3. When is the dentist (cardiologist, paediatrician) available, when does the doctor see patients, weekday
--    timings (hours): the timings (111 wrote the doctor's; the specialist's every word was dropped).
SELECT kb_lexicon_add('timing', 'en', 'when is the dentist available,when is dentist available,when will the dentist be available,when does the dentist come,when does dentist come,when does the dentist sit,what time does the dentist come,what time does the dentist sit,when can i see the dentist,when can i meet the dentist,dentist timing,dentist timings,dentist''s timings,when is the cardiologist available,when does the cardiologist sit,when does the cardiologist come,cardiologist timings,when is the paediatrician available,when is the pediatrician available,when does the paediatrician sit,when does the pediatrician sit,when does the doctor see patients,when does doctor see patients,what time does the doctor see patients,what time does doctor see patients,when do you see patients,what time do you see patients,weekday timings,weekday timing,weekdays timings,weekday hours,timings on weekdays,hours on weekdays,timing on weekdays,on weekdays what time');

-- 4. Removable (fake) teeth, a partial denture, a teeth plate: the dentures ("removable" was read as the
--    extraction). "complete denture", "denture set" and "set of teeth" not written: the entry's own answer holds them,
--    and measured they took "full set" from every "full set of false teeth" (17 lost).
SELECT kb_lexicon_add('denture', 'en', 'removable teeth,removable denture,fake teeth,partial denture,teeth plate,plate of teeth,artificial tooth');

-- 5. Paying in instalments (parts, EMI, monthly): the EMI (0 on the spent sets; their misses put the treatment
--    between "pay" and "in installments", which words cannot join).
SELECT kb_lexicon_add('emi', 'en', 'pay in installments,pay in instalments,pay in installment,pay in instalment,pay it in installments,pay it in instalments,pay the amount in installments,pay the amount in instalments,pay in monthly installments,pay in monthly instalments,pay in emi,pay by emi,pay through emi,pay on emi,pay in parts,pay in part,part payment,monthly payment,monthly payments,payment in installments,payment in instalments,payment in emi,installment payment,instalment payment,installments payment,emi payment,emi option,emi facility,emi available,easy installments,easy instalments,monthly installments,monthly instalments,monthly emi');

-- 6. Collecting the (printed) report, where to collect it: the report ("printed copy" not written: it tied the ECG
--    with its report, 1 lost).
SELECT kb_lexicon_add('report', 'en', 'collect my report,collect the report,collect report,collect my reports,collect the reports,where do i collect my report,where can i collect my report,where to collect report,where to collect the report,collect my printed report,collect the printed report,where do i collect my printed report,where to collect printed report');

-- 7. Chest pain right now (severe, heavy, sudden, with sweating), having chest pain: the emergency.
SELECT kb_lexicon_add('emergency', 'en', 'chest pain right now,chest pain now,severe chest pain,heavy chest pain,chest pain and sweating,sweating and chest pain,chest pain with sweating,sudden chest pain,chest pain suddenly,having chest pain,has chest pain,is having chest pain,got chest pain,chest is paining,chest paining,pain in chest right now');

-- 8. Injections (vaccines, shots) given (to babies): the vaccine ("given" split 111's "injections to babies").
SELECT kb_lexicon_add('vaccine', 'en', 'injections given,injection given,injections are given,vaccines given,vaccines are given,vaccine given,shots given,shots are given,injections given to babies,vaccines given to babies,vaccination given,vaccination is given');

-- 9. After (the) birth, just (newly) born: the newborn's first check-up ("new born baby visit" was the fee).
SELECT kb_lexicon_add('newborn first checkup', 'en', 'after birth,after the birth,after his birth,after her birth,just born,was born,born last week,born yesterday,born recently,newly born,new born baby,baby after birth,after birth of baby');

-- 10. Yellow (yellowish, dull) teeth, teeth that turned yellow: the whitening (yellow and teeth tied three entries).
SELECT kb_lexicon_add('whitening', 'en', 'teeth are yellow,my teeth are yellow,yellow teeth,yellowish teeth,teeth look yellow,teeth yellow,teeth have become yellow,teeth turned yellow,teeth became yellow,teeth are stained yellow,dull teeth,teeth look dull,brighter teeth,brighten my teeth,teeth brighter');

-- 11. Teeth that are not straight (uneven, sticking out, overlapping), a gap between the teeth: the braces.
SELECT kb_lexicon_add('brace', 'en', 'teeth are not straight,teeth not straight,not straight teeth,teeth are uneven,teeth are crooked,gap between teeth,gap between my teeth,gaps between teeth,gap in teeth,gaps in teeth,gap in my teeth,teeth gap,spaces between teeth,protruding teeth,buck teeth,front teeth sticking out,teeth sticking out,teeth are sticking out,overlapping teeth,teeth overlapping,teeth are overlapping,forward teeth,teeth coming forward,teeth are forward');

-- 12. A cut from (rusty) iron, a rusty nail, a nail prick: the tetanus shot.
SELECT kb_lexicon_add('tetanus', 'en', 'rusty nail,rusty iron,cut from iron,cut by iron,cut from rusty,cut from a rusty,cut by rusty,injury from iron,injury from rusty,hurt by rusty,iron cut,nail prick,nail injury');

-- 13. Consulting (the doctor) on (over, through) WhatsApp: the online consultation ("whatsapp video consultation"
--    and "show the doctor on video" not written: the gp entry's answer holds them, 9 lost).
SELECT kb_lexicon_add('online consultation', 'en', 'consult on whatsapp,consult the doctor on whatsapp,consult doctor on whatsapp,consult over whatsapp,consult through whatsapp,consult the doctor over whatsapp,consult via whatsapp');

-- 14. The next (pending, missed) vaccine: the vaccine.
SELECT kb_lexicon_add('vaccine', 'en', 'next vaccine,next vaccines,next vaccination,next vaccine dose,next vaccine is due,next injection is due,next shot is due,next shots,next round of vaccines,next set of vaccines,pending vaccines,pending vaccine,missed vaccine,missed vaccines,missed vaccination,missed a vaccine,vaccine missed,vaccine got missed');

-- 15. Not gaining height (weight), not growing, underweight, short for his age: the growth check-up.
SELECT kb_lexicon_add('growth', 'en', 'gaining height,gaining weight,not gaining height,not gaining weight,not gaining,height gain,weight gain,height not increasing,weight not increasing,height is not increasing,weight is not increasing,not growing,not growing properly,short for his age,short for her age,low weight,underweight,under weight');

-- 16. Symptoms (signs) of a heart attack, having a heart attack: the emergency.
SELECT kb_lexicon_add('emergency', 'en', 'heart attack symptoms,symptoms of heart attack,signs of heart attack,heart attack signs,having a heart attack,had a heart attack,getting a heart attack,think it is a heart attack,feels like a heart attack');

-- 17. A cap (crown) after (for, on) the root canal: the crown, not the root canal.
SELECT kb_lexicon_add('crown', 'en', 'cap after root canal,crown after root canal,cap after rct,crown after rct,cap for root canal tooth,crown for root canal tooth,cap on root canal tooth,cap on the root canal tooth,cap post root canal,crown post root canal,cap after the root canal,crown after the root canal');

-- 18. Can I come after (before, at) a time ("after 5 pm"), in the morning (afternoon): the timings.
SELECT kb_lexicon_add('timing', 'en', 'can i come after,can i come before,can i come in the afternoon,can i come in the morning,come after pm,come before pm,come after am,come before am,come at pm,come at am,after pm,before pm,till pm');

-- 19. Sore (cracked) nipples, latching, a low milk supply: the lactation consultant.
SELECT kb_lexicon_add('lactation', 'en', 'sore nipples,sore nipple,nipple pain,cracked nipples,cracked nipple,painful nipples,pain while breastfeeding,pain during breastfeeding,latching,latch,not latching,latching problem,latch properly,low milk supply,milk supply');

-- 20. Is the echo safe, its side effects (radiation): the echo's procedure.
SELECT kb_lexicon_add('echo procedure', 'en', 'is echo safe,echo safe,echo is safe,echo safe for,is 2d echo safe,is the echo test safe,is echo test safe,echo side effects,side effects of echo,any side effects of echo,echo radiation,radiation in echo');

-- 21. A cavity (cavities, tooth decay): a treatment (it was read as a filling, which no entry answers, left over
--    beside "do you see kids").
SELECT kb_lexicon_add('treatment', 'en', 'a cavity,cavities,tooth decay,decayed tooth,decayed teeth,teeth decay,has a cavity,has cavities,has tooth decay');

-- 22. A certificate for college (office, work, a job, the gym, admission, leave, exams): the certificate ("for
--    sports" not written: it took "sports" from round 22's "sports day", 1 lost).
SELECT kb_lexicon_add('certificate', 'en', 'certificate for college,certificate for my college,medical certificate for college,certificate for office,certificate for my office,certificate for work,certificate for job,certificate for my job,certificate for gym,certificate for admission,certificate for school admission,certificate for swimming,certificate for leave,certificate for sick leave,certificate for exam,certificate for exams');

-- 23. N days back (ago) for a cold (cough, fever, the same problem): the follow-up (the illness was left over).
SELECT kb_lexicon_add('followup', 'en', 'days back for cold,days back for cough,days back for fever,days back for loose motions,days back for vomiting,days back for same fever,days back for same cough,days back for same cold,days back for his cough,days back for her cough,days back for his fever,days back for her fever,days back for the same problem,days back for same problem,days ago for cold,days ago for cough,days ago for fever,days ago for loose motions,days ago for vomiting,days ago for same fever,days ago for same cough,days ago for same cold,days ago for his cough,days ago for her cough,days ago for his fever,days ago for her fever,days ago for the same problem,days ago for same problem,day back for cold,day back for cough,day back for fever,day back for loose motions,day back for vomiting,day back for same fever,day back for same cough,day back for same cold,day back for his cough,day back for her cough,day back for his fever,day back for her fever,day back for the same problem,day back for same problem,day ago for cold,day ago for cough,day ago for fever,day ago for loose motions,day ago for vomiting,day ago for same fever,day ago for same cough,day ago for same cold,day ago for his cough,day ago for her cough,day ago for his fever,day ago for her fever,day ago for the same problem,day ago for same problem,week back for cold,week back for cough,week back for fever,week back for loose motions,week back for vomiting,week back for same fever,week back for same cough,week back for same cold,week back for his cough,week back for her cough,week back for his fever,week back for her fever,week back for the same problem,week back for same problem,week ago for cold,week ago for cough,week ago for fever,week ago for loose motions,week ago for vomiting,week ago for same fever,week ago for same cough,week ago for same cold,week ago for his cough,week ago for her cough,week ago for his fever,week ago for her fever,week ago for the same problem,week ago for same problem,days back with cold,days back with cough,days back with fever,days back with loose motions,days back with vomiting,days back with same fever,days back with same cough,days back with same cold,days back with his cough,days back with her cough,days back with his fever,days back with her fever,days back with the same problem,days back with same problem,days ago with cold,days ago with cough,days ago with fever,days ago with loose motions,days ago with vomiting,days ago with same fever,days ago with same cough,days ago with same cold,days ago with his cough,days ago with her cough,days ago with his fever,days ago with her fever,days ago with the same problem,days ago with same problem');
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
