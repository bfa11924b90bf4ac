-- 096: understanding patients, round 20 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms rows and kb_stopwords rows (the languages hi, hi-Latn, mr, mr-Latn), like 092. No function is changed.
--
-- WRITTEN FROM THE LANGUAGES AND THE ENTRIES, NOT FROM THE MISSES: for each entry of clinics.json and kb.json, the
-- questions patients and parents would ask for its answer in romanised Hindi, Devanagari Hindi, Marathi (both scripts)
-- and their mix (334 such probes, written for this round and kept out of the repository), asked of kb_match and read
-- with kb_explain: which words the lexicon does not know, and which the typo correction reads as another concept
-- ("taar", wires on the teeth, into "taap", a fever; "daud", running, into "daad", a tooth; "paida", born, into
-- "padda", the retina; "nali", a vessel, into "nani", a senior; "kamar", the waist, into "katar", a queue; डोक्यात, in
-- the head, into डोळ्यात, in the eye; दुखायला, to hurt, into द्यायला, to give; "datala", to the tooth, into "dakhla", an
-- admission). heldout19's Hindi, Marathi and mixed misses were read as samples of how patients write. The probes
-- answered: 114 -> 119 of 133, 80 -> 85 of 120, 53 -> 57 of 81.
-- Every family below was screened alone over every question and intent message of every spent set (dev ..
-- heldout19) and kept only with no right answer lost, no question that must stay unanswered answered, no wrong answer
-- added and the intents identical message by message. +N: the right answers it adds alone (a family without one adds
-- none on the spent sets, nothing changed: it is written for unseen text). Together: +3 (heldout18
-- +1, heldout19 +2), none lost, no wrong answer added, the intents identical.
-- MEASURED AND NOT KEPT (each in a screen of the families together, then taken out): इंजेक्शन as "injection" (a new
-- lexicon concept named "injection" changes how English "injection" is read: -6 right, "is echo painful, do they put
-- injection", "painless injection wala vaccine" lost);
-- क्लास, वर्गात as "class" (+0, "क्लास 1 की फीस कितनी है" and "स्कूल में क्लास 1 है क्या", which must stay unanswered,
-- answered); the present "kadhi bhettat" (when does the doctor meet, Marathi) as `timing` ("madhumeh sathi doctor kadhi
-- bhettat" lost to the hours: the diabetes clinic's entry answers it; the future "kadhi bhettil" kept); "saalana",
-- वार्षिक (yearly) as `year` (a concept named "year" changes English "for 3 years": -10 right, the infertility
-- questions, and the intent of "koi insaan se baat kara do yaar" lost); "doodh nahi peeta", बाळ दूध पीत नाही (does not
-- drink milk) as `lactation` ("बाळ दूध पीत नाही काय करावे", a medical question that must stay unanswered, answered).
-- Written and not screened in time (not in this file): eating before a test ("khana kha ke aaye ya nahi", जेवून यायचे
-- का) as `fasting`, and Marathi बसवण्याचा (of fitting) dropped like लावण्याचा.


ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Dancing and singing: nachna, नाचना, नाचायला, gaana, गाणे as `activity`, like English "dance", "music".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('activity', 'hi-Latn', 'gaana,nachna,naachna,nachne,naachne,nachna gaana,naach gaana,nach gana,gaana bajana,gana bajana,gaana sikhate,sangeet,nritya'),
    ('activity', 'hi', 'नाचना,नाचने,नाच,नाच गाना,गाना बजाना,गायन,नृत्य,संगीत'),
    ('activity', 'mr', 'नाचायला,नाचणे,नाच,गाणे,गाणी,गायन'),
    ('activity', 'mr-Latn', 'nachayla,nachne,gaane,gani,gayan,sangit,nrutya')
) v(c, l, t);

-- 2. Wires on the teeth (+1): "taar" (romanised; the Devanagari तार was read already) was corrected into "taap", a fever;
--    "daant mein taar", दातांना तार, "taar lagwani" as `braces`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('braces', 'hi-Latn', 'taar,taar lagwana,taar lagwani,taar lagwane,daant mein taar,daant me taar,dant me taar,daanton mein taar,daanto me taar,daant ke taar,taar wale'),
    ('braces', 'hi', 'तार लगवानी,तार लगवाने,दांत में तार,दाँत में तार,दांतों में तार,दाँतों में तार,दांत के तार'),
    ('braces', 'mr', 'दातांना तार,दाताला तार,दातांची तार,तार लावायची,तार बसवायची,तारा लावायच्या'),
    ('braces', 'mr-Latn', 'datanna taar,datala taar,taar lavaychi,taar basvaychi')
) v(c, l, t);

