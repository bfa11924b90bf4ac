-- 079: understanding patients, round 16 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms and kb_stopwords rows (the languages hi, hi-Latn, mr, mr-Latn). No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout15; README "Round 16's languages" has the figures): the 302
-- answerable questions in Hindi, Marathi, their romanised forms and their mix with English that were missed, and the
-- 56 wrong answers in those languages; for each, the words the right entry misses (kb_explain). The lexicon's part:
-- a patient's phrase for a thing the lexicon knows by another phrase ("dard shuru ho jaye" for labour pains, "dawa
-- daalne ke baad" for the dilating drops, "chal nahi paati" for bedridden), a spelling (पेरेंट for पैरेंट), and words
-- that ask nothing but counted against the entry ("ek baar", once; पासून, from). The rest is the score's and the
-- entries' (who the patient is; "injection", "test" counted against an entry that does not name them; two entries
-- sharing their words: "frame kitne se shuru" at spectacles 0.725 / eye test 0.712).
-- Every family below was written from the languages (all the usual forms, not only the one a question used),
-- screened alone over every question of every spent set and kept only with no right answer lost, no question that
-- must stay unanswered answered and the intents identical message by message. +N: the right answers it adds.
-- Measured and NOT kept: "paryant" / पर्यंत alone as `timing` (-1: "home visit sathi kiti km paryant" asks a distance,
-- up to how many km; the phrases with a time, "vajta paryant", कधी पर्यंत, are kept as 8); "karu" / करू (do) and
-- "ghyayla" (to take) as stop words (three questions that must stay unanswered answered: "sugar 250 aa raha hai kya
-- karu", "bp 160 100 aa raha hai kya karu", "meri beti tiffin nahi khati kya karu": "what should I do" asks for advice
-- and must keep counting against an entry).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Labour pains that start (+10): "raat ko dard shuru ho jaye" (the pains start at night) read "dard" as a pain
--    and "shuru" as an unknown word against the entry about labour at night; "pain start ho gaya", "pains suru zhale",
--    कळा सुरू are the same question. "dard" alone stays a pain ("daant me dard").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'dard shuru,dard shuru ho,dard shuru ho jaye,dard shuru ho jae,dard shuru ho gaya,' ||
        'dard shuru ho gaye,dard shuru ho gayi,dard shuru hua,dard uthe,dard uth gaya,dard uthna,pain shuru,' ||
        'pain start,pain start ho gaya,pains shuru,pains start,prasav pida,prasav peeda,jachgi ka dard,' ||
        'delivery ka dard'),
    ('emergency', 'hi', 'दर्द शुरू,दर्द शुरू हो,दर्द शुरू हो जाए,दर्द शुरू हो गया,दर्द उठे,दर्द उठना,प्रसव पीड़ा,' ||
        'प्रसव का दर्द'),
    ('emergency', 'mr', 'कळा सुरू,कळा सुरु,कळा सुरू झाल्या,कळा येऊ लागल्या,प्रसूती कळा,प्रसूतीच्या कळा'),
    ('emergency', 'mr-Latn', 'kala suru,kala suru zalya,kala suru jhalya,pains suru,pains suru zhale,' ||
        'pain suru zhale,pain suru zale,prasuti kala')
) v(c, l, t);

-- 2. Once asks nothing (+7): "admission ke time ek baar kitna dena padega" counted "ek" and "baar" against the one-
--    time charge; "ek baar", एक बार, एकदाच (once) are left out, as "kitni baar" (how often) stays a duration.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi-Latn', 'ek baar,ek bar,ek hi baar,ek hi bar,ekbaar'),
    ('', 'hi', 'एक बार,एक ही बार'),
    ('', 'mr', 'एकदा,एकदाच,एकाच वेळी'),
    ('', 'mr-Latn', 'ekda,ekdach,ekach veli')
) v(c, l, t);

-- 3. The number one alone asks nothing (+9 alone, +2 beside 2): "uniform ka ek set", "ek daant missing hai".
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['ek', 'एक']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 4. Drops put in the eye (+5): "dawai daalne ke baad dhundhla dikhta hai" asks about the dilating drops, not a
--    medicine; only with the verb of putting drops in ("dawa daalne", डोळ्यात औषध), so "dawa" alone stays a medicine.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('dilation', 'hi-Latn', 'dawai dalne,dawai daalne,dawa dalne,dawa daalne,dawai daal,dawa daal,dawa daal ke,' ||
        'dawai daal ke,aankh me dawa,aankh mein dawa,aankh me dawai,aankh mein dawai,putli phailane,putli failane,' ||
        'putli phailana'),
    ('dilation', 'hi', 'दवा डालने,दवाई डालने,दवा डाल,दवाई डाल,आंख में दवा,आँख में दवा,आंख में दवाई,पुतली फैलाने,' ||
        'पुतली फैलाना'),
    ('dilation', 'mr', 'औषध टाकल्यावर,डोळ्यात औषध,डोळ्यात थेंब,थेंब टाकल्यावर,बाहुली मोठी'),
    ('dilation', 'mr-Latn', 'aushadh taklyavar,dolyat aushadh,dolyat themb,themb taklyavar')
) v(c, l, t);

