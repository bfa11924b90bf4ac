-- 112: understanding patients, round 24 (issue 19): romanised Hindi, Hindi, Marathi and code-mixed words for the gp,
-- paeds, dental and cardio tenants of clinics.json and the child and dental tenants of kb.json. Data only: global
-- kb_synonyms and kb_stopwords rows, like 104 and 108. No function is changed.
--
-- WRITTEN FROM THE ENTRIES AND THE LANGUAGE: for each entry of these tenants, about 340 questions written here the way
-- parents and patients ask in Hinglish, Devanagari and Marathi (none taken from an evaluation set) were put to
-- kb_match; heldout22's and heldout23's language misses were read as samples. What failed is below, each family
-- written for how people ask, not one question's words: spellings of a phrase the lexicon knew in another spelling
-- ("dant kadhaycha" beside "daat kadhaycha", "kisto me paise"), verb forms ("jaayegi", "banne", "khichte"), a word the
-- typo correction misread ("balgam", phlegm, read as "balak", a child; "khichte" read as where; "mail", the tartar),
-- a phrase that took a word away from another ("daadh nikalwani" from "akkal daadh").
-- SCREENED all together over all 15,472 questions (dev .. heldout23) and 4,824 intent messages, choice by choice
-- against main (01f99d1) in the same database: right 10,277 -> 10,292 of 11,070 (heldout23 483 -> 488 of 557: romanised
-- Hindi 159 -> 161 of 179, Hindi 53 -> 54, mixed 14 -> 15, Marathi in Latin 9 -> 10; heldout22 480 -> 485; heldout6
-- 445 -> 447; heldout7, heldout15, heldout20 +1 each), wrong 145 -> 145, none lost, no must-not answered, the intents
-- identical message by message. Alone: families 1-14 each over the questions holding their words (every set), only
-- their own wins, none lost (1: +1, 2: +1, 4: +3, 5: +2, 6: +1, 7: +1, 8: +1, 9: +1, 12: +2, 13: +2; 3, 10, 11, 14
-- add nothing yet); 15-21 were screened together only (the single runs did not finish in the round's time).
-- MEASURED AND NOT KEPT (all together, a first draft): "phone pe baat ho sakti", "call pe baat" as a phone
-- consultation (the intent message "kisi se phone pe baat ho sakti hai kya", talk to the staff, lost its intent);
-- "पहले" (before) dropped alone ("pap smear के पहले क्या नहीं करना चाहिए" answered, a must-not: kept "से पहले" only);
-- "discharge ke baad", "navjat shishu" as the newborn's first visit (the entry's word "discharge" known to the lexicon
-- lifted "do you have a childrens dentist" and "bala sathi dentist aahe ka" to the newborn entry, 0.870 -> 0.882, and
-- "navjaat shishu ko pehli baar kab lana hai" lost newborn: kept without them); Marathi "doctor kadhi bhettat" as
-- the timings ("madhumeh sathi doctor kadhi bhettat" lost diabetes). A TRADE NOT KEPT: the bare "opd kab hai", "opd
-- kab" as the timings wins heldout9 "opd kab hai", heldout21 "opd kab hai cardiologist ka", heldout23 "heart doctor opd
-- kab hai" (+3) and answers heldout10's "dr venkatesh ka opd kab hai" (labelled none; Dr. Venkatesh is the cardio
-- clinic's own doctor and "opd timings for dr venkatesh" is labelled timings in heldout13 and heldout15).
-- A SECOND BATCH, measured late all together with 1-21 and not kept (no time left to run the tests with it): Devanagari
-- "लगवाने", "लगवानी", "लगवाना" dropped (+3: "दांतों में braces लगवाने हैं", "कैप लगवाने में कितने दिन", "कॉपर टी लगवाने का
-- खर्च"; -1: "पेसमेकर लगवाने का खर्चा कितना है" answered, a must-not, as "pacemaker lagwane ka kharcha" already is);
-- "online reports", "report online" as the report (-2: "second opinion ke liye online reports bhej sakte hai" answered);
-- "dubara dikhane", "phir se dikhana" (followup), "se pehle kya karna hai" (prepare), "flu ka injection" (the flu
-- vaccine), "specialist kab milenge", "sir kab milte" (timing) changed no spent question.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Extraction in Marathi: "dant/daat/dat kadhaycha" (to have the tooth taken out) in each spelling and verb form.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('extraction', 'mr-Latn', 'dant kadhaycha,dant kadhayche,dant kadhaychi,dant kadhayla,dant kadhne,dant kadhun,dant kadhava,daat kadhayla,daat kadhaychi,daat kadhava,dat kadhayche,dat kadhayla,dat kadhne,dat kadhun,daad kadhaychi,daad kadhayla,dadh kadhayla,dadh kadhaycha,daadh kadhaychi,akkal dadh kadhaychi'),
    ('extraction', 'mr', 'दात काढायला,दात काढायची,दात काढणं,दाढ काढायला,दाढ काढायचा')
) v(c, l, t);

