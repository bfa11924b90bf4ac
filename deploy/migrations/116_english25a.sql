-- 116: understanding patients, round 25 (issue 19): English paraphrase of what the gyn, eye and school entries
-- (clinics.json) and the general entries (kb.json) answer. Data only: global English kb_synonyms rows (kb_lexicon_add,
-- 029). No function is changed, no kb_weights row.
--
-- Written from the entries (for each one: how patients and parents ask for its answer on WhatsApp), ~230 probe
-- questions of my own read with kb_match/kb_analyse, heldout24's and heldout23's English misses as samples: a phrase
-- whose every word is dropped ("when is madam available"), a word read as another concept ("break" as a repair, "see"
-- as showing, "from home" as the home visit, "term" as the staff, "old" as the age), a leftover beside the concept
-- ("crossed", "started", "scan ... pregnancy" split between the package and the scan).
-- SCREENING (tests/kb_eval texts, one rolled back transaction, every answer compared with the one before): each family
-- alone over the KB questions (with their doctor) and intent messages (gp doctor) of dev .. heldout24 holding its
-- words, then all kept together over every KB question and every intent message (see FIGURES below).
-- FIGURES: alone, 20 families +21 right (duration x6, senior x5, ultrasound x2, visit x2, pick-up time x2, madam,
-- retina, squint, admission x1), none lost, no must-not answered, intents unchanged. Together (22 families: these and
-- d, e below, over all 21,240 texts of dev .. heldout24): +22 right, 6 changed for the worse, 1 intent changed, every
-- one of them from d, e or "aged" (dropped): without them those 7 texts answer as before (checked one by one), and
-- eval.py --set all -v with this file applied: KB right 10,859 -> 10,880 of 11,611, wrong 151 -> 150, no new miss.
-- MEASURED, NOT KEPT:
--   d. the school cab (auto, bus), the van fee (route) as the van: 1 must-not answered (heldout19 "van route mein
--      sector 45 aata hai kya");
--   e. the school dress, the uniform shop as the uniform; the book list, notebooks, stationery kit as the books: 5 lost
--      ("book kit (cost, price)" x5: heldout4, 5, 16, 17, 24), 1 must-not no longer answered (heldout5 "uniform ka
--      colour kya hai");
--   f. "aged father (mother, parents)" in family 19: changed intent message dev "how many ppl ahed of me" (queue_status
--      -> none: "ahed" corrected into "aged");
--   a. the older "how long" rows (stay the night, back to work, go home the same day, days of rest, ...; their
--      canonical "how long" is read as "long", not as the duration the entries say) re-pointed at the duration: 0 won,
--      2 must-nots answered (heldout4 gyn "how many days rest after c section" -> delivery_cost, heldout5 dental "how
--      many days after an extraction can i go back to office" -> after_extraction);
--   b. the first versions of five families, trimmed to what is below: "pregnancy checkup" (singular) as the package
--      lost heldout2 "sunday ko pregnancy checkup ho sakta hai?" (sunday); "what do i need to bring" (no delivery named)
--      as the hospital bag lost heldout22 cardio "what do I need to bring for a second opinion"; "stay in hospital
--      after" and "how many days (of) rest" as the duration answered heldout2 gyn "how many days will I stay in hospital
--      after delivery" (a must-not) and lost heldout9 "how many days rest after cataract surgery"; "pre lasik test",
--      "laser for specs" as LASIK answered heldout6 "is the pre lasik test covered by insurance" (a must-not) and lost
--      heldout "laser for specs removal price"; "diabetic eye check" as the retina lost heldout9 "diabetic eye check
--      up fee" ("up" left over); "list of holidays" lost heldout22 "where can I see the full list of holidays";
--   c. probed, not written: the child's eyes ("kids eyes") as the child (drops the eye the kids' entry holds: worse),
--      a ball hitting the eye ("ball" becomes a word and is no longer corrected into "bala", the child: worse),
--      "follow up after" as the follow-up (drops the "after" the post-operative entry holds: worse).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. "When is madam (the doctor) available", when does she sit (come), when can I see her: the timings.
SELECT kb_lexicon_add('timing', 'en', 'when is madam available,when is maam available,when is mam available,when is ma am available,when is the doctor available in the clinic,when is doctor available,when is doctor available in the clinic,when is the doctor in the clinic,when is madam in the clinic,when does madam sit,when does the doctor sit,when does doctor sit,what time does madam come,what time does the doctor come,what time does doctor come,what time does madam sit,madam sitting time,doctor sitting time,madam timing,madam timings,doctor timing,doctor timings,when can i see madam,when can i see the doctor,when can i meet the doctor,when can i meet madam,when can i show to madam');

-- 2. A scan for (in, during) pregnancy, the baby's (growth) scan: the ultrasound (it was split between the package and the scan).
SELECT kb_lexicon_add('ultrasound', 'en', 'scan for pregnancy,scan in pregnancy,scan during pregnancy,pregnancy scans,pregnancy sonography,sonography in pregnancy,sonography during pregnancy,sonography for pregnancy,ultrasound in pregnancy,ultrasound during pregnancy,ultrasound for pregnancy,baby scan,scan for the baby,scan of the baby,scan for baby,growth scan,baby growth scan,dating scan,viability scan,level ii scan,level two scan,anomaly scan,nt scan');

-- 3. The (monthly) check-ups during pregnancy, till delivery: the pregnancy package.
SELECT kb_lexicon_add('pregnancy package', 'en', 'pregnancy checkups,pregnancy check ups,monthly checkups during pregnancy,monthly checkup during pregnancy,checkups during pregnancy,checkups in pregnancy,check ups during pregnancy,check ups in pregnancy,all checkups till delivery,checkups till delivery,checkups until delivery,regular checkups during pregnancy,all the checkups in pregnancy,nine months checkups,9 months checkups');

-- 4. Labour pains (contractions) started, the water broke: the emergency ("started" was left over).
SELECT kb_lexicon_add('emergency', 'en', 'labour pain started,labour pains started,labor pain started,labor pains started,pains started,contractions started,having contractions,labour started,labor started,having labour pains,having labor pains,water broke,water broken,waters broke,water has broken,water bag broke,water bag burst,leaking water,water leaking');

-- 5. The things to bring (carry, take) for the delivery, to the hospital, the baby's clothes: the hospital bag (no "bag" in any phrase).
SELECT kb_lexicon_add('bag', 'en', 'what do i need to bring for delivery,what all to bring for delivery,what to bring for the delivery,things to bring for delivery,things to carry for delivery,what to carry for delivery,things needed for delivery,things required for delivery,items needed for delivery,items for delivery,stuff for delivery,things for delivery,what to take for delivery,what to take to the hospital,what to take to hospital,what should i take to the hospital,what to bring to the hospital,what to bring to hospital,what to carry to hospital,what to carry to the hospital,baby clothes,clothes for baby,clothes for the baby,clothes for newborn,newborn clothes,clothes for delivery,delivery checklist,delivery list,list for delivery');

-- 6. Having to stay in hospital, back to work after, going home the same day: the operation's duration.
SELECT kb_lexicon_add('duration', 'en', 'have to stay in hospital,have to stay in the hospital,need to stay in hospital,need to stay in the hospital,stay in hospital for,stay overnight after,go back to work after,back to work after,back to office after,go home same day after,go home the same day after,can i go home same day,can she go home same day,can he go home same day');

-- 7. Eligible (suitable, fit) for LASIK, a laser to remove the glasses: LASIK ("eligible" was the age).
SELECT kb_lexicon_add('lasik', 'en', 'eligible for lasik,eligibility for lasik,lasik eligibility,suitable for lasik,suitability for lasik,fit for lasik,can i get lasik,can i do lasik,can i have lasik,can i get lasik done,lasik evaluation,laser to remove glasses,laser to remove specs,remove glasses by laser,remove specs by laser,get rid of glasses,get rid of specs,specs removal surgery,glasses removal surgery');

-- 8. Putting drops in the eyes, dilating drops, after the drops: the dilation ("drops" was the van's drop).
SELECT kb_lexicon_add('dilation', 'en', 'will you put drops,do you put drops,put drops in my eyes,put drops in my eye,put drops in eyes,put drops in the eyes,drops in my eyes,drops in the eyes,dilating drops,dilation drops,pupil dilation,pupils dilated,dilate my eyes,dilate the eyes,eyes dilated,after the drops,after drops,after dilation,blurry after drops,blurred after drops,vision blurry after');

-- 9. The eyes of diabetics (sugar patients), a diabetic eye test: the retina.
SELECT kb_lexicon_add('retina', 'en', 'diabetic patients eye,eyes of diabetic,eyes of diabetics,eyes of diabetic patients,eyes of a diabetic,diabetic eye,diabetic eyes,diabetic eye test,eye test for diabetics,eye test for diabetes,sugar patients eyes,eyes of sugar patients,sugar patient eyes,eyes of sugar patient');

-- 10. Eyes crossed (cross-eyed, not straight, a lazy eye): the squint.
SELECT kb_lexicon_add('squint', 'en', 'crossed eyes,cross eyes,cross eyed,cross eye,eyes are crossed,eyes crossed,eye crossed,eye is crossed,eye turns in,eye turns out,eye turning,eyes not straight,eye not straight,eyes not aligned,squinting,squint eyes,squint eye,squinted,bhengapan,bhenga,lazy eye,lazy eyes');

-- 11. Hit (poked, scratched) in the eye; a chemical (soap, lime) splashed in the eye: the eye emergency.
SELECT kb_lexicon_add('injury', 'en', 'hit in the eye,got hit in the eye,hit on the eye,something hit my eye,poked in the eye,poked my eye,poke in the eye,scratch in eye,scratch in the eye,scratched my eye,scratched his eye,fingernail in eye,nail scratch eye');
SELECT kb_lexicon_add('chemical', 'en', 'chemical splash,splashed in eye,splashed in the eye,splash in eye,splash in the eye,soap in eye,soap in the eye,soap went in eye,chuna in eye,lime in eye,acid in eye,phenyl in eye,harpic in eye,colour in eye,holi colour in eye');

-- 12. Showing the eye after the operation, the post-operative check-up: the follow-up.
SELECT kb_lexicon_add('followup', 'en', 'show the eye after,show after operation,show after surgery,show the eye again,post operative checkup,post op checkup,post op visit,postop checkup,post operative visits,post operative follow up,post op follow up,after operation follow up,after surgery follow up');

-- 13. Coming to see the school (the campus), a school tour: a visit (the office hours; "see" was read as showing).
SELECT kb_lexicon_add('visit', 'en', 'see the school,see your school,see the campus,visit the campus,school visit,visit your school,look around the school,tour of the school,school tour,campus tour,campus visit,come and see the school,come to see the school,see the classrooms,visit the classrooms,see the classes,school premises visit');

-- 14. What time to pick up the child, the school's end (dispersal, chutti) time: the timings.
SELECT kb_lexicon_add('timing', 'en', 'time to pick up,what time is pickup,what time is pick up,pickup time,pick up timing,pickup timing,what time should i pick up,what time to pick up,when to pick up,when should i pick up,when can i pick up,what time do i pick up,dispersal time,school ends,school end time,school gets over,when does school end,when does school get over,when does school finish,school over time,home time,chutti time,chhutti time,when is chutti,what time is chutti');
SELECT kb_lexicon_add('timing', 'en', 'pick up my child,pick up my kid,pick up my son,pick up my daughter,collect my child,collect my kid');

-- 15. Pick-up from (drop at) home, door to door, coming to our area: the van ("from home" was the home visit).
SELECT kb_lexicon_add('transport', 'en', 'pickup from home,pick up from home,pickup and drop from home,pick up and drop from home,drop at home,drop to home,drop till home,home pickup,home pick up,home drop,pick and drop,pick and drop facility,pickup drop facility,from home to school,door to door,doorstep pickup,pickup from our society,pickup from my area,come to our area,come to my area,come to our society');

-- 16. Fees per term (each term, termly); annual (yearly, total) fees: the quarterly fee ("term" was the staff).
SELECT kb_lexicon_add('quarter', 'en', 'per term,term fee,term fees,fees per term,fee per term,each term,termly,every term,fees for each term,fees every term,per quarter,every quarter,each quarter,quarter wise,term wise');
SELECT kb_lexicon_add('fee', 'en', 'annual fees,annual fee,yearly fees,yearly fee,fees per year,fee per year,fees for the year,fees for one year,fees for the whole year,fees for full year,total fees,total fee,full fees,complete fees,fee for whole year,fees for a year,whole year fees,full year fees');
SELECT kb_lexicon_add('fee', 'en', 'total annual fees,total annual fee,total fees for the year,total yearly fees');

-- 17. Admission in nursery (playgroup, KG), admissions open (starting): the admission (the class was left over).
SELECT kb_lexicon_add('admission', 'en', 'nursery admission,admission in nursery,admission for nursery,admission to nursery,playgroup admission,admission in playgroup,admission for playgroup,admission to playgroup,kg admission,admission in kg,admission for kg,lkg admission,ukg admission,admission in lkg,admission in ukg,admission for lkg,admission for ukg,pre nursery admission,admissions open,admission open,are admissions open,admissions going on,admission going on,admission started,admissions started,admission for next year,admission for this year,new admission,new admissions,take admission,taking admission,get admission,getting admission,seek admission');
SELECT kb_lexicon_add('admission', 'en', 'admissions start,admission start,admissions begin,admission begins,admission starts,admissions starts,when do admissions start,when does admission start,when will admission start,when do admissions open,when will admissions open,when does admission open');

-- 18. The Diwali (winter, summer, festival) break, the vacation dates: the holidays ("break" was a repair).
SELECT kb_lexicon_add('holiday', 'en', 'diwali break,diwali holidays,diwali holiday,diwali vacation,diwali vacations,winter break,summer break,christmas break,puja break,dussehra break,durga puja holidays,holi break,holi holidays,festival holidays,festival break,mid term break,midterm break,autumn break,school break,vacation dates,vacations,holiday calendar,school calendar,leaves list');

-- 19. An old (elderly) father (mother, parents): the senior the home visit is for ("old" was the age).
SELECT kb_lexicon_add('senior', 'en', 'old father,old mother,my old father,my old mother,elderly father,elderly mother,old parents,elderly parents,old man,old lady,old grandfather,old grandmother,old patient,elderly patient,old age parents,senior citizen,bedbound father,bedbound mother');

-- 20. The open house, the parents' meeting, a meeting with the teacher: the PTM. Lead's merge fix: "ptm date", "ptm
--     dates", "ptm day" removed: they swallowed the date asked, so "next ptm date" was answered by a PTM entry whose
--     answer names no date (052's rule: round 9's test failed).
SELECT kb_lexicon_add('ptm', 'en', 'open house,open day for parents,parents meeting,parent meeting,parents teacher meeting,parent teachers meeting,parents teachers meeting,teacher parent meeting,teachers meeting,report card day,result day,meet the class teacher,meeting with teacher,meeting with the teacher');


ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