-- 3. A new tooth: "naya daant lagwana", नया दांत, नवीन दात बसवायचा as a tooth implant, like English "new tooth".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth implant', 'hi-Latn', 'naya daant,naya dant,naye daant,naye dant,nayi daant,naya daant lagwana,naya daant lagana,naya daant lagwana hai'),
    ('tooth implant', 'hi', 'नया दांत,नया दाँत,नए दांत,नए दाँत,नया दांत लगवाना'),
    ('tooth implant', 'mr', 'नवीन दात,नवा दात,नवे दात,नवीन दात बसवायचा,नवीन दात बसवणे,दात बसवायचा,दात बसवणे'),
    ('tooth implant', 'mr-Latn', 'navin dat,navin daat,nava dat,navin dat basvaycha,dat basvaycha,daat basvaycha')
) v(c, l, t);

-- 4. Feeding the baby: "doodh pilana", दूध पिलाना, दूध पाजायला (to feed milk) as `lactation`, like English "feeding"
--    (doodh pilane, दूध पाजणे were read already; "doesn't drink milk, what to do" asks a medical question and stays so).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('lactation', 'hi-Latn', 'doodh pilana,doodh pila,doodh pilati,dudh pilane,doodh pilane mein,maa ka doodh,ma ka doodh'),
    ('lactation', 'hi', 'दूध पिलाना,दूध पिलाती,माँ का दूध,मां का दूध'),
    ('lactation', 'mr', 'दूध पाजायला,दूध पाजताना,दूध पाजायचे,अंगावर पाजणे,अंगावर पाजायला'),
    ('lactation', 'mr-Latn', 'dudh pajayla,dudh pajtana,angavar pajne')
) v(c, l, t);

-- 5. Marathi verbs of checking: तपासायची, तपासायचा, तपासून, "tapasaychi" (the typo correction read तपासायची as
--    another word) as a consultation, like तपासायला and English "check".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'mr', 'तपासायची,तपासायचा,तपासायचे,तपासून,तपासून घ्यायची,तपासून घ्यायचा,तपासणार,तपासतील,तपासावे,तपासावी'),
    ('consultation', 'mr-Latn', 'tapasaychi,tapasaycha,tapasayche,tapasun,tapasun ghyaychi,tapasnar,tapastil,tapasave')
) v(c, l, t);

-- 6. A high fever: "tez bukhar", तेज बुखार, खूप ताप as `fever`, like English "high fever" (the word tez was unknown).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fever', 'hi-Latn', 'tez bukhar,tej bukhar,tez bukhaar,tez fever,tej fever,bahut tez bukhar'),
    ('fever', 'hi', 'तेज बुखार,तेज़ बुखार,बहुत तेज बुखार'),
    ('fever', 'mr', 'खूप ताप,जास्त ताप,तीव्र ताप'),
    ('fever', 'mr-Latn', 'khup tap,khup taap,jast tap,jast taap')
) v(c, l, t);

-- 7. Marathi verbs of showing a doctor (+1): दाखवू, दाखवता, दाखवतात, "dakhvu shakto" as a consultation, like दाखवायला.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'mr', 'दाखवू,दाखवू शकतो,दाखवू शकते,दाखवता,दाखवतात,दाखवायचा,दाखवायची,दाखवले,दाखवलं,दाखवून'),
    ('consultation', 'mr-Latn', 'dakhvu,dakhavu,dakhvu shakto,dakhavta,dakhvta,dakhavtat,dakhavla,dakhavle,dakhvla,dakhvun')
) v(c, l, t);

