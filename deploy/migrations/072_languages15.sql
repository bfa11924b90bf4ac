-- 072: understanding patients, round 15 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms and kb_stopwords rows (the languages hi, hi-Latn, mr, mr-Latn). No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout14; README "Round 15's languages" has the figures): the
-- answerable questions in Hindi, Marathi, their romanised forms and their mix with English that were missed or
-- answered wrongly while the right entry was the first or second candidate (277 distinct questions), and the words
-- that entry misses (kb_explain). The lexicon's part: a patient's phrase for a thing the lexicon knows by another
-- phrase ("sugar ke mareez" for diabetic, "bado ko" for adults, तपासणीची फी for the consultation fee), a chat
-- spelling ("bhengi", "teedhe daanto"), and a phrase read as another word ("park karne ki jagah" read as "instead of",
-- `reschedule`; "alag baithte" read as the doctor's sitting hours, `timing`; लिंग corrected to लिंक, `refer`).
-- Every family below was written from the languages (all the usual forms, not only the one a question used),
-- screened alone over every question of every spent set and kept only with no right answer lost, no question that
-- must stay unanswered answered and the intents identical message by message. +N: the right answers it adds.
-- Measured and NOT kept: "doctor shi bolta" / डॉक्टरांशी बोलता as `talk` (-1: "फोनवर डॉक्टरांशी बोलता येईल का" fell
-- from 0.780 to 0.589 at the teleconsultation entry, whose own words it read); "chhote bachche" (small children) as
-- `child` (+1 -1 and one new wrong answer: "bachcho ki aankh kis din dekhte ho" lost the children's eye entry);
-- "sui" / सुई (a needle) as `injection` (-4: "injection" becomes a concept of the lexicon and counts in full against
-- an entry that does not name it, as 068 found for `senior`).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. A squint as chat writes it (+1): "bhengi aankh", भेंगी (the lexicon had "bhengapan", "bhainga" only); the Marathi
--    तिरळा / तिरळी beside तिरळे.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('squint', 'hi-Latn', 'bhengi,bhenga,bhenge,bhengi aankh,aankh bhengi,bhaingi,bhaingi aankh,tedhi nazar'),
    ('squint', 'hi', 'भेंगी,भेंगा,भेंगी आंख,आंख भेंगी,भैंगी,टेढ़ी आंख'),
    ('squint', 'mr', 'तिरळा,तिरळी,तिरळे डोळे,डोळे तिरळे'),
    ('squint', 'mr-Latn', 'tirla,tirli,tirle dole,dole tirle')
) v(c, l, t);

-- 2. The baby's sex (+1): लिंग was corrected to लिंक (a link, `refer`); the Marathi लिंगनिदान, "mulga ki mulgi".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('gender', 'hi', 'लिंग,लिंग जांच,लिंग परीक्षण,बच्चे का लिंग,लड़का है या लड़की,लड़का या लड़की'),
    ('gender', 'hi-Latn', 'ling jaanch,ling janch,ling parikshan,bachche ka ling,bacche ka ling,ling batate'),
    ('gender', 'mr', 'लिंग तपासणी,लिंगनिदान,लिंग निदान,मुलगा की मुलगी,मुलगा आहे की मुलगी'),
    ('gender', 'mr-Latn', 'mulga ki mulgi,mulga aahe ki mulgi,ling nidan,ling tapasni')
) v(c, l, t);

-- 3. Diabetic people as chat names them (+6): "sugar ke mareez", "sugar wale patient", "sugar ki wajah se" (the lexicon
--    had "sugar patient", शुगर के मरीज). Only phrases about people or a cause: "sugar wala test" is a blood sugar test.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('diabetes', 'hi-Latn', 'sugar ke mareez,sugar ke mariz,sugar ke marij,sugar ke mareezon,sugar ke marizon,' ||
        'sugar wale patient,sugar wale mareez,sugar ke patient,sugar walon,sugar ki wajah se,sugar ki vajah se,' ||
        'sugar ki wajah,shugar ke mareez'),
    ('diabetes', 'hi', 'शुगर वाले मरीज,शुगर वालों,शुगर के मरीजों,शुगर की वजह से,डायबिटीज के मरीज'),
    ('diabetes', 'mr', 'शुगर असलेल्या,मधुमेही,मधुमेहींच्या,साखरेच्या रुग्णांची,शुगरच्या रुग्णांचे'),
    ('diabetes', 'mr-Latn', 'sugar aslelya,sugar asnarya,sugar che patient,sugar cha patient,sugar chya patient')
) v(c, l, t);

