-- 132: understanding patients, round 27 (issue 19): romanised Hindi, Hindi in Devanagari, Marathi (both scripts) and
-- code-mixed rows for every tenant of tests/kb_eval/clinics.json and kb.json. Data only: global kb_synonyms and
-- kb_stopwords rows, like 118, 126 and 127. No function is changed (no cost to time).
--
-- WRITTEN FROM THE ENTRIES AND THE LANGUAGE: for the entries where the spent sets' hi-Latn / hi / mr / mixed misses
-- were most (227 such misses over dev .. heldout26: the cataract's procedure and after-care, the children's dentist,
-- the echo, the CCTV, the dentures, the walk-in, the teleconsultation, the reports, the TMT's preparation ...), how
-- patients and parents ask for that answer: kb_explain showed what the misses share (a word left over beside the
-- concept: "नकली", "लाइव", "direct", "kaam", "wapas", "din"; a word read as another entry's: "operation ke baad" the
-- after-care's, "jaanch" a test, "injection" beside the echo; a Marathi sentence whose every word was dropped), and
-- each family is written for the phrase as people say it, in the four scripts and spellings, not for one question.
-- SCREENED all together, choice by choice against main (154f139) in one rolled back transaction, over every question
-- and intent message of dev .. heldout26 (17,759 questions, 5,443 intent messages): right 12,057 -> 12,096 of 12,769
-- (+39: 29 romanised Hindi, 7 Hindi, 3 Marathi), wrong 118 -> 118, none lost, no must-not answered, no wrong answer
-- added, the intents identical message by message. heldout26 536 -> 546 of 581 (recall 0.923 -> 0.940, wrong 10
-- both); heldout22 509 -> 513 of 568 (recall 0.896 -> 0.903: the last spent set below the goal meets it); heldout25
-- 536 -> 539 of 577; heldout9, heldout10 +3; heldout6, 7, 23, 24 +2; heldout, 5, 11, 12, 14, 15, 18, 20 +1.
-- Alone, over the questions and intent messages holding each family's rarest words: 1 +2, 2 +1, 3 +3, 4 0 (for
-- unseen text), 18 +1, 19 +1, none lost, no wrong added, intents identical; the others were screened together only
-- (their alone runs were cut short by the clock), and a first all-together screen of a larger set is what found the
-- rows measured and not kept below.
-- MEASURED AND NOT KEPT: "इंजेक्शन" alone as `injection` (7 lost with it: "do you give the injection
-- that prevents cervical cancer", "is echo painful, do they put injection", "injection ke kitne paise lagte hai vaccination
-- wale"; the concept row changed how the word is read); "injection lagta hai kya" as `pain` without the "me" before it (9 lost: "typhoid ka injection lagta hai
-- kya" asks for the vaccine); "dono", "दोनों" dropped (2 must-nots answered: "cataract dono aankh ek saath ho sakta
-- hai", "ptm me dono parents aana zaroori hai kya", beside 3 wins); "bacho ka dentist" (2 lost: "bacho" became a lexicon
-- word and was no longer corrected: "bacho ki aankh kis din dekhte hai"); "office kab ja sakte", "ऑफिस कब जा सकते" as
-- `duration` (6 lost: the school office's hours, "स्कूल का ऑफिस कब खुलता है"); the joined "ऑपरेशननंतर कामावर" (2 lost:
-- "ऑपरेशननंतर परत कधी दाखवायचे" no longer corrected); "opd kab hai", "ओपीडी कब" as `timing` (+3, but a must-not
-- answered: "dr venkatesh ka opd kab hai"); eating before a test ("se pehle khana kha sakte", "pehle nashta kar sakte",
-- "पहले कुछ खा सकते") as `fasting` (+2, 20 lost: "tmt se pehle nashta kar sakte hai kya" is the TMT's preparation).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Bringing someone along: Marathi "सोबत घेऊन आले तर", "sobat yeu shakte", Hinglish "saath la sakte", "saath mein kisi
--    ko", "साथ आ सकती" as `companion` (the Marathi words were all dropped: "आईला" alone was left, no entry holds it).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('companion', 'mr', 'सोबत घेऊन आले,सोबत घेऊन आलो,सोबत घेऊन येऊ,सोबत घेऊन यायचे,सोबत आणू शकते,सोबत आणू शकतो,सोबत आणले तर,सोबत येऊ शकते,सोबत येऊ शकतो,सोबत कोणी येऊ'),
    ('companion', 'mr-Latn', 'sobat gheun aale,sobat gheun aalo,sobat gheun yeu,sobat aanu shakte,sobat aanu shakto,sobat yeu shakte,sobat yeu shakto,sobat koni yeu'),
    ('companion', 'hi-Latn', 'saath le kar aa,saath leke aa,saath lekar aa,sath leke aa,sath lekar aa,saath la sakte,saath la sakti,sath la sakte,saath me kisi ko,saath mein kisi ko,sath me kisi ko,saath aa sakte,saath aa sakti,sath aa sakte'),
    ('companion', 'hi', 'साथ लेकर आ,साथ ला सकते,साथ ला सकती,साथ में किसी को,साथ आ सकते,साथ आ सकती')
) v(c, l, t);

-- 2. What clothes to bring: "काय कपडे आणायचे", "konte kapde nyayche", "kaunse kapde lane" as `bag`, like 127's "kya
--    kapde lane" ("कपडे" alone read clothes, which the sex-determination entry's answer names).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bag', 'mr', 'काय कपडे आणायचे,काय कपडे न्यायचे,कोणते कपडे आणायचे,कोणते कपडे न्यायचे'),
    ('bag', 'mr-Latn', 'kay kapde aanayche,kay kapde anayche,kay kapde nyayche,konte kapde aanayche,konte kapde nyayche'),
    ('bag', 'hi-Latn', 'kya kapde laye,kya kapde le jaye,kaunse kapde lane,kaunse kapde laye,kaun se kapde lane'),
    ('bag', 'hi', 'कौन से कपड़े लाने,कौनसे कपड़े लाने,क्या कपड़े ले जाएं,क्या कपड़े लाएं')
) v(c, l, t);

