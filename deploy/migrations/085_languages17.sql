-- 085: understanding patients, round 17 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms rows (the languages hi, hi-Latn, mr, mr-Latn), like 079. No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout16; README "Round 17's languages"): the 254 answerable questions
-- in Hindi, Marathi, their romanised forms and their mix with English that were missed and the 50 wrong answers in
-- those languages (15 and 1 of them heldout16's), and for each the words the right entry misses (kb_explain). The
-- lexicon's part: a verb the lexicon knew in one form only ("nikalwana" but not निकलवाने; "gir gaya" but not गिर गया), a word it did not know at
-- all (वंध्यत्व, "trademil", "bhooka", "nas ka ilaaj" for a root canal), a phrase read word by word ("kitne baje chutti",
-- the time school lets out, read as a holiday; "polio ki dawa" as a medicine; "paise dyayla" as a fee; "chutti ke
-- liye", for sick leave, as a holiday) and one read wrongly (ईसीजी काढायचा, "take an ECG", as an extraction). The rest
-- is the score's and the entries' (two entries sharing their words: "report whatsapp pe milega" reports 0.899 /
-- second opinion 0.876, "motiyabind ka operation kaise hota hai" 0.654 / 0.636; who the patient is).
-- Every family below was written from the languages (all the usual forms in both scripts, not only the one a question
-- used), screened alone over every question and intent message of every spent set and kept only with no right
-- answer lost, no question that must stay unanswered answered, no wrong answer added and the intents identical
-- message by message. +N: the right answers it adds alone.
-- Measured and NOT kept: "chutti" with "office se", "din ki" and the Marathi रजा as `leave` (+3 but three right
-- answers lost, "स्कूल का ऑफिस कब खुलता है" at office_hours, and one must-not answered, "certificate me kitne din
-- ki chutti likhte ho"; kept narrowed to "chutti ke liye", 10); क्लास, वर्ग as `class` (a must-not answered: "क्लास 1
-- की फीस कितनी है" at the fees); "kitna door", किती लांब as `where` (an intent lost: "mera token number kitna door
-- hai" is the queue); तपासणीला, तपासणीसाठी as `test`, दाखवू as a consultation with वर left out, भेटीला as a
-- consultation, मीटिंग and अभिभावक as meet / parent, हृदय रोग डॉक्टर left out like "cardiologist" (no right answer
-- added: the entries miss other words).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. What to bring to the hospital (+4): "delivery ke liye hospital me kya kya saath lana hai", "kay kay gheun yave"
--    read as the delivery alone (029 had "kya kya lana" and "kya kya saman" only); क्या क्या लेकर आना, काय काय घेऊन
--    यायचे as `bag`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bag', 'hi-Latn', 'kya kya saath lana,kya kya sath lana,kya kya saath laana,kya kya sath laana,' ||
        'kya kya le ke aana,kya kya leke aana,kya kya lekar aana,kya kya saath le ke aana,kya kya saath laye,' ||
        'kya kya le ke aaye,kya kya leke aaye'),
    ('bag', 'hi', 'क्या क्या साथ लाना,क्या क्या लाना,क्या क्या लेकर आना,क्या क्या ले के आना,क्या क्या साथ लेकर आना'),
    ('bag', 'mr', 'काय काय घेऊन यावे,काय काय घेऊन यायचे,काय काय आणायचे,काय काय सोबत आणायचे,काय काय घेऊन येऊ'),
    ('bag', 'mr-Latn', 'kay kay gheun yave,kay kay gheun yaycha,kay kay gheun yayche,kay kay anayche,' ||
        'kay kay sobat anayche,kay kay gheun yeu')
) v(c, l, t);

-- 2. The time school lets out (+4): "playgroup ki chutti kitne baje hoti hai", "kitne baje chutti" read "chutti" as a
--    holiday beside "kitne baje" (068 had "chutti kitne baje" and "chutti ka time" only); छुट्टी कितने बजे, शाळा किती
--    वाजता सुटते. "chutti" alone stays a holiday ("kal ki chhutti hai kya").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'kitne baje chutti,kitne baje chhutti,kitne baje chuti,baje chutti,baje chhutti,' ||
        'chutti kitne baje,chhutti kitne baje,chuti kitne baje,chutti ka samay,chhutti ka samay,chutti ka timing,' ||
        'chhutti ka timing,chhutti kab hoti hai roz,school kitne baje chhootta,kitne baje chhootta,' ||
        'kitne baje chhut'),
    ('timing', 'hi', 'कितने बजे छुट्टी,छुट्टी कितने बजे,छुट्टी का समय,छुट्टी का टाइम,बजे छुट्टी,कितने बजे छूटता,' ||
        'कितने बजे छूटते'),
    ('timing', 'mr', 'किती वाजता सुटते,किती वाजता सुटतात,वाजता सुटते,शाळा सुटते,शाळा सुटण्याची वेळ,सुटण्याची वेळ'),
    ('timing', 'mr-Latn', 'kiti vajta sutte,kiti vajta suttat,vajta sutte,shala sutte,sutnyachi vel')
) v(c, l, t);

