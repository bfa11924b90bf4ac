-- 089: understanding patients, round 18 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms rows (the languages hi, hi-Latn, mr, mr-Latn), like 085. No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout17, heldout17's first; README "Round 18's languages"): the
-- missed questions and wrong answers in Hindi, Marathi, their romanised forms and their mix with English, and for each
-- the words the right entry misses (kb_explain). heldout17's 19 mistakes in these languages: 12 are the lexicon's (a
-- phrase read word by word: "fees phir se deni" as a fee beside "again", सीधे आ जाएं, पहले से समय लेना, "kisto mein
-- payment" as the EMI beside a payment, दिल का दौरा, स्कूल की गाड़ी as a car park and a home visit, "purane patient";
-- a word misread by the typo correction: दुचाकी as दुपारी, the afternoon; "alag se baithne" corrected into a
-- reschedule, like round 17's बसायची), the rest the score's and the entries' (सोनोग्राफी में लिंग: the scan and the
-- gender entries each miss the other's word; "cctv ... classes mein", "class"; "बच्चों का डॉक्टर कितने बजे तक बैठता है"
-- 0.649; "motiyabind operation ke baad kitne din aaram" asked of the procedure entry) and two must-not answered
-- (नकली दांत की मरम्मत, a repair, मरम्मत corrected into "mother"; "shalechi fee").
-- Every family below was written from the languages (the usual forms in both scripts, not only the one a question
-- used), screened alone over every question and intent message of every spent set and kept only with no right answer
-- lost, no question that must stay unanswered answered, no wrong answer added and the intents identical message by
-- message. +N: the right answers it adds alone. Together: +22 (7,044 -> 7,066 right of the spent sets' answerable
-- questions), wrong 116 both times, no must-not answered, intents identical.
-- MEASURED AND NOT KEPT: the eating family's romanised forms ("se pehle kha", "pehle khana kha": "TMT se pehle khana
-- kha sakte hai?" lost, its tmt_prep entry reads "khana" as food and not as fasting; +1 "sugar test se pehle khana kha
-- skte h kya" with it); "phir se fees", "dobara fees" before the fee as a fee ("dobara dikhane ke liye phir se fees deni
-- padegi kya" turned from the follow-up fee to the consultation fee: "phir se" there makes the follow-up); kept the
-- fee-first orders and "phir se paise lagenge" only.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Paying again (+2): "fees phir se deni padegi", "phir se paise lagenge" left "phir se" (again) beside the fee
--    the follow-up entries do not cover (English "fee again" is the fee alone); फीस फिर से, पुन्हा पैसे लागतील.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi-Latn', 'fees phir se,fee phir se,fees fir se,paise phir se,paise fir se,fees dobara,fee dobara,' ||
        'paise dobara,fees phir se deni,fees fir se deni,fees dobara deni,paise phir se dene,' ||
        'phir se paise lagenge,fir se paise lagenge,dobara paise lagenge,phir se paise lagte,dobara paise lagte'),
    ('fee', 'hi', 'फीस फिर से,पैसे फिर से,फीस दोबारा,पैसे दोबारा,फीस फिर से देनी,फिर से पैसे लगेंगे,दोबारा पैसे लगेंगे,' ||
        'फिर से पैसे लगते,दोबारा पैसे लगते'),
    ('fee', 'mr', 'फी पुन्हा,पैसे पुन्हा,पुन्हा पैसे लागतील,परत पैसे लागतील,पुन्हा पैसे लागतात,परत पैसे लागतात'),
    ('fee', 'mr-Latn', 'fee punha,paise punha,punha paise lagtil,parat paise lagtil,punha paise lagtat')
) v(c, l, t);

-- 2. An old patient (+1): "hum purane patient hain" ("purane" unknown) as `existingpatient`, like "old patient";
--    पुराने मरीज, जुने पेशंट.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('existingpatient', 'hi-Latn', 'purane patient,purana patient,purani patient,purane mareez,purana mareez,' ||
        'purane mariz,purana mariz'),
    ('existingpatient', 'hi', 'पुराने मरीज,पुराना मरीज,पुरानी मरीज,पुराने पेशेंट,पुराना पेशेंट,पुराने मरीज़,पुराना मरीज़'),
    ('existingpatient', 'mr', 'जुने पेशंट,जुना पेशंट,जुने रुग्ण,जुना रुग्ण,जुनी पेशंट'),
    ('existingpatient', 'mr-Latn', 'june patient,juna patient,june rugna,juna rugna')
) v(c, l, t);