-- 3. Watching the child live: "phone pe live dekh sakte", "bacche ko live dekh", "लाइव देख", "कैमरे में देख", Marathi
--    "live pahta yeil" as `cctv` ("लाइव" was left over; "phone" after "live dekh sakte" missed).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cctv', 'hi-Latn', 'live dekh sakte hai phone pe,live dekh sakte hai kya phone pe,live dekh sakti hu phone pe,live dekh sakte phone pe,live dekh sakte hain phone pe,phone pe live,phone par live,mobile pe live,phone pe camera,phone par camera,live camera,camera live,live video dekh,live dekhte,phone pe live dekh,phone par live dekh,phone pe live dekh sakte,phone par live dekh sakte,mobile pe live dekh sakte,bacche ko live dekh,bachche ko live dekh,bache ko live dekh,bacche ko live dekh sakte,bachche ko live dekh sakte,bacche ko camera me dekh,bacche ko phone pe dekh'),
    ('cctv', 'hi', 'लाइव देख सकते,लाइव देख,लाइव कैमरा,कैमरे में देख,फोन पर लाइव,मोबाइल पर लाइव,लाइव वीडियो,बच्चे को लाइव देख,बच्चे को लाइव देख सकते,बच्चे को कैमरे में देख,फोन पर लाइव देख सकते'),
    ('cctv', 'mr', 'लाइव्ह पाहता येईल,लाइव पाहता येईल,फोनवर लाइव्ह,फोनवर लाइव,कॅमेऱ्यात पाहता,मुलाला लाइव्ह पाहता येईल,मुलाला फोनवर पाहता येईल'),
    ('cctv', 'mr-Latn', 'live pahta yeil,live baghta yeil,phone var live,phonevar live,mulala live pahta yeil,mulala phone var baghta yeil')
) v(c, l, t);

-- 4. Coming straight in: "direct aa sakte", "seedha aa jaye", "सीधे आ सकते", Marathi "थेट येऊ का", "thet aalo tar" as
--    `queue`, like "bina appointment ke aa" ("direct" was left over, the walk-in entry one word short).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('queue', 'hi-Latn', 'direct aa jaye,direct aa jaaye,direct aa sakte,direct aa sakta,direct aa sakti,direct aana,direct aaye,seedha aa sakte,seedhe aa sakte,sidha aa sakte,sidhe aa sakte,seedha aa jaye,sidhe aa jaye,directly aa sakte'),
    ('queue', 'hi', 'सीधे आ सकते,सीधे आ जाएं,सीधा आ सकते,डायरेक्ट आ सकते,डायरेक्ट आ जाएं'),
    ('queue', 'mr', 'थेट येऊ शकतो,थेट येऊ का,थेट आलो तर,थेट आले तर,डायरेक्ट येऊ'),
    ('queue', 'mr-Latn', 'thet yeu shakto,thet yeu ka,thet aalo tar,thet aale tar,direct yeu ka,direct yeu shakto')
) v(c, l, t);