-- 2. Yellow teeth: "peele", "peela" (yellow) alone, when another phrase took the word "daant" ("peele daant safed ho
--    sakte"), as `whitening`, like "peele daant", "daant peele". Not "peeli" (the eyes of jaundice).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('whitening', 'hi-Latn', 'peele,peela,peelapan,pilapan,peele pade,peele padd gaye'),
    ('whitening', 'hi', 'पीले,पीला,पीलापन')
) v(c, l, t);

-- 3. What to wear for the TMT: "joote" (shoes), "kapde" (clothes) as `shoe`, `clothe`, the words of the answer.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('shoe', 'hi-Latn', 'joote,joota,jute,juta,jootey,jutey,chappal,sports shoes,running shoes'),
    ('shoe', 'hi', 'जूते,जूता,चप्पल'),
    ('clothe', 'hi-Latn', 'kapde,kapda,kapdey,kaprey,kapre,dhile kapde,aaramdayak kapde'),
    ('clothe', 'hi', 'कपड़े,कपडे,कपड़ा'),
    ('shoe', 'mr-Latn', 'boot,chappal ghalun'),
    ('clothe', 'mr-Latn', 'kapde ghalun')
) v(c, l, t);

-- 4. The newborn's first visit after the hospital: "hospital se chhutti" (leave from the hospital, read as a holiday),
--    "chhutti milne ke baad", "paida hone ke baad", "janam ke baad", "naye bachhe" as `child first`, like
--    "discharged from hospital", "naye bachche".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('child first', 'hi-Latn', 'hospital se chhutti,hospital se chutti,hospital se chhuti,aspatal se chhutti,aspataal se chhutti,chhutti milne ke baad,chutti milne ke baad,paida hone ke baad,janam ke baad,janm ke baad,naye bachhe,naye bache,naya bachha,naye baby,naya janma bachcha'),
    ('child first', 'hi', 'अस्पताल से छुट्टी,हॉस्पिटल से छुट्टी,पैदा होने के बाद,जन्म के बाद'),
    ('child first', 'mr-Latn', 'hospital madhun sutti,janmanantar'),
    ('child first', 'mr', 'जन्मानंतर,दवाखान्यातून सुट्टी')
) v(c, l, t);

-- 5. Hindi in Devanagari "से पहले" (before a thing: "टीएमटी टेस्ट से पहले") dropped like "pehle".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi', 'से पहले,से पहिले')
) v(c, l, t);

-- 6. The future of "ho jaana" (will get done): "jaayegi", "jaaegi", "jaayenge", "jaaenge" dropped, like "jaegi",
--    "jayegi", "jaayega".
INSERT INTO kb_stopwords (word) VALUES ('jaayegi'), ('jaaegi'), ('jaaega'), ('jaayenge'), ('jaaenge'), ('jaaoge'), ('jaoge'), ('जाएगी'), ('जाएगा'), ('जाएंगे'), ('जायेगी'), ('जायेगा')
ON CONFLICT DO NOTHING;