-- 8. Body words the typo correction misread: "kamar" (the waist, into "katar", a queue), "pith" (into "path"), "kaan"
--    (the ear, into "kaam"), डोक्यात (in the head, into डोळ्यात, in the eye): "kamar dard", डोकं दुखतंय as `pain`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('pain', 'hi-Latn', 'kamar dard,kamar mein dard,kamar me dard,kamar dukhti,peeth dard,pith dard,peeth mein dard,' ||
        'kaan dard,kaan mein dard,kaan me dard,gale mein dard,gale me dard,sar dard,sir dard,sar mein dard,sir me dard'),
    ('pain', 'hi', 'कमर दर्द,कमर में दर्द,पीठ दर्द,पीठ में दर्द,कान दर्द,कान में दर्द,गले में दर्द,सिर दर्द,सिरदर्द,सिर में दर्द'),
    ('pain', 'mr', 'डोके दुखते,डोकं दुखतंय,डोक्यात दुखते,डोकेदुखी,कंबर दुखते,कंबरदुखी,पाठ दुखते,कान दुखतो,घसा दुखतो,पोटात दुखते,पोटदुखी'),
    ('pain', 'mr-Latn', 'doka dukhte,doke dukhte,dokyat dukhte,kambar dukhte,kambardukhi,kan dukhto,ghasa dukhto,potat dukhte')
) v(c, l, t);

-- 9. When the doctor can be met (+1): "doctor kab milenge", डॉक्टर कधी भेटतील, "kab milte hain" (every word was dropped) as
--    `timing`, like English "when is the doctor available" and "kab baithte".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'doctor kab milenge,doctor sahab kab milenge,doctor kab milte hain,doctor kab milte hai,kab milte hain,kab milte hai,kab milti hain,kitne baje milenge,kitne baje milte'),
    ('timing', 'hi', 'डॉक्टर कब मिलेंगे,डॉक्टर साहब कब मिलेंगे,कब मिलते हैं,कब मिलते है,कितने बजे मिलेंगे,कितने बजे मिलते'),
    ('timing', 'mr', 'भेटतील,भेटणार,कधी भेटतील,किती वाजता भेटतील'),
    ('timing', 'mr-Latn', 'bhettil,bhetnar,kadhi bhettil,kiti vajta bhettil')
) v(c, l, t);

-- 10. मशीन, मशिन (a machine) dropped like English "machine" ("24 ghante wali machine", the Holter; "bhaap ki machine").
--     (इंजेक्शन as "injection": measured and not kept, see the header.)
INSERT INTO kb_stopwords (word) VALUES ('मशीन'), ('मशिन') ON CONFLICT DO NOTHING;

-- 11. Marathi forms of hurting the typo correction misread: दुखायला (into द्यायला, to give), "dukhayla" (into
--     "dakhavla", showed), दुखतोय, "dukhtay" as `pain`, like दुखते.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('pain', 'mr', 'दुखायला,दुखायला लागले,दुखायला लागलं,दुखतोय,दुखतेय,दुखतंय,दुखत होते'),
    ('pain', 'mr-Latn', 'dukhayla,dukhayla lagla,dukhayla lagle,dukhtay,dukhtoy,dukhtey')
) v(c, l, t);

-- 12. Marathi case forms of children and teeth left unknown or misread: मुलांच्या (children's), दाताची, दातांच्या,
--     "datala" (to the tooth, corrected into "dakhla", an admission) as `child` and `tooth`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('child', 'mr', 'मुलांच्या,मुलींच्या,बाळांच्या,मुलाच्या,मुलीच्या'),
    ('child', 'mr-Latn', 'mulinchya,balanchya'),
    ('tooth', 'mr', 'दाताची,दातांच्या,दाताच्या,दाताला,दातांना,दातांचा'),
    ('tooth', 'mr-Latn', 'datala,datanna,datachi,datanchya,datacha')
) v(c, l, t);