-- 5. The children's dentist: "bachon ke daant ke doctor", "bacchon ka dentist", "बच्चों के दाँत देखने वाले",
--    "मुलांचे दातांचे डॉक्टर" as `child` (they read child + tooth + a timing, and the timings entry beat the children's;
--    not "bacho ...": a phrase word is no longer corrected, and "bacho ki aankh" lost the children's eye entry).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('child', 'hi-Latn', 'bacchon ka dentist,bachon ka dentist,bachchon ka dentist,bacchon ke daant ke doctor,bachon ke daant ke doctor,bachchon ke daant ke doctor,bachon ke daanton ke doctor,bacchon ke daant ka doctor,bachon ke daant ka doctor,bachon ke daant dekhne wale,bacchon ke daant dekhne wale'),
    ('child', 'hi', 'बच्चों के दाँत का डॉक्टर,बच्चों के दांत का डॉक्टर,बच्चों के दाँत के डॉक्टर,बच्चों के दांत के डॉक्टर,बच्चों के दाँत देखने वाले,बच्चों के दांत देखने वाले,बच्चों का डेंटिस्ट'),
    ('child', 'mr', 'मुलांचे दातांचे डॉक्टर,लहान मुलांचे दातांचे डॉक्टर,मुलांचा डेंटिस्ट'),
    ('child', 'mr-Latn', 'mulanche datanche doctor,mulancha dentist,lahan mulanche dentist')
) v(c, l, t);

-- 6. False teeth: "नकली दांत (का सेट)", "बत्तीसी", "nakli daant ka set", Marathi "कवळी", "khote dat" as `denture`
--    ("नकली" was left over beside 112's "दांत का सेट").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('denture', 'hi', 'नकली दांत का सेट,नकली दाँत का सेट,नकली दांतों का सेट,नकली दाँतों का सेट,नकली दांत,नकली दाँत,नकली दांतों,नकली दाँतों,बत्तीसी,बत्तिसी,दांतों का सेट,दाँतों का सेट'),
    ('denture', 'hi-Latn', 'nakli daant ka set,nakli dant ka set,nakli daanton ka set,nakli dant,nakli daat,nakli daanton,nakli danton,daanton ka set,danton ka set,batisi'),
    ('denture', 'mr', 'कवळी,कृत्रिम दात,खोटे दात,दातांची कवळी'),
    ('denture', 'mr-Latn', 'kavli,kawali,kavali,khote dat,khote daat,krutrim dat')
) v(c, l, t);

-- 7. Getting an injection: "इंजेक्शन लग जाएगा", "injection lagwa sakte", "injection lag jayega" as `vaccine`, like
--    126's "इंजेक्शन लगवाना". Not "इंजेक्शन" alone as `injection`: measured, header.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('vaccine', 'hi', 'इंजेक्शन लग जाएगा,इंजेक्शन लगवा सकते,इंजेक्शन लगवाना है,इंजेक्शन लगवा दीजिए'),
    ('vaccine', 'hi-Latn', 'injection lag jayega,injection lag jaega,injection lag jaayega,injection lagwa sakte,injection lagwa do,injection lagwa dijiye')
) v(c, l, t);