-- 3. The first visit (+3): "first time dikhane ki fees", पहिल्या भेटीला as a consultation (the lexicon had "pehli
--    baar" and पहिल्यांदा), with the spellings "pehli bar", "pahli baar", "pehli dafa".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'mr', 'पहिल्या भेटीला,पहिल्या भेटीचे,पहिल्या भेटीची,पहिल्या भेटीसाठी,पहिली भेट,पहिल्यांदा भेटायला'),
    ('consultation', 'mr-Latn', 'pahilya bhetila,pahilya bhetiche,pahilya bhetisathi,pahili bhet,pahilyanda bhetayla'),
    ('consultation', 'hi-Latn', 'first time dikhane,first time dikhana,first time dikhaana,pehli bar,pahli baar,' ||
        'pahli bar,pehli dafa,pahli dafa,pehli baar dikhane,pehli bar dikhane,pehli baar aa,pehli bar aa'),
    ('consultation', 'hi', 'पहली बार दिखाने,पहली दफा,पहली दफ़ा,पहली बार आ')
) v(c, l, t);

-- 4. Paying in Marathi (+3): "upi ne paise deu shakto ka", "paise dyayla", पैसे देऊ शकतो ask how to pay, not a fee
--    (029 had पैसे द्यायचे and "paise bharu shakto").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'mr-Latn', 'paise dyayla,paise dyaycha,paise dyayche,paise deu,paise deu shakto,paise deu shakte,' ||
        'paise bharu,paise bharayla,paise bharaycha,paise kase dyayche,paise kase bharayche'),
    ('payment', 'mr', 'पैसे द्यायला,पैसे द्यायचा,पैसे देऊ,पैसे देऊ शकतो,पैसे देऊ शकते,पैसे भरू,पैसे भरायला,' ||
        'पैसे कसे द्यायचे,पैसे कसे भरायचे')
) v(c, l, t);

-- 5. Infertility (+2): वंध्यत्व, "vandhyatva var upchar" (a word the lexicon lacked), "bachha nahi ho raha" in the
--    spellings 029 did not have, बांझपन, मूल होत नाही, as `ivf` (the infertility entry).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ivf', 'mr', 'वंध्यत्व,वंध्यत्वावर,वंध्यत्वासाठी,वंध्यत्वाचे,वंध्यत्वाचा,मूल होत नाही,मूल राहत नाही,दिवस राहत नाहीत'),
    ('ivf', 'mr-Latn', 'vandhyatva,vandhyatv,vandhyatwa,vandhyatvavar,vandhyatvasathi,vandhyatvache,mul rahat nahi,' ||
        'divas rahat nahit'),
    ('ivf', 'hi', 'बांझपन,बाँझपन,बच्चा नहीं हो रहा,बच्चा नहीं हो पा रहा,बच्चा नहीं ठहर रहा,गर्भ नहीं ठहर रहा,' ||
        'प्रेगनेंसी नहीं हो रही'),
    ('ivf', 'hi-Latn', 'bachha nahi ho raha,bachha nahi ho rha,bachcha nahi ho rha,baccha nahi ho rha,' ||
        'bacha nahi ho rha,bachha nahi ho pa raha,bachcha nahi ho pa raha,baccha nahi ho pa raha,' ||
        'bachha nahi hota,bachcha nahi hota,baccha nahi hota,pregnancy nahi ho rahi,pregnant nahi ho pa rahi,' ||
        'pregnant nahi ho rahi,garbh nahi thahar raha,baanjhpan,banjhapan')
) v(c, l, t);