-- 7. When the doctor is there: "doctor kab milti hai", "doctor kab milenge", "dr kab milte", "doctor kab baithte"
--    as `timing`, like "doctor kab milte hai", "doctor kab aate".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'doctor kab milti,doctor kab milti hai,doctor kab milta,doctor kab milta hai,doctor kab milenge,doctor kab milegi,doctor kab mil sakte,doctor kab mil sakti,doctor se kab mil sakte,doctor sahab kab milenge,doctor madam kab milti,dr kab milte,dr kab milenge,dr kab milti,doctor kab baithte,doctor kab baithti,doctor kab baithte hai,doctor kab aati,doctor kab aati hai,doctor kab hote hai,doctor kab rehte'),
    ('timing', 'hi', 'डॉक्टर कब मिलते,डॉक्टर कब मिलेंगे,डॉक्टर कब मिलती,डॉक्टर कब बैठते,डॉक्टर कब आते')
) v(c, l, t);

-- 8. "kab lagwa sakte" (when can one get it put in): "lagwa" is read as the queue's word ("number lagwa"); after
--    "kab" it asks when a thing is given, and is dropped.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi-Latn', 'kab lagwa sakte,kab lagwa sakti,kab lagwa sakta,kab lagwa skte,kab lagwa sakenge,kab lagwa du,kab lagwayen,kab lagwaye')
) v(c, l, t);

-- 9. Being made: "banne", "banegi", "बनने", "बनवाना" (to be made, to have made: "crown बनने में कितने दिन") dropped,
--    like "banwane", "बनवाने".
INSERT INTO kb_stopwords (word) VALUES ('banne'), ('bannay'), ('banwani'), ('banwaana'), ('बनने'), ('बनवाना'), ('बनवानी'), ('बनवाने'), ('बनाना'), ('बनाने')
ON CONFLICT DO NOTHING;

-- 10. Tartar: "daant ka mail" (the dirt on the teeth; "mail" alone was corrected into another word), "daant ki
--      pathri", "mail nikalwana" as `tooth cleaning`, like "tartar", "plaque".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth cleaning', 'hi-Latn', 'daant ka mail,daanto ka mail,daant ki mail,dant ka mail,daant pe mail,daanto pe mail,daant par mail,mail saaf,mail saf,mail nikalwana,mail nikalwane,mail nikalna,mail hatana,mail hatwana,daant ki pathri,daanto ki pathri,daant pe pathri,daant ki gandagi,daanto ki gandagi,peeli parat'),
    ('tooth cleaning', 'hi', 'दांत का मैल,दांतों का मैल,दाँत का मैल,मैल साफ,मैल निकलवाना,दांत की पथरी'),
    ('tooth cleaning', 'mr-Latn', 'datacha mal,datavarcha mal,daatancha mal,dantancha mal'),
    ('tooth cleaning', 'mr', 'दातांचा मळ,दातावरचा मळ,दातांवरील मळ')
) v(c, l, t);

-- 11. The wisdom tooth taken out: "akkal daadh nikalwani" (the phrase "daadh nikalwani" took the word before it
--      away from "akkal daadh") as `wisdom tooth extraction`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('wisdom tooth extraction', 'hi-Latn', 'akal daad nikalwani,akal daad nikalwana,akal daad nikalni,akal daad nikalna,akal dadh nikalwani,akal dadh nikalwana,akal daadh nikalwani,akal daadh nikalwana,akkal daadh nikalwani,akkal daadh nikalwana,akkal daad nikalwani,akkal daad nikalwana,akkal dadh nikalwani,akkal dadh nikalwana,akal daad nikalwane,akkal daadh nikalwane,akal ki daad,akal ki daadh,akkal ki daadh'),
    ('wisdom tooth extraction', 'hi', 'अक्ल दाढ़ निकलवानी,अक्ल दाढ़ निकलवाना,अकल दाढ़ निकलवानी,अक्ल की दाढ़'),
    ('wisdom tooth extraction', 'mr-Latn', 'akkal dadh kadhaychi,akkal daadh kadhaychi,akkal dadh kadhayla,akkal dadh kadhne')
) v(c, l, t);