-- 8. Back to work: "kaam pe kab ja sakte", "काम पर कब जा सकते", "कामावर कधी जाऊ" as `duration`, and after an operation
--    ("operation ke baad kab kaam pe ja sakte", "ऑपरेशन के बाद काम पर कब जा सकते") as `surgery duration`, like the English
--    "go back to work after cataract surgery" (the after-care entry took "operation ke baad" and "kaam" was left over).
--    Not "office ...", not the joined "ऑपरेशननंतर": measured, header.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('duration', 'hi-Latn', 'kaam pe kab ja sakte,kaam par kab ja sakte,kaam pe ja sakte,kaam par ja sakte,kab kaam pe ja sakte,kab kaam par ja sakte,kaam pe kab jaa sakte,kaam pe wapas kab'),
    ('duration', 'hi', 'काम पर कब जा सकते,काम पर जा सकते,कब काम पर जा सकते,काम पर कब लौट'),
    ('duration', 'mr', 'कामावर कधी जाऊ,कामावर कधी जाता येईल,कामावर जाता येईल'),
    ('duration', 'mr-Latn', 'kamavar kadhi jau,kamavar kadhi jata yeil,kamavar jata yeil')
) v(c, l, t);
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('surgery duration', 'hi-Latn', 'operation ke baad kab kaam pe ja sakte,operation ke baad kaam pe kab ja sakte,operation ke baad kab kaam par ja sakte,operation ke baad kaam par kab ja sakte,operation ke baad kitne din me kaam pe ja sakte,operation ke baad kitne din mein kaam pe ja sakte,operation ke baad kaam pe ja sakte'),
    ('surgery duration', 'hi', 'ऑपरेशन के बाद काम पर कब जा सकते,ऑपरेशन के बाद कब काम पर जा सकते,ऑपरेशन के बाद कितने दिन में काम पर जा सकते,ऑपरेशन के बाद काम पर जा सकते'),
    ('surgery duration', 'mr', 'ऑपरेशन नंतर कामावर कधी जाऊ,ऑपरेशन नंतर कामावर कधी जाता येईल'),
    ('surgery duration', 'mr-Latn', 'operation nantar kamavar kadhi jau,operation nantar kamavar kadhi jata yeil')
) v(c, l, t);

-- 9. Speaking on the phone, Marathi: "फोनवर बोलता येईल", "phone var salla", "फोनवर बोलून" as `online`, like 126's "phone
--    var dakhavta" ("बोलता येईल का" read talk, the staff's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('online', 'mr', 'फोनवर बोलता येईल,फोनवर बोलू शकतो,फोनवर बोलू शकते,फोनवर सल्ला,फोनवरून सल्ला,फोनवर बोलून'),
    ('online', 'mr-Latn', 'phone var bolta yeil,phonevar bolta yeil,phone var bolu shakto,phone var salla,phonevar salla,phone varun salla,phone var bolun')
) v(c, l, t);

-- 10. A tooth check-up: "दांत जांच", "दाँतों की जाँच", "daant dikhane", "daant ki jaanch", Marathi "दात तपासणी" as `tooth
--     consultation`, like the English "tooth checkup" ("जांच" read a test: the cleaning and the extraction tied).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth consultation', 'hi', 'दांत जांच,दाँत जाँच,दांत की जांच,दाँत की जाँच,दांतों की जांच,दाँतों की जाँच,दांत चेकअप,दांत दिखाने,दाँत दिखाने'),
    ('tooth consultation', 'hi-Latn', 'daant ki jaanch,dant ki jaanch,daant ki janch,daanton ki jaanch,daant check karwana,daant checkup,daant dikhane,daant dikhana,dant dikhane,daant dikhane ki fees'),
    ('tooth consultation', 'mr', 'दात तपासणी,दातांची तपासणी,दात तपासायचे,दात दाखवायचे'),
    ('tooth consultation', 'mr-Latn', 'dat tapasni,datanchi tapasni,daat tapasni,dat dakhvayche,daat dakhvayche')
) v(c, l, t);

-- 11. Is there a needle: "<test> me injection lagta hai kya", "sui lagti hai kya", "सुई चुभती है क्या", "सुई टोचतात का"
--     as `pain`, like "is echo painful" (the echo's answer: no needles). Only after "me"/"mein" for the injection: "typhoid
--     ka injection lagta hai kya" asks for the vaccine (measured, header).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('pain', 'hi-Latn', 'me injection lagta hai kya,mein injection lagta hai kya,me injection lagti hai kya,mein injection lagti hai kya,me sui lagti hai kya,mein sui lagti hai kya,sui lagti hai kya,sui lagta hai kya,sui chubhti hai kya,needle lagti hai kya,needle lagta hai kya'),
    ('pain', 'hi', 'में इंजेक्शन लगता है क्या,में सुई लगती है क्या,सुई लगती है क्या,सुई चुभती है क्या'),
    ('pain', 'mr', 'सुई टोचतात का,सुई लागते का'),
    ('pain', 'mr-Latn', 'sui tochtat ka,sui lagte ka')
) v(c, l, t);

