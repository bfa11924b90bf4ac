-- 100: understanding patients, round 22 (issue 19; begun in round 21 as 100_english21b): English paraphrase of what
-- the gyn, eye and school entries (clinics.json) and the dental and general entries (kb.json) answer. Data only: global
-- English kb_synonyms rows (kb_lexicon_add, 029). No function is changed, no kb_weights row kept.
--
-- Written from the entries (how patients ask for each one's answer) with the spent sets' English misses (dev ..
-- heldout21) as samples: a word left over beside the concept that carries it ("dust", "house", "tamil", "class
-- teacher", "interview", "back of my eye"), or a phrase read as another concept (staying in hospital as the admission).
-- Screened (eval's every KB question and every intent message of every spent set dev .. heldout21, in a rolled back
-- transaction, every answer compared with the one before the rows) all together; the regressions bisected row by row.
-- Round 21 (en21b) left two must-nots answered: "do you have a childrens dentist" (heldout4) and "bala sathi dentist
-- aahe ka" (heldout3), both {child} alone at the paeds clinic, newborn 0.870 -> 0.882 against timings 0.841 (the
-- margin 0.04 passed). Bisected row by row over those two questions: the discharge phrases of family 7 alone ("same
-- day discharge", "discharged the same day", "discharge same day" as how long) cause it (the newborn entry's answer
-- says "after discharge from the hospital": the concept's statistics move); dropped, the rest of family 7 kept.
-- Round 21's home-visit family also named "bedridden": that re-read 034's bedridden concept as the home visit (079's
-- test "chal nahi paate" lost bedridden); dropped, and its "cannot walk" wins (heldout8, 17, 19) went with it.
-- Kept, round 21's families without those (right answers won):
--   the doctor coming to the house 0; a language named +4 (heldout16, 19, 20, 21); the CCTV live on
--   the phone +3 (heldout, 9, 11); staying in hospital (admitted) for the cataract operation +3 (heldout9, 16, 19);
--   both of us work, the day care +3 (heldout12, 13, 20); an interview, the admission process +4 (heldout9, 18, 20,
--   21); dust in the eye +2 (heldout12, 14); one price for all the pregnancy checkups +2 (heldout5, 20); a meeting
--   with the class teacher +2 (heldout5, 20); which class she can join +1 (heldout17); the back of the eye +1
--   (heldout8); the Pap smear misspelt +1 (heldout20).
-- Round 22's families 13 .. 25 (written from the entries, heldout21's misses as samples), with the above, over every
-- question and intent message: right answers won by family: the power (number) checked +1 (heldout12); a package
-- for the nine months +1 (heldout21); back to work, the days of rest after the operation +3 (heldout9, 18, 21);
-- teeth whiter +3 (heldout6, 15, 21); the drop time as the school's timings +2 (heldout7, 20); a normal check-up
-- (normal patients) as a consultation +2 (heldout19, 21); rid of the specs permanently as LASIK +2 (heldout5, 16);
-- riding the bike back after the drops +1 (heldout16); picked up from home as the van +1 (heldout4); the labour
-- begun, the gender revealed, the CCTV on the mobile, the tiffin box: none on the spent sets (written for unseen text).
-- "laser for specs (glasses)" as LASIK was dropped: it lost heldout's "laser for specs removal price" ("removal" left
-- over). All together over every KB question and intent message of dev .. heldout21: right 9,233 -> 9,275 of 9,945 (+42),
-- none lost, wrong 144 both (no must-not answered), intents identical message by message; heldout21 493 -> 499 of
-- 578 (wrong 17 both). Screened together, not each family alone over every question in the round's time.
-- Measured and NOT kept (round 22): the school's front (admin) office, its office timings as 'office enquiry' (+1:
-- heldout21 "front office timings"; 25 right lost, 24 medical certificates "for office (leave)" of the gp and general
-- tenants and heldout20's "when can i come to see the school and ask about admission"); the Copper-T's fitting
-- (putting, inserting) as 'copper-t' (+3: heldout21 "how long does copper t fitting take", "fitting" read as fasting,
-- and a Hindi and a Marathi cost; but "do you insert iud and how long does it take" lost and 4 must-nots answered, the
-- Copper-T's removal "copper t kadhayla kiti paise" and the like).
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

-- 2. The doctor coming to (visiting him at) the house is the home visit ("house" was left over). Round 21's row also
--    named "bedridden" here: that re-read 034's bedridden concept as the home visit ("chal nahi paate", 079's test,
--    lost bedridden); dropped. Its "cannot walk" phrases stay (screened with them) but read as 034's bedridden still.
SELECT kb_lexicon_add('homevisit', 'en', 'cannot walk,can not walk,cant walk,can''t walk,unable to walk,not able to walk,cannot come to the clinic,cant come to the clinic,can''t come to the clinic,unable to come to the clinic,come to the house,come to our house,come to my house,visit him at home,visit her at home,visit them at home,come and see him at home,come and see her at home');

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