-- 4. Grown-ups (+2): "bade logo ke liye", "bado ko" as `adult` ("grown ups" was); "bade" alone (big) is not.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('adult', 'hi-Latn', 'bade logo,bade logon,bade log,bado ko,badon ko,bado ke liye,badon ke liye,bade logo ke liye,' ||
        'bado ka,badon ka'),
    ('adult', 'hi', 'बड़ों,बड़ों को,बड़े लोगों,बड़ों के लिए,बडों को'),
    ('adult', 'mr', 'मोठ्यांना,मोठ्या माणसांना,प्रौढांना,प्रौढ'),
    ('adult', 'mr-Latn', 'mothyanna,mothya lokanna,mothya mansanna')
) v(c, l, t);

-- 5. A patient in Hindi and Marathi (+1): मरीज, "mareez", रुग्ण read as the English "patient" (a generic word of the
--    entries' own text) instead of an unknown word counted against them.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('patient', 'hi-Latn', 'mareez,mariz,marij,mareej,mareezon,marizon,mareezo'),
    ('patient', 'hi', 'मरीज,मरीज़,मरीजों,मरीज़ों'),
    ('patient', 'mr', 'रुग्ण,रुग्णाला,रुग्णांना,पेशंट'),
    ('patient', 'mr-Latn', 'rugna,rugnala,rugnanna')
) v(c, l, t);

-- 6. A place to park (+2): "park karne ki jagah" was read through "ki jagah" (instead of: `reschedule`).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('parking', 'hi-Latn', 'park karne ki jagah,parking ki jagah,gaadi rakhne ki jagah,gadi rakhne ki jagah,' ||
        'gaadi khadi karne ki jagah,gadi khadi karne ki jagah,gaadi lagane ki jagah,gadi lagane ki jagah'),
    ('parking', 'hi', 'गाड़ी खड़ी करने की जगह,गाड़ी रखने की जगह,पार्किंग की जगह,पार्क करने की जगह'),
    ('parking', 'mr', 'गाडी लावायला जागा,गाडी लावायची जागा,पार्किंगची जागा,पार्किंगला जागा'),
    ('parking', 'mr-Latn', 'gadi lavayla jaga,gaadi lavayla jaga,gadi lavaychi jaga,parking jaga,parkingla jaga')
) v(c, l, t);

-- 7. The Marathi fee of a check-up (+5): तपासणीची फी is what the doctor charges to see you (तपासणी alone stays a
--    test: रक्त तपासणी).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation fee', 'mr', 'तपासणीची फी,तपासणी फी,तपासणीचे पैसे,तपासणीचे किती पैसे,तपासणीला किती पैसे,तपासणीची फीस'),
    ('consultation fee', 'mr-Latn', 'tapasanichi fee,tapasnichi fee,tapasni fee,tapasaniche paise,tapasniche paise')
) v(c, l, t);

-- 8. Sitting apart (+4): "bimar bacche alag baithte hai" asks whether sick children wait apart; "baithte" alone stays
--    the doctor's sitting hours.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('separate', 'hi-Latn', 'alag baithte,alag baithna,alag baithta,alag baithenge,alag baithaate,alag bithate,' ||
        'alag baithate,alag baithne,alag bithaya,alag baithaya,alag baith'),
    ('separate', 'hi', 'अलग बैठते,अलग बैठाते,अलग बिठाते,अलग बैठना,अलग बैठाया'),
    ('separate', 'mr', 'वेगळे बसतात,वेगळे बसवतात,वेगळी बसतात'),
    ('separate', 'mr-Latn', 'vegle bastat,vegle basavtat,vegla basavta')
) v(c, l, t);

-- 9. Crooked teeth in more spellings (+1): "teedhe daanto", टेढ़े दाँतों (068 had "daant tedhe", टेढ़े दांत).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('brace', 'hi-Latn', 'teedhe daant,teedhe daanto,teedhe daanton,tedhe daanto,tedhe daanton,tedhe danto,tedhe dant,' ||
        'teedhe dant,tede daanto,tedhe medhe daanto,daant teedhe,daanto ko seedha,daant seedha,dant seedha'),
    ('brace', 'hi', 'टेढ़े दांतों,टेढ़े दाँत,टेढ़े दाँतों,दाँत टेढ़े,दाँत सीधे,टेढ़े-मेढ़े दांत')
) v(c, l, t);

-- 10. Yellow teeth (+1): "peele ho gaye", पिवळे दात ask for whitening.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('whitening', 'hi-Latn', 'peele daant,peele dant,daant peele,dant peele,pile daant,peele ho gaye,peele pad gaye,' ||
        'daant peele ho gaye'),
    ('whitening', 'hi', 'पीले दांत,दांत पीले,पीले हो गए,पीले पड़ गए'),
    ('whitening', 'mr', 'पिवळे दात,दात पिवळे,पिवळे पडले'),
    ('whitening', 'mr-Latn', 'pivle daat,daat pivle,pivle padle')
) v(c, l, t);