-- 13. Hindi words the typo correction read as other concepts: "daud" (running, into "daad", a tooth: "daud wala test",
--     the treadmill test, as `tmt`, like English "treadmill test"), "paida" (born, into "padda", the retina: "paida
--     hua" as `child`, like English "just born"), "nali" (a vessel, into "nani", a senior: "dil ki nali" as the heart).
--     ("saalana", yearly, as `year`: measured and not kept, see the header.)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tmt', 'hi-Latn', 'daud wala test,daud wali jaanch,daudne wala test,daudne wali jaanch,daud ke test,daudne ka test,treadmill pe daudna'),
    ('tmt', 'hi', 'दौड़ने वाला टेस्ट,दौड़ वाला टेस्ट,दौडने वाला टेस्ट,दौड वाला टेस्ट,दौड़ने वाली जांच'),
    ('tmt', 'mr', 'पळण्याची टेस्ट,पळायची टेस्ट,चालण्याची टेस्ट'),
    ('tmt', 'mr-Latn', 'palnyachi test,chalnyachi test'),
    ('child', 'hi-Latn', 'paida hua,paida hui,paida hone,abhi paida hua,abhi paida hui,janam hua,janm hua,janma hua,janam hone'),
    ('child', 'hi', 'पैदा हुआ,पैदा हुई,पैदा होने,अभी पैदा हुआ,जन्म हुआ,जन्म होने'),
    ('heart', 'hi-Latn', 'dil ki nali,dil ki naliyan,dil ki nas,dil ki nasen,dil ki nason'),
    ('heart', 'hi', 'दिल की नली,दिल की नलियां,दिल की नस,दिल की नसें,दिल की नसों'),
    ('heart', 'mr', 'हृदयाच्या नसा,हृदयाची नस,हृदयाच्या नसांमध्ये'),
    ('heart', 'mr-Latn', 'hrudayachya nasa')
) v(c, l, t);

-- 14. Another doctor's opinion: "kisi aur doctor ki salah", "dusre doctor ki rai", दुसऱ्या डॉक्टरांचा सल्ला as `second`,
--     like English "another doctor".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('second', 'hi-Latn', 'kisi aur doctor,kisi aur doctor ki salah,dusre doctor ki salah,doosre doctor ki salah,dusre doctor ki rai,dusri rai,doosri rai,dusri salah'),
    ('second', 'hi', 'किसी और डॉक्टर,किसी और डॉक्टर की सलाह,दूसरे डॉक्टर की सलाह,दूसरे डॉक्टर की राय,दूसरी राय,दूसरी सलाह'),
    ('second', 'mr', 'दुसऱ्या डॉक्टरांचा सल्ला,दुसऱ्या डॉक्टरचा सल्ला,दुसरा सल्ला,दुसरे मत'),
    ('second', 'mr-Latn', 'dusrya doctorancha salla,dusrya doctor cha salla,dusra salla')
) v(c, l, t);

-- 15. Sight and a tooth's cap: "nazar", नज़र, दृष्टी (eyesight) as `power`, like English "vision"; "daant par topi",
--     दाताला टोपी (a cap on a tooth) as `crown`, like English "cap".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('power', 'hi-Latn', 'nazar,najar,nazar kamzor,najar kamjor,nazar kamjor'),
    ('power', 'hi', 'नज़र,नजर,नजर कमजोर,नज़र कमज़ोर,दृष्टि'),
    ('power', 'mr', 'दृष्टी,नजर,नजर कमी'),
    ('power', 'mr-Latn', 'drushti,drushti kami'),
    ('crown', 'hi-Latn', 'daant par topi,daant pe topi,daant ki topi,dant par topi,dant ki topi'),
    ('crown', 'hi', 'दांत पर टोपी,दांत की टोपी,दाँत पर टोपी'),
    ('crown', 'mr', 'दाताला टोपी,दाताची टोपी,दातावर टोपी'),
    ('crown', 'mr-Latn', 'datala topi,datachi topi,datavar topi')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