-- 6. Polio drops (+2): "polio ki dawa pilate ho", "polio drops pilana hai" read as a medicine and as "drops" (drop
--    off); the polio vaccine, as the vaccination entry says it ("is the polio vaccine available").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('polio vaccine', 'hi-Latn', 'polio ki dawa,polio ki dawai,polio ki dava,polio drops,polio drop,polio ki boond,' ||
        'polio ki boonde,polio ki boondein,polio ki bunde,polio ki khurak,polio dose,polio pilana,polio pilane,' ||
        'polio pilate,polio pilwana,polio ki dawa pilana,polio ki dawa pilate,polio ki dawa pilane,' ||
        'polio drops pilana,polio drops pilane,polio drops pilate,polio ki khurak pilana'),
    ('polio vaccine', 'hi', 'पोलियो की दवा,पोलियो की दवाई,पोलियो ड्रॉप्स,पोलियो ड्रॉप,पोलियो की बूंद,पोलियो की बूंदें,' ||
        'पोलियो की खुराक,पोलियो पिलाना,पोलियो पिलाने,पोलियो पिलाते,पोलियो की दवा पिलाना,पोलियो की दवा पिलाते'),
    ('polio vaccine', 'mr', 'पोलिओ डोस,पोलिओचा डोस,पोलिओचे डोस,पोलिओचे थेंब,पोलिओ ड्रॉप्स,पोलिओ पाजायचा,पोलिओ पाजणे'),
    ('polio vaccine', 'mr-Latn', 'polio dos,poliocha dose,polioche dose,polioche themb,polio pajaycha,polio pajne')
) v(c, l, t);

-- 7. A root canal as patients say it (+2): "nas ka ilaaj", "nas wala ilaaj" (the nerve treatment), नस का इलाज,
--    दाताची नस.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('rct', 'hi-Latn', 'nas ka ilaaj,nas ka ilaj,nas wala ilaaj,nas wala ilaj,nas vala ilaaj,nas ka treatment,' ||
        'nas wala treatment,nas ki safai,nas saaf,nasein saaf,naso ka ilaaj,nason ka ilaaj'),
    ('rct', 'hi', 'नस का इलाज,नस वाला इलाज,नस का ट्रीटमेंट,नसों का इलाज,नस की सफाई'),
    ('rct', 'mr', 'नसांचा उपचार,नसेचा उपचार,नस काढणे,दाताची नस'),
    ('rct', 'mr-Latn', 'nasancha upchar,nasecha upchar,datachi nas')
) v(c, l, t);

-- 8. Sick leave (+2): "medical certificate chahiye chutti ke liye" read "chutti" as a holiday the certificate entry
--    does not name; "chutti ke liye" (for leave), छुट्टी के लिए, रजेसाठी as `leave` (the entry: "sick leave
--    certificate"). Only with "ke liye": "kitne din ki chutti" stays unanswered.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('leave', 'hi-Latn', 'chutti ke liye,chhutti ke liye,chuti ke liye,chutti lene ke liye,chhutti lene ke liye'),
    ('leave', 'hi', 'छुट्टी के लिए,छुट्टी के लिये,छुट्टी लेने के लिए'),
    ('leave', 'mr', 'रजेसाठी,रजा घेण्यासाठी,सुट्टीसाठी'),
    ('leave', 'mr-Latn', 'rajesathi,raja ghenyasathi,suttisathi')
) v(c, l, t);