-- 11. A duration is no age (+3): "2 saal se baby nahi ho raha" (for two years) read "saal" as the patient's age
--     (`age`, counted against the infertility entry); "since N years / months / weeks" says how long, which no entry
--     asks, and is left out ("bus ka mahine ka" stays a month, 067's price per month).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi-Latn', 'saal se,saalon se,sal se,salon se,mahine se,mahino se,mahinon se,hafte se,hafton se,saal ho gaye,' ||
        'sal ho gaye,saal ho gaya'),
    ('', 'hi', 'साल से,सालों से,महीने से,महीनों से,हफ्ते से'),
    ('', 'mr', 'वर्षांपासून,वर्षापासून,महिन्यांपासून,महिन्यापासून'),
    ('', 'mr-Latn', 'varshapasun,varshanpasun,mahinyapasun,mahinyanpasun')
) v(c, l, t);

-- 12. The nine months are the pregnancy (+3): "pregnancy ke 9 mahine ka package" read "mahine ka" as an age.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('pregnancy', 'hi-Latn', '9 mahine,nau mahine,9 mahine ka,nau mahine ka,9 mahino,nau mahino'),
    ('pregnancy', 'hi', '9 महीने,नौ महीने,नौ महीनों'),
    ('pregnancy', 'mr', '9 महिने,नऊ महिने'),
    ('pregnancy', 'mr-Latn', '9 mahine,nau mahine')
) v(c, l, t);

-- 13. Hindi words that ask nothing (+2): पे (on, as "pe" and पर were), "wajah" (because), "dikhta" / "dikhega" (is
--     seen: "dhundhla dikhta hai" is blurred vision, already `blurry`). लगवाने (getting one fitted) was measured with
--     them and left: +1 but a near miss answered ("पेसमेकर लगवाने का खर्चा" at the pacemaker check entry).
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['wajah', 'vajah', 'वजह', 'पे', 'dikhta', 'dikhega', 'dikhegi', 'dikhti']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 14. Marathi words that ask nothing (+1): चालेल / चालतो (will do, is accepted), "nyaycha" (to take), "jatana" (while
--     going), "deu shakto" (can give).
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['चालेल', 'चालतो', 'चालते', 'चालता', 'चालतात', 'nyaycha', 'nyaychya', 'nyayche', 'jatana',
                           'jaatana', 'deu', 'shakto', 'shakta']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 15. The waters breaking (+1): "paani ki thaili phat gayi" (only "thaili phat gayi" was read; "paani" counted against).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'paani ki thaili phat gayi,pani ki thaili phat gayi,paani ki thaili foot gayi,' ||
        'pani ki thaili foot gayi,paani ki thaili fat gayi,paani ki thaili,pani ki thaili,paani gir gaya,pani gir gaya'),
    ('emergency', 'hi', 'पानी की थैली फट गई,पानी की थैली'),
    ('emergency', 'mr', 'पाण्याची पिशवी फुटली,पाणी गेले'),
    ('emergency', 'mr-Latn', 'panyachi pishvi futli,pani gela')
) v(c, l, t);

-- 16. Showing oneself to the doctor in Devanagari's short form (+1): दिखा ("रविवार को दिखा सकते हैं"), as 068's "dikha".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'hi', 'दिखा,दिखा दें,दिखाऊं,दिखाऊँ,दिखा सकते,दिखा लें')
) v(c, l, t);

-- 17. Marathi forms of a delivery and of cervical cancer (+2): प्रसूतीसाठी (for the delivery) was left whole;
--     गर्भाशयाच्या कर्करोगाची लस is the HPV vaccine, as the Hindi बच्चेदानी का कैंसर.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('delivery', 'mr', 'प्रसूतीसाठी,प्रसूतीला,प्रसूतीचा,प्रसूतीचे,प्रसूतीची,बाळंतपणासाठी'),
    ('delivery', 'mr-Latn', 'prasutisathi,prasutila,balantpanasathi'),
    ('hpv', 'mr', 'गर्भाशयाच्या मुखाचा कर्करोग,गर्भाशयाच्या कर्करोगाची,गर्भाशयाचा कर्करोग,गर्भाशय मुख कर्करोग,' ||
        'गर्भाशयमुखाचा कर्करोग'),
    ('hpv', 'hi', 'बच्चेदानी का कैंसर,गर्भाशय का कैंसर,गर्भाशय कैंसर,बच्चेदानी के कैंसर')
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