-- 5. Someone coming in with the patient (+3): "mummy andar saath aa sakti hai", आत येता येईल (034 had "saath aa
--    sakte", "andar aa sakte" only).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('companion', 'hi-Latn', 'saath aa sakti,saath aa sakta,sath aa sakti,sath aa sakte,andar saath,andar sath,' ||
        'andar aa sakti,andar aa sakta,saath andar aa,saath reh sakti,saath reh sakta,saath reh sakte'),
    ('companion', 'hi', 'अंदर साथ,अंदर आ सकती,अंदर आ सकता,साथ रह सकती,साथ रह सकते'),
    ('companion', 'mr', 'आत येता येईल,सोबत येता येईल,आत सोबत,सोबत येता,आत येऊ शकते,सोबत येऊ शकतो,सोबत राहू शकते'),
    ('companion', 'mr-Latn', 'aat yeta yeil,sobat yeta yeil,aat sobat,sobat yeta,aat yeu shakte,sobat rahu shakte')
) v(c, l, t);

-- 6. Someone who gives advice (+3): "salla denari", सलाह देने वाली, मार्गदर्शन करणारे as `counsellor` (सल्ला alone
--    stays a consultation).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('counsellor', 'mr-Latn', 'salla denari,salla denara,salla denare,salla denarya,salla denaari,' ||
        'margdarshan karnari,margdarshan karnare'),
    ('counsellor', 'mr', 'सल्ला देणारी,सल्ला देणारा,सल्ला देणारे,सल्ला देणाऱ्या,मार्गदर्शन करणारी,' ||
        'मार्गदर्शन करणारे,मार्गदर्शन करणारा'),
    ('counsellor', 'hi-Latn', 'salah dene wali,salah dene wala,salah dene wale,salaah dene wali,salah deni wali,' ||
        'salah dene vali'),
    ('counsellor', 'hi', 'सलाह देने वाली,सलाह देने वाला,सलाह देने वाले,सलाह देने वालीं')
) v(c, l, t);

-- 7. A patient who cannot walk (+2): "mummy chal nahi paati" as `bedridden` (Devanagari had चल नहीं पाती).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bedridden', 'hi-Latn', 'chal nahi paati,chal nahi pati,chal nahi paate,chal nahi pate,chal nahi paata,' ||
        'chal nahi pata,chal nahi sakti,chal nahi sakte,chal nahi sakta,chalne me dikkat,chalne mein dikkat,' ||
        'chalne me taklif,bistar pe,bistar par'),
    ('bedridden', 'hi', 'चल नहीं पाती,चल नहीं पाते,चल नहीं पाता,चल नहीं सकती,चल नहीं सकते,चलने में दिक्कत,' ||
        'चलने में तकलीफ,बिस्तर पर'),
    ('bedridden', 'mr', 'चालू शकत नाही,चालता येत नाही,चालायला त्रास,अंथरुणावर,अंथरुणाला खिळलेले'),
    ('bedridden', 'mr-Latn', 'chalu shakat nahi,chalta yet nahi,chalayla tras,anthrunavar')
) v(c, l, t);

-- 8. Until what time in Marathi (+2): "kiti vajta paryant", कधी पर्यंत as `timing`; "paryant" alone (up to) is not:
--    "home visit sathi kiti km paryant" asks a distance.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'mr', 'कधी पर्यंत,कधीपर्यंत,वाजता पर्यंत,वाजेपर्यंत,वाजे पर्यंत,किती वाजेपर्यंत,किती वाजता पर्यंत'),
    ('timing', 'mr-Latn', 'kadhi paryant,kadhiparyant,vajta paryant,vaje paryant,kiti vaje paryant,' ||
        'kiti vajta paryant,vajeparyant')
) v(c, l, t);

-- 9. The parent-teacher meeting as it is spelled (+2): पेरेंट टीचर मीटिंग (the lexicon had पैरेंट), अभिभावकों की
--    मीटिंग, पालक शिक्षक सभा.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ptm', 'hi', 'पेरेंट टीचर मीटिंग,पेरेंट्स टीचर मीटिंग,पैरेंट्स टीचर मीटिंग,पेरेंट्स मीटिंग,पेरेंट मीटिंग,' ||
        'पैरेंट मीटिंग,अभिभावक शिक्षक बैठक,अभिभावक बैठक,अभिभावकों की मीटिंग,अभिभावकों की बैठक,मीटिंग अभिभावकों,' ||
        'पीटीएम मीटिंग'),
    ('ptm', 'hi-Latn', 'abhibhavak baithak,abhibhavak meeting,parents ki meeting,parent ki meeting,teacher se milna'),
    ('ptm', 'mr', 'पालक शिक्षक सभा,पालक शिक्षक बैठक,पालकांची मीटिंग,पालक मीटिंग,पालकसभा,पालकांची सभा'),
    ('ptm', 'mr-Latn', 'palak shikshak sabha,palakanchi meeting,palak meeting,palakanchi sabha')
) v(c, l, t);