-- 9. Hungry before a test (+2): "bhooka rehna", "bhookha rehna" (the lexicon had "bhukha", "bhooke pet"), भूखा,
--    भूखे पेट as `fasting`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fasting', 'hi-Latn', 'bhooka,bhooke,bhookhe,bhuka,bhukhe,bhooki,bhookhi,bhukhi,bhooka rehna,bhookha rehna,' ||
        'bhooke rehna,bhookhe rehna,bhukha rehna,bhukhe rehna,bhooka rahna,bhookha rahna,bhukha rahna,bhooke pet,' ||
        'bhookhe rahna,khali pet rehna,khaali pet'),
    ('fasting', 'hi', 'भूखा,भूखे,भूखी,भूखा रहना,भूखे रहना,भूखे पेट,भूखा रहना है,खाली पेट,खाली पेट आना')
) v(c, l, t);

-- 10. A grandmother is a senior patient (+2): "dadi ke liye", "nani", दादी, आजी alone (the lexicon had "dadi ji",
--     "nani ji", आजीला).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('senior', 'hi-Latn', 'dadi,daadi,dadi maa,dadima,daadi maa,nani,naani,naani maa,dadi ke liye,nani ke liye'),
    ('senior', 'hi', 'दादी,नानी,दादी के लिए,नानी के लिए'),
    ('senior', 'mr', 'आजी,आजीबाई'),
    ('senior', 'mr-Latn', 'ajji,aji,aajibai')
) v(c, l, t);

-- 11. Having a tooth pulled in every form (+1): अक्ल दाढ़ निकलवाने (the lexicon had "nikalwane" in Latin letters and
--     निकलवाना), "daant nikaalna", दात काढायचा.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('extraction', 'hi-Latn', 'nikalwani,nikalwaye,nikalwaya,nikalwayi,nikalwaana,nikalwaane,nikalvane,nikalvani,' ||
        'nikalwa do,nikalwa dena,nikalwa sakte,daant nikaalna,daant nikalna,daant nikaal,daant nikal do,' ||
        'daant nikalwa,daad nikalwani,daad nikalwana,daadh nikalwani'),
    ('extraction', 'hi', 'निकलवाने,निकलवानी,निकलवाना,निकलवाया,निकलवाई,निकलवा,निकलवाएं,दांत निकालना,दाँत निकालना,' ||
        'दांत निकलवाना,दाँत निकलवाना,दाढ़ निकलवानी,दाढ़ निकलवाना,दांत निकाल'),
    ('extraction', 'mr', 'दात काढायचा,दात काढायचे,दात काढणे,दात काढून,दात काढता,दाढ काढायची,दाढ काढणे'),
    ('extraction', 'mr-Latn', 'daat kadhaycha,daat kadhayche,dat kadhaycha,daat kadhne,daat kadhun,dadh kadhaychi')
) v(c, l, t);

-- 12. Something fell in the eye (+1): आंख में कुछ गिर गया (the lexicon had "gir gaya" in Latin letters), "kachra
--     chala gaya", डोळ्यात काहीतरी गेले as `into` (the eye emergency entry: "something goes into the eye").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('into', 'hi', 'गिर गया,गिर गई,गिर गयी,कुछ गिर गया,कुछ चला गया,चला गया,कुछ घुस गया,घुस गया,कचरा चला गया,' ||
        'कचरा गिर गया,कुछ पड़ गया'),
    ('into', 'hi-Latn', 'gir gayi,gir gai,ghus gaya,kuch ghus gaya,kachra chala gaya,kachra gir gaya,kuch pad gaya,' ||
        'kuchh gir gaya,kuchh chala gaya,kachra pad gaya'),
    ('into', 'mr', 'काहीतरी गेले,काहीतरी गेलं,काही तरी गेले,कचरा गेला,कचरा गेले,डोळ्यात काहीतरी,डोळ्यात कचरा'),
    ('into', 'mr-Latn', 'kahitari gela,kahitari gele,kahi tari gele,kachra gela,dolyat kahitari,dolyat kachra')
) v(c, l, t);

-- 13. The treadmill as spelled (+1): "trademil test", "tredmil", ट्रेडमिल as the TMT.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tmt', 'hi-Latn', 'trademil,trademill,tredmil,tredmill,treadmil,tread mill,trade mill,tred mil,' ||
        'trademil test,tredmil test,treadmil test'),
    ('tmt', 'hi', 'ट्रेडमिल,ट्रेड मिल,ट्रेडमिल टेस्ट,ट्रेडमील'),
    ('tmt', 'mr', 'ट्रेडमिल,ट्रेडमिल चाचणी,ट्रेडमिल टेस्ट')
) v(c, l, t);