-- 12. When the OPD is: "opd kab hoti", "opd kitne baje", "opd ka time", "opd kadhi aste" as `timing`, like "opd
--      timings" ("opd" alone reads as the consultation, whose fee entry tied with the timings). Not the bare "opd kab
--      (hai)": see the header.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'opd kab hoti,opd kab hoti hai,opd kab hota,opd kab se,opd kab tak,opd kitne baje,opd ka time,opd ka samay,opd ke time,opd timing,opd kab chalti,opd kab khulti,opd kab lagti,opd kab lagti hai'),
    ('timing', 'hi', 'ओपीडी कब होती,ओपीडी का समय,ओपीडी का टाइम,ओपीडी कितने बजे'),
    ('timing', 'mr-Latn', 'opd kadhi,opd kadhi aste,opd kadhi aahe,opd kadhi ahe,opd kiti vajta,opd chi vel,opd cha vel'),
    ('timing', 'mr', 'ओपीडी कधी,ओपीडी कधी असते,ओपीडीची वेळ,ओपीडी किती वाजता')
) v(c, l, t);

-- 13. Paying in parts: "kisto me paise", "payment kisto me", "kishton me payment" as `emi` (the phrase "paise de
--      sakte" read the payment entry's word and tied).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emi', 'hi-Latn', 'kisto me paise,kiston me paise,kishto me paise,kishton me paise,kisto me payment,kiston me payment,kishton me payment,payment kisto,payment kiston,payment kishton,payment kisto me,payment kishto me,kisto me de sakte,kiston me de sakte,thoda thoda karke,thoda thoda kar ke,mahine mahine,har mahine thoda'),
    ('emi', 'hi', 'किस्तों में पैसे,किस्तों में पेमेंट,थोड़ा थोड़ा करके'),
    ('emi', 'mr-Latn', 'haptyat,hapte,haptyane,haptyanmadhe'),
    ('emi', 'mr', 'हप्त्यात,हप्त्याने,हप्ते')
) v(c, l, t);

-- 14. Which: "kaunse", "konse", "kaunsa" forms dropped ("tmt ke liye kaunse joote"), like "kaunsa", "konsi".
INSERT INTO kb_stopwords (word) VALUES ('kaunse'), ('konse'), ('kaunse wale'), ('konsey'), ('kounse'), ('kaunsey'), ('कौनसे'), ('कौन से'), ('कोनसे')
ON CONFLICT DO NOTHING;

-- 15. Clean in Marathi and Hindi: "swachh" (clean: "daat swachh karaycha kharcha") as `cleaning`, like "safai",
--      "स्वच्छ".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cleaning', 'mr-Latn', 'swachh,swachch,svachh,swacch,swachha,swachata,swachhata,saaf karaycha,saf karaycha'),
    ('cleaning', 'hi', 'स्वच्छता')
) v(c, l, t);

-- 16. "khichte" (take a picture: "daant ka photo khichte ho", the X-ray) was corrected into another word read as
--      where; the verb's forms are dropped, like "karwate".
INSERT INTO kb_stopwords (word) VALUES ('khichte'), ('khinchte'), ('kheenchte'), ('khichna'), ('khinchna'), ('khichwana'), ('khinchwana'), ('khichwani'), ('khichwane'), ('khichenge'), ('खींचते'), ('खिंचवाना'), ('खिंचवानी')
ON CONFLICT DO NOTHING;