-- 3. Coming straight in (+1): बिना अपॉइंटमेंट सीधे आ जाएं left सीधे; "seedhe aa sakte", थेट येऊ शकतो as `queue`
--    (the walk-in, like "bina appointment").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('queue', 'hi-Latn', 'seedhe aa,sidhe aa,seedha aa,sidha aa,seedhe aa jaye,sidhe aa jaye,seedhe aa sakte,' ||
        'sidhe aa sakte,direct aa sakte,direct aa jaye,direct aa jaaye'),
    ('queue', 'hi', 'सीधे आ,सीधा आ,सीधे आ जाएं,सीधे आ जाए,सीधे आ सकते,सीधे आ जाऊं,डायरेक्ट आ सकते,डायरेक्ट आ जाएं'),
    ('queue', 'mr', 'थेट येऊ,थेट आलो,थेट येऊ शकतो,थेट येऊ शकते,थेट आलं तर,डायरेक्ट येऊ'),
    ('queue', 'mr-Latn', 'thet yeu,thet alo,thet yeu shakto,direct yeu')
) v(c, l, t);

-- 4. A heart attack (+1): दिल का दौरा (दौरा unknown), "dil ka daura", हार्ट अटैक, हृदयविकाराचा झटका as `emergency`, like
--    "heart attack".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'dil ka daura,dil ka dora,dil ka daura pade,heart attack aaye,heart attack aa jaye'),
    ('emergency', 'hi', 'दिल का दौरा,दिल का दौरा पड़े,दिल का दौरा पडे,हार्ट अटैक,हार्ट अटैक आए,हृदयाघात'),
    ('emergency', 'mr', 'हृदयविकाराचा झटका,हार्ट अटॅक,हार्ट अटॅक आला,हृदयविकाराचा झटका आला'),
    ('emergency', 'mr-Latn', 'hridayvikaracha jhatka,hrudayvikaracha zatka,heart attack ala')
) v(c, l, t);

-- 5. Booking in advance (+6 alone; five of them, the Devanagari "से पहले" questions of the TMT and the blood test,
--    are family 6's too, none more together): पहले से समय लेना read as "first" and a time; "pehle se appointment", आधी वेळ घ्यावी
--    as `appointment` ("book in advance").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('appointment', 'hi-Latn', 'pehle se time lena,pahle se time lena,pehle se samay lena,pehle se appointment,' ||
        'pahle se appointment,pehle se booking,advance mein time,advance me time,advance booking'),
    ('appointment', 'hi', 'पहले से समय लेना,पहले से समय,पहले से टाइम,पहले से अपॉइंटमेंट,पहले से बुकिंग,एडवांस में समय'),
    ('appointment', 'mr', 'आधी वेळ घ्यावी,आधी वेळ घ्यायची,आधी अपॉइंटमेंट,आधी बुकिंग,आधीच वेळ घ्यावी'),
    ('appointment', 'mr-Latn', 'aadhi vel ghyavi,aadhi vel ghyaychi,aadhi appointment,adhi appointment')
) v(c, l, t);

-- 6. Eating before a test (+7): खून की जांच से पहले कुछ खा सकते हैं read as "first" and food; से पहले खा, खाकर आ सकते,
--    आधी काही खाऊ as `fasting` (English "eat before"). In Devanagari and Marathi only (the romanised forms: see above).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fasting', 'hi', 'पहले कुछ खा,से पहले खा,पहले खाना खा,खा कर आ सकते,खाकर आ सकते,खा के आ सकते,कुछ खाकर आना'),
    ('fasting', 'mr', 'आधी काही खाऊ,आधी काही खाल्ले,आधी जेवण करू,जेवून येऊ,खाऊन येऊ,काही खाऊन यायचे'),
    ('fasting', 'mr-Latn', 'aadhi kahi khau,adhi kahi khau,jevun yeu,khaun yeu,kahi khaun yaycha')
) v(c, l, t);