-- 14. Where to park in Marathi (+1): "बाईक कुठे लावायची", "gadi kuthe lavaychi"; गाड़ी कहाँ खड़ी in Hindi.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('parking', 'mr', 'गाडी कुठे लावायची,गाडी कुठे लावू,बाईक कुठे लावायची,बाइक कुठे लावायची,कुठे लावायची,' ||
        'कुठे लावायचा,कुठे लावू,गाडी लावायची,गाडी लावायला,बाईक लावायची,गाडी पार्क,बाईक,बाइक,स्कूटर'),
    ('parking', 'mr-Latn', 'gadi kuthe lavaychi,gaadi kuthe lavaychi,gadi kuthe lavu,bike kuthe lavaychi,' ||
        'kuthe lavaychi,kuthe lavaycha,gadi lavaychi,gadi lavayla,bike lavaychi'),
    ('parking', 'hi', 'गाड़ी कहाँ लगाएं,गाड़ी कहां लगाएं,गाड़ी कहाँ खड़ी,गाड़ी कहां खड़ी,बाइक कहाँ लगाएं,गाड़ी खड़ी'),
    ('parking', 'hi-Latn', 'gaadi kaha lagaye,gadi kaha lagaye,gaadi kahan lagaye,gadi kahan khadi,gaadi kaha khadi,' ||
        'gaadi khadi,gadi khadi,bike kaha lagaye,bike kahan khadi')
) v(c, l, t);

-- 15. Small children (+1): "chhote bachon ke daant" read "chhote" as an unknown word; छोटे बच्चे, लहान मुले.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('child', 'hi-Latn', 'chhote bachon,chhote bachche,chhote bacche,chote bachon,chote bacche,chote bachche,' ||
        'chhote bachhe,chote bachhe,chhote bache,chhota bachcha,chhota baccha,chota bacha'),
    ('child', 'hi', 'छोटे बच्चों,छोटे बच्चे,छोटा बच्चा,छोटे बच्चों के'),
    ('child', 'mr', 'लहान मुलांचे,लहान मुलांच्या,लहान मुले,लहान मुलांना,लहान मूल')
) v(c, l, t);

-- 16. Taking an ECG in Marathi (+1): ईसीजी काढायचा was read as an extraction (029: काढायचा, to take out); an
--     ECG or an X-ray taken is that test.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ecg', 'mr', 'ईसीजी काढायचा,ईसीजी काढायचा आहे,ईसीजी काढायचे,ईसीजी काढून,ईसीजी काढतात'),
    ('ecg', 'mr-Latn', 'ecg kadhaycha,ecg kadhayche,ecg kadhaychi,ecg kadhun,ecg kadhtat'),
    ('xray', 'mr', 'एक्स रे काढायचा,एक्सरे काढायचा,एक्स रे काढायचे,एक्सरे काढायचे,एक्स रे काढतात'),
    ('xray', 'mr-Latn', 'x ray kadhaycha,xray kadhaycha,x ray kadhayche,xray kadhayche,xray kadhtat')
) v(c, l, t);

-- 17. Sitting apart in Marathi (+1): "वेगळी बसायची जागा" (a separate place to sit), where बसायची was corrected to
--     बदलायची (to change, a reschedule); वेगळे बसतात, "alag bithate" as `separate` (072 had "alag baithte").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('separate', 'mr', 'वेगळी बसायची जागा,वेगळी बसण्याची जागा,वेगळे बसायची,वेगळे बसतात,वेगळी जागा,वेगळे बसवता,' ||
        'वेगळं बसवता,वेगळी बसायची'),
    ('separate', 'mr-Latn', 'vegli basaychi jaga,vegli basnyachi jaga,vegle bastat,vegli jaga,vegle basavta'),
    ('separate', 'hi', 'अलग बैठने की जगह,अलग बैठते,अलग बिठाते,अलग जगह'),
    ('separate', 'hi-Latn', 'alag baithne ki jagah,alag bithate,alag jagah,alag baithate')
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