-- 12. Giving a device back: "kab wapas karna", "कब लौटाना", "कधी परत करायचे" dropped, like the English "return the
--     holter" ("wapas" read again: the Holter entry one word short).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi-Latn', 'kab wapas karna,kab wapas karni,kab wapas karna hai,kab wapas karni hai,wapas kab karna,wapas kab karni,kab wapas dena,kab wapas deni,kab lautana,kab lautani'),
    ('', 'hi', 'कब वापस करना,कब वापस करनी,कब लौटाना,कब लौटानी'),
    ('', 'mr', 'कधी परत करायचे,कधी परत करायची,कधी परत द्यायचे'),
    ('', 'mr-Latn', 'kadhi parat karaycha,kadhi parat karaychi,kadhi parat dyaycha')
) v(c, l, t);

-- 13. Reports sent to the phone: "report phone pe bhej", "report whatsapp pe milegi", "रिपोर्ट फोन पर भेज", "रिपोर्ट
--     फोनवर पाठवा" as `report message`, like the English "report on whatsapp" (the ECG entry beat the reports').
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('report message', 'hi-Latn', 'report phone pe bhej,report phone par bhej,report mobile pe bhej,report whatsapp pe bhej,report whatsapp par bhej,report whatsapp kar,reports phone pe bhej,reports whatsapp pe bhej,report phone pe milegi,report phone pe milega,report whatsapp pe milegi,report whatsapp pe milega'),
    ('report message', 'hi', 'रिपोर्ट फोन पर भेज,रिपोर्ट मोबाइल पर भेज,रिपोर्ट व्हाट्सएप पर भेज,रिपोर्ट व्हाट्सऐप पर,रिपोर्ट फोन पर मिलेगी,रिपोर्ट व्हाट्सएप पर मिलेगी'),
    ('report message', 'mr', 'रिपोर्ट फोनवर पाठवा,रिपोर्ट व्हॉट्सॲपवर,रिपोर्ट व्हाट्सअ‍ॅपवर,रिपोर्ट फोनवर मिळेल'),
    ('report message', 'mr-Latn', 'report phone var pathva,report whatsapp var pathva,report phonevar milel,report whatsapp var milel')
) v(c, l, t);

-- 14. Suddenly very ill: "tabiyat bahut kharab", "tabiyat achanak bigad", "हालत बहुत खराब", "तब्येत खूप बिघडली" as
--     `emergency`, like the English "very sick" ("kharab" was left over). Only with "bahut", "zyada", "achanak": an
--     illness alone is the medical question the matcher keeps unanswered.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'tabiyat bahut kharab,tabiyat zyada kharab,tabiyat jyada kharab,tabiyat bahut bigad,tabiyat achanak kharab,tabiyat achanak bigad,tabiyat bigad jaye,halat bahut kharab,halat kharab ho jaye,tabyat bahut kharab,tabeeyat bahut kharab'),
    ('emergency', 'hi', 'तबीयत बहुत खराब,तबियत बहुत खराब,तबीयत ज्यादा खराब,तबीयत अचानक बिगड़,तबीयत बिगड़ जाए,हालत बहुत खराब'),
    ('emergency', 'mr', 'तब्येत खूप बिघडली,तब्येत जास्त बिघडली,तब्येत अचानक बिघडली,तब्येत खूप खराब'),
    ('emergency', 'mr-Latn', 'tabyet khup bighadli,tabyet jast bighadli,tabyet achanak bighadli,tabyet khup kharab')
) v(c, l, t);

-- 15. Fixing an appointment: "appointment fix kare", "appointment kaise fix", "time fix karna", "अपॉइंटमेंट फिक्स" as
--     `appointment` ("fix" reads repair, the dental one).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('appointment', 'hi-Latn', 'appointment fix kare,appointment fix karna,appointment fix karni,appointment kaise fix,appointment fix kar do,appointment fix kar dijiye,appointment fix ho sakta,time fix karna,time fix kar do'),
    ('appointment', 'hi', 'अपॉइंटमेंट फिक्स,अपॉइंटमेंट कैसे फिक्स'),
    ('appointment', 'mr-Latn', 'appointment fix karaychi,appointment fix kara')
) v(c, l, t);

