-- 119: understanding patients, round 25 (issue 19): romanised Hindi, Hindi, Marathi and code-mixed rows for the gyn,
-- eye and school tenants' entries (tests/kb_eval/clinics.json) and kb.json's general clinic. Data only: global
-- kb_synonyms and kb_stopwords rows, like 108 and 113. No function is changed.
--
-- WRITTEN FROM THE ENTRIES: for each entry of the four tenants, 384 questions in Hinglish, Hindi and Marathi written
-- here (how a patient or a parent asks for that answer) were run through kb_match / kb_analyse; 332 were already
-- answered. The families below are what the misses had in common, read together with the spent sets' hi-Latn / hi /
-- mr / mixed misses of these tenants (samples, not targets): a word left over that no entry holds ("naya", "pet",
-- "shaadi"), a verb read as an aspect no entry covers (`make`), a phrase whose words went one by one to other entries
-- ("school dekhne" to the school's name, "sonography me ling" to the scan, "bharti hona padega" to nothing).
-- SCREENED: each family alone over the spent sets' questions and intent messages holding its words, against main
-- (2f64c92) in the same database (figures in each family's comment: wins / of questions screened; none lost, no wrong
-- added, no must-not answered, intents identical); all together over all questions and intent messages of dev ..
-- heldout24: see the README's "Round 25's languages, gyn, eye, school".
-- MEASURED AND NOT KEPT: "kaam pe kab ja sakte", "काम पर कब जा", "कामावर कधी", "ऑफिस कब जा सकते" as `how long` (the
-- cataract's back to work, a known leftover): 0 won, 5 Hindi office-hours questions of the school lost ("ऑफिस" inside a
-- phrase changed that word's reading, 108's lesson), and the written ones went from postop (wrong) to none; "दाखिले के
-- समय", "admission ke time kitna", "प्रवेशाच्या वेळी" as `admission fee`: 16 lost ("दाखिले" inside a phrase: the
-- process, documents and age questions in Hindi lost), 1 wrong added; "मधुमेहासाठी डॉक्टर / वेगळा" as `diabetes`: 2
-- lost ("मधुमेहासाठी" inside a phrase: the retina's and the diabetes' Marathi questions); "shaadi", "शादी" dropped (a
-- written question "shaadi ko 3 saal ho gaye bachcha nahi hua" went to the gender, wrong, without family 5).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;
-- 1. A new pair of glasses: "naya / naye / nayi chashma", "नया चश्मा", "नवीन चष्मा": the adjective "new" (naya, नया, नए, नई, नवीन) dropped;
--    it was left over as an unknown word that no entry holds. Not the Marathi "नये" ("must not": "करू नये").
INSERT INTO kb_stopwords (word) VALUES ('naya'), ('naye'), ('nayi'), ('नया'), ('नए'), ('नई'), ('नवीन'), ('navin'), ('naveen') ON CONFLICT DO NOTHING;
-- 2. Glasses made in days: "kitne din me banta / ban jayega", "कितने दिन में बनता", "किती दिवसात मिळतो" as `duration`: the
--    verb of making (`make`, an aspect no entry covers) and the Marathi "दिवसात" were left over; the inflected Hindi
--    "बनती / बनेगा / banegi" dropped.
INSERT INTO kb_stopwords (word) VALUES ('बनती'), ('बनते'), ('बनेगा'), ('बनेगी'), ('बनेंगे'), ('banti'), ('bante'), ('banega'), ('banegi'), ('banenge') ON CONFLICT DO NOTHING;
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('duration', 'hi', 'कितने दिन में बनता,कितने दिन में बन जाता,कितने दिन में बन जाएगा,कितने दिनों में बनता,दिन में बनता,दिन में बन जाता,दिन में बन जाएगा,दिनों में बनता,दिन में बनकर,दिन में तैयार'),
    ('duration', 'hi-Latn', 'kitne din me banta,kitne din mein banta,kitne din me ban jata,kitne din me ban jayega,kitne din mein ban jayega,din me banta,din mein banta,din me ban jata,din me ban jayega,din mein ban jayega,dino me banta,din me ready,din me taiyar'),
    ('duration', 'mr', 'किती दिवसात,दिवसात मिळतो,दिवसात मिळेल,दिवसात तयार'),
    ('duration', 'mr-Latn', 'kiti divasat,divasat milto,divsat milto,divasat milel')
) v(c, l, t);
-- 3. The glasses' number taken away: "number hatana / hatwana", "नंबर हटाना", "नंबर काढायचा" as `lasik` ("number" alone
--    is the phone's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('lasik', 'hi-Latn', 'number hatana,number hatane,number hatwana,number hatwane,number hatvana,number hat jayega,number hat jata,number hatao,number nikalwana,chashme ka number hatana,number chala jayega,number khatam'),
    ('lasik', 'hi', 'नंबर हटाना,नंबर हटाने,नंबर हटवाना,नंबर हटवाने,नंबर हट जाएगा,नंबर हट जाता,नंबर खत्म'),
    ('lasik', 'mr', 'नंबर काढायचा,नंबर काढायचे,नंबर घालवायचा,नंबर घालवणे,नंबर जाईल'),
    ('lasik', 'mr-Latn', 'number kadhaycha,number ghalvaycha')
) v(c, l, t);
-- 4. When the doctor is seen: "doctor kab milega / milenge / baithte", "डॉक्टर कब मिलेंगे", "डॉक्टर कधी भेटतील" as
--    `timing`, like 112's "doctor kab milti".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'doctor kab milega,doctor kab milegi,doctor kab milte,doctor kab milti,doctor kab milenge,doctor kab baithte,doctor kab baithti,doctor sahab kab milenge,dr kab milenge,dr kab milega'),
    ('timing', 'hi', 'डॉक्टर कब मिलेंगे,डॉक्टर कब मिलेगा,डॉक्टर कब मिलेगी,डॉक्टर कब मिलते,डॉक्टर कब मिलती,डॉक्टर कब बैठते,डॉक्टर साहब कब मिलेंगे'),
    ('timing', 'mr', 'डॉक्टर कधी भेटतील,डॉक्टर कधी असतात,डॉक्टर कधी बसतात,डॉक्टर कधी भेटतात'),
    ('timing', 'mr-Latn', 'doctor kadhi bhettil,doctor kadhi astat,doctor kadhi bastat')
) v(c, l, t);
-- 5. No child coming: "bachcha nahi hua / ho rha", "baby nahi ho raha", "बच्चा नहीं हो रहा", "मूल होत नाही" as
--    `infertility`, like "bachcha nahi ho raha".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('infertility', 'hi-Latn', 'bachcha nahi hua,baccha nahi ho raha,baccha nahi hua,bacha nahi ho raha,bacha nahi hua,bachcha nahi ho rha,baccha nahi ho rha,bachcha nahi ho pa raha,baby nahi ho raha,baby nahi hua,baby nahi ho rha,pregnant nahi ho pa rahi,pregnant nahi ho rahi,pregnancy nahi ho rahi,conceive nahi ho raha,garbh nahi thahar raha,bachcha nahi thahar raha'),
    ('infertility', 'hi', 'बच्चा नहीं हो रहा,बच्चा नहीं हुआ,बच्चा नहीं हो पा रहा,बच्चा नहीं ठहर रहा,गर्भ नहीं ठहर रहा,प्रेगनेंसी नहीं हो रही,प्रेग्नेंसी नहीं हो रही'),
    ('infertility', 'mr', 'मूल होत नाही,मूल होत नाहीये,मूल होत नसेल,दिवस जात नाहीत,गर्भ राहत नाही'),
    ('infertility', 'mr-Latn', 'mul hot nahi,mool hot nahi,divas jat nahit')
) v(c, l, t);
-- 6. The birth itself: "bachcha hone me / ka (kharcha)", "बच्चा होने में", "बाळंतपणाचा" as `delivery`; "bachcha"
--    alone stays `child` (the gender's, the paediatrician's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('delivery', 'hi-Latn', 'bachcha hone me,bachcha hone mein,bachcha hone ka,baccha hone me,baccha hone ka,bacha hone me,bacha hone ka,bachcha paida hone,baccha paida hone,bachcha paida karne'),
    ('delivery', 'hi', 'बच्चा होने में,बच्चा होने का,बच्चा पैदा होने,बच्चा पैदा करने'),
    ('delivery', 'mr', 'बाळंतपणाचा,बाळंतपणाला,बाळंतपणासाठी'),
    ('delivery', 'mr-Latn', 'balantpanacha,balantpanala')
) v(c, l, t);
-- 7. The cancer's vaccine and the womb's cancer: "cancer ka teeka / injection", "कैंसर का टीका", "कॅन्सरची लस" as `hpv`;
--    "bachedani ka cancer", "बच्चेदानी का कैंसर", "गर्भाशयाचा कर्करोग" as `cervical cancer`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('hpv', 'hi-Latn', 'cancer ka teeka,cancer ka tika,cancer ki vaccine,cancer ka vaccine,cancer ka injection,cancer se bachne ka teeka,cancer se bachne ki vaccine,cancer wala teeka'),
    ('hpv', 'hi', 'कैंसर का टीका,कैंसर की वैक्सीन,कैंसर का इंजेक्शन,कैंसर से बचाव का टीका,कैंसर वाला टीका'),
    ('hpv', 'mr', 'कर्करोगाची लस,कॅन्सरची लस,कॅन्सरचे इंजेक्शन'),
    ('hpv', 'mr-Latn', 'cancer chi las,karkrogachi las'),
    ('cervical cancer', 'hi-Latn', 'bachedani ka cancer,bachedani ke cancer,bachhedani ka cancer,bachhedani ke cancer,bachchedani ka cancer,bachchedani ke cancer,bacchedani ka cancer,bacchedani ke cancer'),
    ('cervical cancer', 'hi', 'बच्चेदानी का कैंसर,बच्चेदानी के कैंसर,गर्भाशय का कैंसर,गर्भाशय के कैंसर'),
    ('cervical cancer', 'mr', 'गर्भाशयाचा कर्करोग,गर्भाशयाचा कॅन्सर')
) v(c, l, t);
-- 8. Coming to see the school: "school dekhne (aana)", "स्कूल देखने", "शाळा पाहायला" as `consultation` (the English
--    "visit" of the office hours' entry): "school" alone was read as the school's name, its address.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'hi-Latn', 'school dekhne,school dekhna,school dekhne aana,school dekhne aa,school ghumne,school dikhane,school dekh sakte'),
    ('consultation', 'hi', 'स्कूल देखने,स्कूल देखना,स्कूल दिखाने,स्कूल देख सकते'),
    ('consultation', 'mr', 'शाळा पाहायला,शाळा बघायला,शाळा पाहण्यासाठी,शाळा बघण्यासाठी'),
    ('consultation', 'mr-Latn', 'shala pahayla,shala baghayla')
) v(c, l, t);
-- 9. Keeping the child till evening: "shaam tak rakh", "शाम तक रख", "संध्याकाळपर्यंत" as `daycare`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('daycare', 'hi-Latn', 'shaam tak rakh,sham tak rakh,shaam tak rakhte,sham tak rakhte,shaam tak rakhenge,shaam tak ruk,sham tak ruk,shaam tak rehta,shaam tak bachcha'),
    ('daycare', 'hi', 'शाम तक रख,शाम तक रखते,शाम तक रखेंगे,शाम तक रुक,शाम तक बच्चे,शाम तक बच्चा'),
    ('daycare', 'mr', 'संध्याकाळपर्यंत ठेवता,संध्याकाळपर्यंत ठेवाल,संध्याकाळपर्यंत मुलाला,संध्याकाळपर्यंत'),
    ('daycare', 'mr-Latn', 'sandhyakalparyant')
) v(c, l, t);
-- 10. What is taught: "kya kya sikhate / karwate", "क्या क्या सिखाते", "काय काय शिकवता" as `activity`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('activity', 'hi-Latn', 'kya kya sikhate,kya kya sikhaate,kya sikhate ho,kya kya karwate,kya kya karate,kya kya padhate,kya kya sikhayenge'),
    ('activity', 'hi', 'क्या क्या सिखाते,क्या सिखाते हो,क्या क्या करवाते,क्या क्या कराते,क्या क्या सिखाएंगे'),
    ('activity', 'mr', 'काय काय शिकवता,काय शिकवता,काय काय शिकवतात,काय काय करून घेता'),
    ('activity', 'mr-Latn', 'kay kay shikavta,kay shikavta')
) v(c, l, t);
-- 11. "donation", "डोनेशन" as `admission fee`: it was corrected into "dilation". Not "दाखिले के समय" (header).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('admission fee', 'hi-Latn', 'donation,donations,donesan,doneshan'),
    ('admission fee', 'hi', 'डोनेशन'),
    ('admission fee', 'mr', 'डोनेशन')
) v(c, l, t);
-- 12. The year's fee: "saal bhar ki fees", "salana fees", "साल भर की फीस", "वर्षाची फी" as `fee` ("saal" alone is
--     the age's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi-Latn', 'saal bhar ki fees,saal ki fees,salana fees,saalana fees,saal bhar ka kharcha,saal ka kharcha,sal bhar ki fees'),
    ('fee', 'hi', 'साल भर की फीस,साल की फीस,सालाना फीस,साल भर का खर्चा'),
    ('fee', 'mr', 'वर्षाची फी,वर्षभराची फी,वार्षिक फी'),
    ('fee', 'mr-Latn', 'varshachi fee,varshbharachi fee')
) v(c, l, t);
-- 13. Cannot come to the clinic: "clinic nahi aa sakte", "क्लिनिक नहीं आ सकते", "दवाखान्यात आणता येत नाही" as
--     `homevisit`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('homevisit', 'hi-Latn', 'clinic nahi aa sakte,clinic tak nahi aa sakte,clinic nahi aa payenge,clinic nahi aa paayenge,clinic aana mushkil,clinic nahi la sakte,clinic tak nahi la sakte'),
    ('homevisit', 'hi', 'क्लिनिक नहीं आ सकते,क्लिनिक तक नहीं आ सकते,क्लिनिक नहीं ला सकते,क्लिनिक आना मुश्किल'),
    ('homevisit', 'mr', 'दवाखान्यात आणता येत नाही,दवाखान्यात येता येत नाही,दवाखान्यात येऊ शकत नाही,दवाखान्यात आणू शकत नाही'),
    ('homevisit', 'mr-Latn', 'davakhanyat anta yet nahi,davakhanyat yeta yet nahi')
) v(c, l, t);
-- 14. What to take along: "kya kya le jana / lekar aaye / lana", "क्या क्या ले जाना", "काय काय न्यायचे" as `bag`, like
--     "kya kya lana" (the hospital bag's entry; tenants without it are not moved).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bag', 'hi-Latn', 'kya kya le jana,kya kya le jaana,kya kya lekar aaye,kya kya lekar aana,kya kya lekar jaye,kya kya leke jana,kya kya leke aana,kya kya lana,kya kya lana hai,kya kya laye'),
    ('bag', 'hi', 'क्या क्या ले जाना,क्या क्या लेकर आएं,क्या क्या लेकर आना,क्या क्या लेकर जाना,क्या क्या लाएं,क्या क्या लाना है'),
    ('bag', 'mr', 'काय काय न्यायचे,काय काय आणू,काय काय घेऊन जायचे'),
    ('bag', 'mr-Latn', 'kay kay nyayche,kay kay anu')
) v(c, l, t);
-- 15. The belly's scan: "pet ki sonography", "पेट की सोनोग्राफी", "पोटाची सोनोग्राफी" as `ultrasound` ("pet" had no row).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ultrasound', 'hi-Latn', 'pet ki sonography,pet ka ultrasound,pet ki sonografi,pet ki sono,pet ka scan'),
    ('ultrasound', 'hi', 'पेट की सोनोग्राफी,पेट का अल्ट्रासाउंड,पेट का स्कैन'),
    ('ultrasound', 'mr', 'पोटाची सोनोग्राफी,पोटाचा स्कॅन')
) v(c, l, t);
-- 16. "sikhate ho kya", "सिखाते हैं क्या", "शिकवता का" (is it taught) as `activity`: "sikhate" alone stays `teach`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('activity', 'hi-Latn', 'sikhate ho kya,sikhate hai kya,sikhate hain kya,sikhaate ho kya,sikhate ho,sikhaya jata hai,sikhaya jaata hai,sikhate bhi ho'),
    ('activity', 'hi', 'सिखाते हो क्या,सिखाते हैं क्या,सिखाया जाता है,सिखाते भी हैं'),
    ('activity', 'mr', 'शिकवता का,शिकवतात का,शिकवले जाते का'),
    ('activity', 'mr-Latn', 'shikavta ka,shikavtat ka')
) v(c, l, t);
-- 17. The baby's sex on the scan: "sonography me ladka / ling", "बच्चे का लिंग", "सोनोग्राफीत मुलगा", "मुलगा की
--     मुलगी सांगता" as `gender`: the scan's word took the sonography's entry.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('gender', 'hi-Latn', 'sonography me ladka,sonography mein ladka,sonography me ling,bachche ka ling,bacche ka ling,baby ka ling,ling batate,ling bata,ling pata,ladka ladki batate,ladka ladki bata,sonography madhe mulga,sonography madhye mulga'),
    ('gender', 'hi', 'सोनोग्राफी में लड़का,सोनोग्राफी में बच्चे का लिंग,बच्चे का लिंग,लिंग बताते,लिंग बता,लिंग पता,लड़का लड़की बताते'),
    ('gender', 'mr', 'सोनोग्राफीत मुलगा,सोनोग्राफी मध्ये मुलगा,मुलगा की मुलगी सांगता,मुलगा मुलगी सांगता,बाळाचे लिंग,लिंग सांगता'),
    ('gender', 'mr-Latn', 'sonography madhe mulga,sonography madhye mulga,mulga ki mulgi sangta,ling sangta')
) v(c, l, t);
-- 18. Staying in after the operation: "bharti / admit hona padega", "usi din ghar", "भर्ती होना पड़ेगा", "दाखल व्हावे
--     लागेल" as `how long`, like the English "bed rest" and "back to work": the cataract's procedure (home the same day).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('how long', 'hi-Latn', 'bharti hona padta,bharti hona padega,bharti hona padta hai,bharti rehna padega,admit hona padta,admit hona padega,admit rehna padega,same day ghar,usi din ghar,usi din chhutti,usi din chhuti,same day chhutti,rukna padega,rukna padta'),
    ('how long', 'hi', 'भर्ती होना पड़ेगा,भर्ती होना पड़ता,भर्ती रहना पड़ेगा,एडमिट होना पड़ेगा,उसी दिन घर,उसी दिन छुट्टी,रुकना पड़ेगा,रुकना पड़ता'),
    ('how long', 'mr', 'दाखल व्हावे लागेल,दाखल व्हावं लागेल,ॲडमिट व्हावे लागेल,त्याच दिवशी घरी,राहावे लागेल,राहावं लागेल'),
    ('how long', 'mr-Latn', 'dakhal vhave lagel,admit vhave lagel,tyach divshi ghari')
) v(c, l, t);
-- 19. The sugar clinic: "sugar cha / sathi clinic", "sugar ka doctor", "शुगरचा क्लिनिक" as `diabetes`. Not
--     "मधुमेहासाठी ..." (header).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('diabetes', 'mr-Latn', 'sugar cha clinic,sugar chi clinic,sugar sathi clinic,sugar sathi vegla,sugar sathi doctor,sugar che doctor,sugar cha doctor'),
    ('diabetes', 'mr', 'शुगरचा क्लिनिक,शुगरसाठी क्लिनिक,शुगरसाठी डॉक्टर,साखरेसाठी डॉक्टर'),
    ('diabetes', 'hi-Latn', 'sugar ka clinic,sugar ki clinic,sugar ke doctor,sugar ka doctor,sugar wale doctor,sugar ke liye alag clinic'),
    ('diabetes', 'hi', 'शुगर का क्लिनिक,शुगर के डॉक्टर,शुगर का डॉक्टर,मधुमेह का क्लिनिक,मधुमेह के डॉक्टर')
) v(c, l, t);
-- 20. "karwa", "karva", "करवा" (have it done) dropped like "karwana".
INSERT INTO kb_stopwords (word) VALUES ('karwa'), ('karva'), ('करवा') ON CONFLICT DO NOTHING;
-- 21. Bleeding in Marathi: "रक्त जायला / जात आहे", "rakt jayla" as `bleeding`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bleeding', 'mr', 'रक्त जायला,रक्त जात आहे,रक्त जातंय,रक्त जाणे,रक्तस्त्राव होत'),
    ('bleeding', 'mr-Latn', 'rakt jayla,rakta jayla,rakt jat aahe')
) v(c, l, t);
-- 22. The starting price: "किती रुपयांपासून", "kitne se shuru" as `fee`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'mr', 'किती रुपयांपासून,रुपयांपासून,रुपयांपासून सुरू'),
    ('fee', 'mr-Latn', 'kiti rupayanpasun,rupayanpasun'),
    ('fee', 'hi', 'कितने रुपये से,कितने से शुरू'),
    ('fee', 'hi-Latn', 'kitne se shuru,kitne rupay se,kitne rupaye se')
) v(c, l, t);
-- 23. The child's age in Marathi: "किती वर्षाच्या / वर्षांचे" as `age`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('age', 'mr', 'किती वर्षाच्या,किती वर्षांच्या,किती वर्षाचे,किती वर्षांचे,किती वर्षाची,किती वर्षांची'),
    ('age', 'mr-Latn', 'kiti varshachya,kiti varshanchya,kiti varshache')
) v(c, l, t);
-- 24. Meeting the teacher: "teacher se (kab) mil", "टीचर से मिल", "शिक्षकांना भेटता" as `ptm`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ptm', 'hi-Latn', 'teacher se mil,teacher se milna,teacher se kab mil,teacher se milne,teachers se mil,teacher se baat kab,class teacher se mil'),
    ('ptm', 'hi', 'टीचर से मिल,टीचर से मिलना,टीचर से कब मिल,शिक्षक से मिल,अध्यापक से मिल'),
    ('ptm', 'mr', 'शिक्षकांना भेटता,शिक्षकांना कधी भेटता,टीचरला भेटता,टीचरला कधी भेटता'),
    ('ptm', 'mr-Latn', 'teacherla bhetta,shikshakanna bhetta')
) v(c, l, t);
-- 25. Paying the fee: "fees kaise bhare", "फीस कैसे भरें", "फी कशी भरायची" as `payment`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'mr', 'फी भरता,फी भरायची,फी कशी भरायची,फी भरणे,फी भरता येते,फी भरता येईल'),
    ('payment', 'mr-Latn', 'fee bharta,fee bharaychi,fee kashi bharaychi'),
    ('payment', 'hi', 'फीस भरना,फीस कैसे भरें,फीस कैसे भरे,फीस भर सकते'),
    ('payment', 'hi-Latn', 'fees bharna,fees kaise bhare,fees kaise bharen,fees kaise bharni,fees bhar sakte,fee kaise bhare')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