-- 10. Holidays in the plural and in Marathi (+2): "sardi ki chhuttiyan" (read as a cold, `cough`), उन्हाळ्याची
--    सुट्टी.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('holiday', 'hi-Latn', 'sardi ki chhuttiyan,sardi ki chuttiyan,sardi ki chutti,sardiyon ki chhutti,' ||
        'sardiyon ki chhuttiyan,thand ki chhutti,thand ki chhuttiyan,garmi ki chhuttiyan,garmi ki chuttiyan,' ||
        'garmi ki chutti,garmiyon ki chhutti,garmiyon ki chhuttiyan,diwali ki chhuttiyan,diwali ki chutti'),
    ('holiday', 'hi', 'सर्दी की छुट्टी,सर्दी की छुट्टियां,सर्दी की छुट्टियाँ,सर्दियों की छुट्टियां,गर्मी की छुट्टी,' ||
        'गर्मी की छुट्टियां,गर्मी की छुट्टियाँ,गर्मियों की छुट्टियां,दिवाली की छुट्टियां,दिवाली की छुट्टी'),
    ('holiday', 'mr', 'उन्हाळ्याची सुट्टी,उन्हाळी सुट्टी,उन्हाळ्याच्या सुट्ट्या,हिवाळ्याची सुट्टी,हिवाळी सुट्टी,' ||
        'दिवाळीची सुट्टी,दिवाळीच्या सुट्ट्या'),
    ('holiday', 'mr-Latn', 'unhalyachi sutti,unhali sutti,hivalyachi sutti,hivali sutti,diwalichi sutti')
) v(c, l, t);

-- 11. From (+1): पासून, "pasun" ask nothing ("कधी पासून", from when).
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['पासून', 'pasun', 'paasun']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 12. Which day in Marathi (+1): "kuthlya divshi" was read as where; कुठल्या दिवशी, "kontya vari".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('day', 'mr', 'कुठल्या दिवशी,कुठला दिवस,कुठले दिवस,कुठल्या वारी,कोणत्या वारी'),
    ('day', 'mr-Latn', 'kuthlya divshi,kuthlya divashi,kuthlya diwshi,kuthalya divshi,kuthla divas,kuthle divas,' ||
        'kuthlya vari,kontya vari,konte vaar,kontya divashi')
) v(c, l, t);

-- 13. Which day, the other Marathi word (+1): "vaccination konte divshi aste" (029 had "konte divas"), कोणत्या वारी.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('day', 'mr', 'कोणत्या दिवशी,कोणते दिवशी,कोणता वार,कोणत्या वारी'),
    ('day', 'mr-Latn', 'konte divshi,konte divashi,kontya divshi,konta vaar,kontya vari,konte vaar')
) v(c, l, t);

-- 14. The screen of the eye (+1): आँख के पर्दे की जाँच, "aankh ka parda", डोळ्याचा पडदा are the retina.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('retina', 'hi-Latn', 'aankh ka parda,aankh ke parde,aankh ke parde ki,parde ki jaanch,parde ki janch,' ||
        'aankh ka parda check'),
    ('retina', 'hi', 'आँख का पर्दा,आंख का पर्दा,आंख के पर्दे,आँख के पर्दे,पर्दे की जांच,पर्दे की जाँच'),
    ('retina', 'mr', 'डोळ्याचा पडदा,डोळ्याच्या पडद्याची,डोळ्याच्या पडद्याची तपासणी,पडद्याची तपासणी'),
    ('retina', 'mr-Latn', 'dolyacha padda,dolyachya paddyachi,paddyachi tapasni')
) v(c, l, t);

-- 15. A squint as "aankh tedhi hai" (+1): 072 had "tedhi nazar" and टेढ़ी आंख; the eye named with the word, as 068
--    kept "tedhi" alone from the teeth.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('squint', 'hi-Latn', 'aankh tedhi,tedhi aankh,aankh tedi,tedi aankh,aankhein tedhi,tedhi aankhen,' ||
        'aankh tedhi hai,aankh bhengi hai'),
    ('squint', 'hi', 'आंख टेढ़ी,आँख टेढ़ी,टेढ़ी आँख,आंखें टेढ़ी,टेढ़ी आंखें')
) v(c, l, t);