-- 16. What to wear on the day: "din kya pehen", "din kaunse joote", "दिन क्या पहनें", "दिवशी काय घालायचे" as `clothe`
--     ("tmt ke din" left "din", the day, beside the preparation's clothes).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('clothe', 'hi-Latn', 'din kya pehen,din kya pehne,din kya pahen,din kya pehnu,din kaise kapde,din kaunse kapde,din kaunse joote,din kaun se kapde'),
    ('clothe', 'hi', 'दिन क्या पहनें,दिन क्या पहन,दिन कैसे कपड़े,दिन कौन से कपड़े'),
    ('clothe', 'mr', 'दिवशी काय घालायचे,दिवशी कोणते कपडे'),
    ('clothe', 'mr-Latn', 'divshi kay ghalaycha,divshi konte kapde')
) v(c, l, t);

-- 17. Glasses made here: "chashma yahi banta", "chashma banwana", "चश्मा यहीं बन", "चष्मा बनवायचा" as `spectacle`,
--     like the English "make glasses" ("banta" read make, which no entry holds).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('spectacle', 'hi-Latn', 'chashma yahi banta,chashma yahin banta,chashma yahan banta,chashma yahin ban,chashma yahi ban,chashma yahan ban,chashma banta hai,chashma ban jayega,chashma banwana,chashma banvana,chashma banate,chasma banwana,chasma yahi banta'),
    ('spectacle', 'hi', 'चश्मा यहीं बन,चश्मा यहाँ बन,चश्मा बनता,चश्मा बनवाना,चश्मा बन जाएगा,चश्मा बनाते'),
    ('spectacle', 'mr', 'चष्मा इथेच बनतो,चष्मा बनवायचा,चष्मा बनवून मिळेल,चष्मा बनतो'),
    ('spectacle', 'mr-Latn', 'chashma ithech banto,chashma banvaycha,chashma banvun milel,chashma banto')
) v(c, l, t);

-- 18. Besides studies: "padhai ke alawa", "पढ़ाई के अलावा", "अभ्यासाशिवाय", "abhyasa vyatirikt" as `activity` ("alawa"
--     was left over and "padhai" read teaching).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('activity', 'hi-Latn', 'padhai ke alawa,padhai ke alava,padhai ke alaava,padhai ke siwa,padhai ke sivaa,padhai ke siva,padhai ke saath aur kya'),
    ('activity', 'hi', 'पढ़ाई के अलावा,पढाई के अलावा,पढ़ाई के सिवा,पढ़ाई के साथ और क्या'),
    ('activity', 'mr', 'अभ्यासाव्यतिरिक्त,अभ्यासाशिवाय,अभ्यासा व्यतिरिक्त,अभ्यासाबरोबर अजून काय'),
    ('activity', 'mr-Latn', 'abhyasa vyatirikt,abhyasavyatirikt,abhyasashivay,abhyasa shivay')
) v(c, l, t);

-- 19. The doctor named with an honorific on the phone: "phone pe doctor madam (sahab) se baat", "फोन पर डॉक्टर साहब से
--     बात", "फोनवर डॉक्टर साहेबांशी बोलता येईल" as `online`, like 126's "phone pe doctor se baat" (the honorific broke
--     the phrase and "baat ho sakti" read talk, the staff's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('online', 'hi-Latn', 'phone pe doctor madam se baat,phone par doctor madam se baat,phone pe doctor sahab se baat,phone par doctor sahab se baat,phone pe doctor saheb se baat,phone pe madam se baat,phone par madam se baat,phone pe doctor sir se baat,phone pe doctor ma''am se baat'),
    ('online', 'hi', 'फोन पर डॉक्टर साहब से बात,फ़ोन पर डॉक्टर साहब से बात,फोन पर डॉक्टर मैडम से बात,फ़ोन पर डॉक्टर मैडम से बात,फोन पर मैडम से बात'),
    ('online', 'mr', 'फोनवर डॉक्टर साहेबांशी बोलता येईल,फोनवर मॅडमशी बोलता येईल'),
    ('online', 'mr-Latn', 'phone var doctor sahebanshi bolta yeil,phone var madamshi bolta yeil')
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