-- 17. A vaccine that does not hurt: "dard na ho aisa tika", "dard nahi hoga wala", "kam dard wala" as `painless`,
--      like "bina dard".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('painless', 'hi-Latn', 'dard na ho aisa,dard na ho aise,dard na ho wala,dard na ho waala,dard nahi hoga wala,dard nahi hone wala,dard nahi hota wala,kam dard wala,kam dard wale,kam dard wali,bina dard ka,bina dard ki,dard rahit'),
    ('painless', 'hi', 'दर्द न हो ऐसा,कम दर्द वाला,बिना दर्द का,बिना दर्द वाला,दर्द रहित'),
    ('painless', 'mr-Latn', 'dukhnar nahi,dukhat nahi ashi,kami dukhnari,na dukhnari'),
    ('painless', 'mr', 'न दुखणारी,कमी दुखणारी,दुखणार नाही')
) v(c, l, t);

-- 18. Phlegm: "balgam" (corrected into "balak", a child) as `cough`, like "khansi".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cough', 'hi-Latn', 'balgam,balgham,bulgam,kaf,balgam jamna,balgam jama'),
    ('cough', 'hi', 'बलगम,कफ'),
    ('cough', 'mr-Latn', 'kaph,kaf zala'),
    ('cough', 'mr', 'कफ झाला')
) v(c, l, t);

-- 19. The 24-hour record of the heartbeat: "24 ghante ki dhadkan", "dhadkan record", "din bhar ki ecg" as `holter`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('holter', 'hi-Latn', '24 ghante ki dhadkan,24 ghante dhadkan,chaubis ghante ki dhadkan,dhadkan record,dhadkan record karne,dhadkan ki recording,dhadkan record karne wali,din bhar ki ecg,24 ghante ki ecg,24 ghante ecg,poore din ki ecg,pure din ki ecg'),
    ('holter', 'hi', '24 घंटे की धड़कन,धड़कन रिकॉर्ड,24 घंटे की ईसीजी'),
    ('holter', 'mr-Latn', '24 tasanchi ecg,24 tas ecg,divasbharachi ecg'),
    ('holter', 'mr', '24 तासांचा ईसीजी,24 तास ईसीजी')
) v(c, l, t);

-- 20. Which road: "kis road pe", "kaunsi gali", "kis sadak" as `where`, like "kis jagah", "kidhar".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('where', 'hi-Latn', 'kis road,kis road pe,kis road par,kaunsi road,konsi road,kaun si road,kis gali,kis gali me,kaunsi gali,konsi gali,kis sadak,kaunsi sadak,kis building,kaunsi building,kis floor,kaunse floor,kis mohalle'),
    ('where', 'hi', 'किस रोड,कौन सी रोड,किस गली,कौन सी गली,किस सड़क,किस बिल्डिंग'),
    ('where', 'mr-Latn', 'konta road,kontya road var,konti galli,kontya gallit,kontya building'),
    ('where', 'mr', 'कोणता रोड,कोणत्या रोडवर,कोणती गल्ली,कोणत्या बिल्डिंग')
) v(c, l, t);

-- 21. A baby a few days old: "4 din ka baby", "10 din ki baby", "din ka bachcha" as `newborn`, like "naya baby".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('newborn', 'hi-Latn', 'din ka baby,din ki baby,din ka bachcha,din ka bachha,din ka bacha,din ka baccha,din ki bachchi,din ki bachi,din ka beta,din ki beti,din ke baby,hafte ka baby,hafte ki baby,hafte ka bachcha'),
    ('newborn', 'hi', 'दिन का बच्चा,दिन की बच्ची,दिन का बेबी,दिन की बेबी,हफ्ते का बच्चा'),
    ('newborn', 'mr-Latn', 'divasacha baby,divsacha baby,divasachi baby,divsachi mulgi,divsacha bal,divasacha bal'),
    ('newborn', 'mr', 'दिवसाचे बाळ,दिवसांचे बाळ,दिवसाचा बाळ')
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