-- Round 22's families (en22a), written from the entries with heldout21's misses as samples:
-- 13. The power (number) of the eyes or of the glasses checked (tested) is the eye test for glasses ("power",
--     "number" were left over or read as a phone number).
SELECT kb_lexicon_add('eye test power', 'en', 'power check,power checkup,power check up,power test,power testing,check my power,check the power,check power,checking the power,power checked,eye power,eye power check,eye power test,spectacle power,spectacles power,specs power,glasses power,power of my glasses,power of my specs,power of glasses,number check,check my number,check my eye number,my number checked,eye number,specs number,spectacle number,glasses number');

-- 14. The labour begun (pains started at night, contractions, the water broke) is the labour emergency.
SELECT kb_lexicon_add('labour pains emergency', 'en', 'pains started at night,pains started,pains have started,labour started,labor started,labour has started,contractions started,contractions have started,having contractions,getting contractions,water broke,water has broken,waters broke,waters have broken,water bag broke,water bag burst');

-- 15. The baby's gender revealed (told), boy or girl, is the gender asked.
SELECT kb_lexicon_add('gender', 'en', 'gender reveal,reveal the gender,reveal gender,gender revealed,tell boy or girl,tell if boy or girl,whether boy or girl,is it a boy,is it a girl,baby boy or girl,sex of the baby,sex of my baby,sex of baby');

-- 16. A package for all the checkups of the nine months (the whole pregnancy) is the pregnancy care package.
SELECT kb_lexicon_add('pregnancy package', 'en', 'package for all checkups,package for all the checkups,package for all check ups,all checkups during 9 months,all checkups in 9 months,checkups during 9 months,checkups for 9 months,all 9 months,whole 9 months,full 9 months,nine months package,9 months package,whole pregnancy,full pregnancy,entire pregnancy,complete pregnancy care');

-- 17. Going back to work (office), the days of rest after an operation are how long it takes (the cataract
--     operation's entry answers it).
SELECT kb_lexicon_add('how long', 'en', 'go back to work,back to work,go to work after,resume work,rejoin work,join work,join office,go to office,back to office,resume office,days of rest,days rest,bed rest,rest after,need rest,take rest,rest needed,normal routine,routine work,daily work');

-- 18. Teeth made whiter (brighter) are the whitening ("whiter" was left over).
SELECT kb_lexicon_add('whitening', 'en', 'whiter,make my teeth white,make teeth white,make my teeth whiter,make teeth whiter,whiter teeth,teeth whiter,brighter teeth,teeth brighter,brighten my teeth,brighten teeth');

-- 19. The CCTV watched (seen, viewed) live on the mobile (phone), watching my child: the CCTV.
SELECT kb_lexicon_add('cctv', 'en', 'live on mobile,live on my mobile,watch on mobile,watch on my mobile,see on mobile,see on my mobile,view on mobile,view on phone,view on my phone,live on my phone,see on phone,see on my phone,view live,see live,watch my child,watch my kid,watch our child,see my child in class,see my kid in class');

-- 20. What time to drop (pick up) the child is the school's timings (it was read as the van).
SELECT kb_lexicon_add('timings', 'en', 'what time should i drop,what time to drop,what time do i drop,when should i drop,when do i drop,what time should i pick,what time to pick,what time do i pick,when should i pick up,when do i pick up,drop time,drop timing,drop timings,pick up time,pickup time,pickup timing,pick up timing');

-- 21. A normal (routine) check-up, normal patients, is a consultation ("normal" was read as a grade).
SELECT kb_lexicon_add('consultation', 'en', 'normal checkup,normal check up,normal check-up,normal consultation,normal patients,normal patient');

-- 22. Getting rid of the specs (glasses) permanently, no more glasses, is LASIK ("permanently" was left over).
SELECT kb_lexicon_add('lasik', 'en', 'rid of my specs permanently,rid of specs permanently,rid of my glasses permanently,rid of glasses permanently,remove specs permanently,remove glasses permanently,remove my specs permanently,remove my glasses permanently,specs permanently,glasses permanently,spectacles permanently,no more specs,no more glasses,stop wearing glasses,stop wearing specs,without glasses forever');

-- 23. Riding the bike (scooter) back, driving home after the drops is driving.
SELECT kb_lexicon_add('drive', 'en', 'ride my bike back,ride my bike,ride a bike,ride bike,ride back,ride home,drive back,drive home,drive myself back,ride my scooter,ride scooter,ride a scooter,ride my scooty,ride scooty,bike back,scooter back');

-- 24. Picking the child up from home, dropping at home is the school van ("from home" was read as the home
--     visit).
SELECT kb_lexicon_add('transport', 'en', 'pick and drop from home,pick and drop facility from home,pickup from home,pick up from home,pick from home,pick him from home,pick her from home,drop at home,drop back home,drop him home,drop her home,from home to school,home to school and back');

-- 25. The tiffin (lunch) box, the dabba is the food ("box" was left over).
SELECT kb_lexicon_add('tiffin', 'en', 'tiffin box,tiffin boxes,lunch box,lunchbox,lunch boxes,snack box,snacks box,dabba,tiffin dabba');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