-- 16. Putting on clothes (+4): "diaper pehnakar bhej sakte hain", पहनाकर, "pehen ke aana" as `wear`, a word of the
--    entries' own ("wear comfortable clothes"); the toilet-training entry's example "diaper pehna ke" now reads the
--    same, so "still wears diapers" reaches it too.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('wear', 'hi-Latn', 'pehen,pehenke,pehen ke,pehna,pehnake,pehna ke,pehnakar,pehnani,pehanna,pehne,pahan,pahen,' ||
        'pahenke,pahan ke,pehnana'),
    ('wear', 'hi', 'पहन,पहनकर,पहनाकर,पहनके,पहनना,पहनाना,पहनें,पहने,पहनाएं'),
    ('wear', 'mr', 'घालून,घालायचे,घालावे,घालायचा,घालायची'),
    ('wear', 'mr-Latn', 'ghalun,ghalayche,ghalave,ghalaycha')
) v(c, l, t);

-- 17. The Marathi "will the doctor be there" asks nothing (+2): "bhetatil", भेटतील, "bhetatat" beside 029's
--    "bhetel".
INSERT INTO kb_stopwords (word)
SELECT w FROM unnest(ARRAY['bhetatil', 'bhetatat', 'bhetnar', 'bhettil', 'bhetat',
                           'भेटतील', 'भेटतात', 'भेटेल', 'भेटणार']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms s WHERE s.term = w)
ON CONFLICT DO NOTHING;

-- 18. How much are they (+1, and one wrong answer right): "teeke kitne ke hai" asks the vaccines' prices, as "kitne
--    ka" / "kitne ki" did (the vaccination entry answered it before).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi-Latn', 'kitne ke,kitne ke hai,kitne ke hain,kitne ke hote'),
    ('fee', 'hi', 'कितने के,कितने के हैं')
) v(c, l, t);

-- 19. The heartbeat (+2): "dil ki dhadkan", धड़कन, हृदयाचे ठोके as `heart` (the Holter entry).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('heart', 'hi-Latn', 'dil ki dhadkan,dhadkan,dhadkane,dhadkanein,dil ki dhadkane,dil dhadakna,' ||
        'dil ki dhadkan tez'),
    ('heart', 'hi', 'धड़कन,दिल की धड़कन,धड़कनें,धडकन,दिल की धडकन'),
    ('heart', 'mr', 'हृदयाचे ठोके,हृदयाची धडधड,छातीत धडधड,धडधड'),
    ('heart', 'mr-Latn', 'hrudayache thoke,chhatit dhaddhad,dhaddhad')
) v(c, l, t);

-- 20. A wisdom tooth in chat spellings (+1): "akkal daad", अक्ल दाढ़, अक्कलदाढ (029 had "akal daad" only).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('wisdom tooth', 'hi-Latn', 'akkal daad,akkal daadh,akkal dadh,akkal dad,akal daadh,akal dadh,akkal dant,' ||
        'akkal ki daad,akal ki daadh'),
    ('wisdom tooth', 'hi', 'अक्कल दाढ़,अक्ल दाढ़,अकल दाढ़,अक्कल दाढ,अक्ल दाढ'),
    ('wisdom tooth', 'mr', 'अक्कलदाढ,अक्कल दाढ'),
    ('wisdom tooth', 'mr-Latn', 'akkaldadh,akkal daadh')
) v(c, l, t);

-- 21. Paying the fees (+1): "fees kaise bhare", फीस कैसे जमा करें, फी कशी भरायची ask how to pay, not what the fees
--    are.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'hi-Latn', 'fees kaise bhare,fees kaise bharein,fees bharna,fees bharni,fee bharna,fees kaise jama,' ||
        'fees jama karna,fees jama kare,fee jama karna,fees kaise de'),
    ('payment', 'hi', 'फीस कैसे जमा,फीस जमा करें,फीस जमा करना,फीस कैसे भरें,फीस भरना'),
    ('payment', 'mr', 'फी कशी भरायची,फी भरायची,फी भरणे,फी कशी भरू,फी जमा'),
    ('payment', 'mr-Latn', 'fee kashi bharaychi,fee bharaychi,fees kashi bharaychi,fee kashi bharu')
) v(c, l, t);

-- 22. What is going on (two wrong answers fewer): "kay chalu aahe", काय चालू आहे, "kya chal raha hai" is a greeting,
--    not the opening hours ("chalu", open); "clinic chalu aahe ka" stays a question about the hours.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'mr-Latn', 'kay chalu aahe,kay chalu ahe,kay chalay,kay challay,kay chalu aahe tumcha,kay challa'),
    ('', 'mr', 'काय चालू आहे,काय चाललंय,काय चालले आहे'),
    ('', 'hi-Latn', 'kya chal raha hai,kya chal rha hai,kya chal raha,kya chalra'),
    ('', 'hi', 'क्या चल रहा है')
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