-- 7. The school's vehicle (+2): स्कूल की गाड़ी read as a car park and घर से ले जाती as a home visit; "school ki
--    gaadi", शाळेची गाडी, "ghar se le jaati" as `transport`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('transport', 'hi-Latn', 'school ki gaadi,school ki gadi,school gaadi,school gadi,ghar se le jaati,' ||
        'ghar se le jate,ghar se le jaate,ghar se lene aati,ghar se lene aate'),
    ('transport', 'hi', 'स्कूल की गाड़ी,स्कूल की गाडी,स्कूल गाड़ी,स्कूल वैन,घर से ले जाती,घर से ले जाते,घर से लेने आती,' ||
        'घर से लेने आते'),
    ('transport', 'mr', 'शाळेची गाडी,शाळेची व्हॅन,शाळेची बस,घरून नेतात,घरून घेऊन जातात,घरून न्यायला'),
    ('transport', 'mr-Latn', 'shalechi gadi,shalechi van,gharun netat,gharun gheun jatat')
) v(c, l, t);

-- 8. A two-wheeler (+1): दुचाकी was corrected into दुपारी (the afternoon); दुचाकी, चारचाकी, दोपहिया as `parking`, like
--    बाईक (085).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('parking', 'mr', 'दुचाकी,चारचाकी,दुचाकी कुठे लावायची,दुचाकी कुठे लावू,चारचाकी कुठे लावायची'),
    ('parking', 'mr-Latn', 'duchaki,charchaki,duchaki kuthe lavaychi'),
    ('parking', 'hi', 'दोपहिया,दुपहिया,दोपहिया कहां खड़ी,दुपहिया कहाँ खड़ी'),
    ('parking', 'hi-Latn', 'dopahiya,dupahiya')
) v(c, l, t);

-- 9. Instalments (+1): "kisto mein payment" left the payment beside the EMI; "kiston mein paise", किस्तों में भुगतान,
--    हप्त्याने पैसे as `emi`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emi', 'hi-Latn', 'kisto mein payment,kiston mein payment,kisto me payment,kiston me payment,' ||
        'kisht mein payment,kisht me payment,kiston mein paise,kisto mein paise,kiston me paise,kiston mein bhugtan'),
    ('emi', 'hi', 'किस्तों में पेमेंट,किश्तों में पेमेंट,किस्तों में भुगतान,किश्तों में भुगतान,किस्त में भुगतान,' ||
        'किस्तों में पैसे,किश्तों में पैसे'),
    ('emi', 'mr', 'हप्त्याने पैसे,हप्त्यांमध्ये पैसे,हप्त्याने पेमेंट,हप्त्यात पैसे'),
    ('emi', 'mr-Latn', 'haptyane paise,haptyat paise,haptyane payment')
) v(c, l, t);

-- 10. Sitting apart (+1): "alag se baithne ki jagah", where "baithne" was corrected into a reschedule; अलग से बैठने,
--     बसण्याची वेगळी जागा as `separate` (085 had "alag baithne ki jagah").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('separate', 'hi-Latn', 'alag se baithne,alag se baithne ki jagah,alag se baithe,alag se bithate,' ||
        'baithne ki alag jagah,alag se baithate'),
    ('separate', 'hi', 'अलग से बैठने,अलग से बैठने की जगह,अलग से बिठाते,बैठने की अलग जगह,अलग से बैठते'),
    ('separate', 'mr', 'वेगळे बसण्याची,वेगळी बसण्याची,बसण्याची वेगळी जागा,वेगळे बसवतात'),
    ('separate', 'mr-Latn', 'vegle basnyachi,basnyachi vegli jaga')
) v(c, l, t);

-- 11. Talking to the doctor on the phone (+4): "phone pe doctor se baat ho sakti hai", "phone var doctor shi bolta
--     yeil ka" read as a phone and a talk, the teleconsult entry missing both; फोन पर बात, फोनवर बोलता as `online`
--     (English "talk to the doctor on phone" is `online` alone).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('online', 'hi-Latn', 'phone pe baat,phone par baat,phone pe doctor se baat,phone par doctor se baat,' ||
        'phone pe doctor sahab se baat,fone pe baat'),
    ('online', 'hi', 'फोन पर बात,फ़ोन पर बात,फोन पे बात,फ़ोन पे बात,फोन पर डॉक्टर से बात,फ़ोन पर डॉक्टर से बात'),
    ('online', 'mr', 'फोनवर बोलता,फोनवर डॉक्टरांशी बोलता,फोनवर बोलणे,फोनवर बोलू'),
    ('online', 'mr-Latn', 'phone var bolta,phone var doctor shi bolta,phonevar bolta,phone var bolu')
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
