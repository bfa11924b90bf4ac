-- 092: understanding patients, round 19 (issue 19): Hindi and Marathi words a right entry misses. Data only: global
-- kb_synonyms rows and kb_stopwords rows (the languages hi, hi-Latn, mr, mr-Latn), like 089. No function is changed.
-- (kb_synonyms.specialty is a label, as in the rows before: every row here is global.)
--
-- MEASURED FIRST over every spent set (dev .. heldout18, the sets below the recall goal first: heldout8, 10, 11, 13 and
-- heldout18's new mistakes; README "Round 19's languages"): the missed questions in Hindi, Marathi, their romanised
-- forms and their mix, and for each the words the right entry misses (kb_explain), set beside the same question in
-- English. Kept only what English already reads and these languages did not: "echo test" and "holter test" are the
-- echo and the Holter, "falls sick" and "difficulty breathing" are the emergency, "do you check children's teeth"
-- asks for a treatment, "starting from" is a price, and words the lexicon did not know or the typo correction misread
-- (लगवाने into लगवा, "naapne", to measure, into a senior; "padengi" into "paaenge"; एचपीव्ही; तपासणीला; "bete").
-- Every family below was screened alone over every question and intent message of every spent set and kept only with
-- no right answer lost, no question that must stay unanswered answered, no wrong answer added and the intents
-- identical message by message. +N: the right answers it adds alone.
-- Together: see README "Round 19's languages" (every family's gains, none lost, no wrong answer added).
-- MEASURED AND NOT KEPT: the Devanagari forms of lagwana (लगवाने, लगवानी) dropped like the romanised ones: +3 (तार
-- लगवाने का कितना लगता है, कैप लगवाने में कितने दिन, "दांतों में braces लगवाने हैं") but पेसमेकर लगवाने का खर्चा, which must
-- stay unanswered (the pacemaker entry gives no price), answered, as its romanised twin already is: a trade. The verbs
-- of bringing (आणायचे, "kab lana hai") as `bring`: -16 right, +7 wrong: a lexicon concept named "bring" changes how
-- English "bring" is read ("what papers do I need to bring for admission" lost in nine sets). "bahar se lena" (buy
-- outside) as `buy`: +3 but "medicine yahin mil jayegi ya bahar se leni padegi" lost (the Hindi pharmacy entry names
-- no buying; English "buy medicines from outside" misses it too); "bahar se" as "outside": the books questions fell
-- below the threshold. "karu" (shall I do) dropped: +0, five must-not answered ("sugar 250 aa raha hai kya karu" asks
-- what to do, a medical question). "dekhte ho", बघता का (do you see) as a treatment alone: +0. "bete", बेटे (a son,
-- oblique) as a child: +0.


ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Books and notebooks (+3): "kitab-copy" (books and exercise books) left "copy" unknown beside the books;
--    "kharidni padengi" (will have to buy) was corrected into another word; "alag se kharidni" (buy separately)
--    as `buy`; the future forms of padna (padengi, पड़ेंगी) dropped like padega.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('buy', 'hi-Latn', 'kharidni,kharidne,khareedni,khareedne,kharidenge,alag se kharidna,alag se kharidni,alag se kharidne'),
    ('buy', 'hi', 'खरीदनी,खरीदने,खरीदेंगे,अलग से खरीदना,अलग से खरीदनी,अलग से खरीदने'),
    ('buy', 'mr', 'वेगळी विकत,वेगळे विकत,विकत घ्यावी,विकत घ्यावे,विकत घ्यायची'),
    ('buy', 'mr-Latn', 'vikat ghyavi,vikat ghyave,vikat ghyaychi'),
    ('book_item', 'hi-Latn', 'kitab copy,kitaben copy,kitabein copy,kitab aur copy,kitaben aur copy,kitabein aur copy,' ||
        'books copy,books aur copy,book copy,copy kitab,copy kitaben,copy aur kitab,copy aur kitaben,copy books'),
    ('book_item', 'hi', 'किताब कॉपी,किताबें कॉपी,किताबें और कॉपी,किताब और कॉपी,कॉपी किताब,कॉपी और किताबें'),
    ('book_item', 'mr', 'पुस्तके वह्या,पुस्तकं वह्या,पुस्तके आणि वह्या,वह्या पुस्तके'),
    ('book_item', 'mr-Latn', 'pustake vahya,pustak vahya,pustake ani vahya')
) v(c, l, t);
INSERT INTO kb_stopwords (word) VALUES ('padengi'), ('padenge'), ('padegi'), ('padega'), ('पड़ेंगी'), ('पड़ेंगे'), ('पड़ेगी'),
    ('पड़ेगा'), ('पडेंगी'), ('पडेंगे') ON CONFLICT DO NOTHING;

-- 2. The HPV vaccine in Devanagari (+1): एचपीव्ही (Marathi) and एचपीवी (Hindi) were unknown words, like HPV.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('hpv', 'mr', 'एचपीव्ही,एच पी व्ही'),
    ('hpv', 'hi', 'एचपीवी,एच पी वी,एचपीव्ही')
) v(c, l, t);

-- 3. Putting in (+1): Marathi लावण्याचा, लावायचा (of putting in: "कॉपर टी लावण्याचा खर्च") dropped, like लावायला.
INSERT INTO kb_stopwords (word) VALUES ('लावण्याचा'), ('लावण्याची'), ('लावण्याचे'), ('लावायचा'), ('लावायची'), ('लावायचे'),
    ('lavnyacha'), ('lavnyachi'), ('lavaycha'), ('lavaychi') ON CONFLICT DO NOTHING;

-- 4. The first check-up (+3): पहिल्यांदा तपासणीला (for the first check-up), "pehli baar checkup" as "first" and a
--    consultation, like English "first check-up"; तपासणीला, तपासणीसाठी (for a check-up) as a consultation, like tapasni.
--    (The verbs of bringing as `bring`: measured and not kept, see the header.)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('first consultation', 'mr', 'पहिल्यांदा तपासणीला,पहिल्यांदा तपासणीसाठी,पहिल्या तपासणीला,पहिल्या तपासणीसाठी,पहिली तपासणी'),
    ('first consultation', 'mr-Latn', 'pahilyanda tapasnila,pahilyanda tapasnisathi,pahili tapasni,pahilya tapasnila'),
    ('first consultation', 'hi', 'पहली बार जांच,पहली बार जाँच,पहली जांच,पहली जाँच,पहला चेकअप,पहली बार चेकअप'),
    ('first consultation', 'hi-Latn', 'pehli baar checkup,pahli baar checkup,pehla checkup,pahla checkup,pehli jaanch,' ||
        'pehli baar jaanch'),
    ('consultation', 'mr', 'तपासणीला,तपासणीसाठी'),
    ('consultation', 'mr-Latn', 'tapasnila,tapasnisathi')
) v(c, l, t);

-- 5. The echo test (+3): "echo jaanch", इको जांच, इको तपासणी as `echo`, like English "echo test".
INSERT INTO kb_synonyms (term, canonical, lang, specialty)
SELECT array_to_string(kb_raw_words(t), ' '), 'echo', l, 'cardiology' FROM (VALUES
    ('hi-Latn', 'echo jaanch,echo janch,echo jach,eco jaanch,echo ki jaanch,echo ki janch'),
    ('hi', 'इको जांच,इको जाँच,ईको जांच,इको की जांच,इको टेस्ट'),
    ('mr', 'इको तपासणी,इकोची तपासणी,इको टेस्ट'),
    ('mr-Latn', 'echo tapasni,eco tapasni')
) v(l, ts), unnest(string_to_array(ts, ',')) t
ON CONFLICT DO NOTHING;

-- 6. Getting a stent put in (+1): "dalwana", डलवाना (to have put in) dropped, like lagwana and karwana.
INSERT INTO kb_stopwords (word) VALUES ('dalwana'), ('dalwane'), ('dalwani'), ('dalwaana'), ('dalwaane'), ('dalvana'), ('dalvane'),
    ('डलवाना'), ('डलवाने'), ('डलवानी') ON CONFLICT DO NOTHING;

-- 7. A price starting from (+1): कितने से शुरू, "kitne se shuru", किती पासून सुरू as `fee`, like "starting from".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi', 'कितने से शुरू,कितने से शुरु,कितने से स्टार्ट'),
    ('fee', 'hi-Latn', 'kitne se shuru,kitne se suru,kitne se start,kitne se shuru hote'),
    ('fee', 'mr', 'किती पासून सुरू,कितीपासून सुरू,किती पासून'),
    ('fee', 'mr-Latn', 'kiti pasun suru,kitipasun suru')
) v(c, l, t);

-- 8. Checking teeth (+3): दात तपासता का, "daant dekhte ho" as a treatment of the teeth, like English "do you check
--    children's teeth" (तपासता का alone stays a consultation: the growth and the eye questions read it so).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth treatment', 'mr', 'दात तपासता,दात तपासता का,दात तपासतात,दात तपासतात का,दात बघता का,दात पाहता का'),
    ('tooth treatment', 'mr-Latn', 'dat tapasta,dat tapasta ka,daat tapasta,daat tapasta ka,dat tapastat ka'),
    ('tooth treatment', 'hi', 'दांत देखते हो,दाँत देखते हो,दांत देखते हैं,दाँत देखते हैं,दांत चेक करते,दाँत चेक करते'),
    ('tooth treatment', 'hi-Latn', 'daant dekhte ho,dant dekhte ho,daant dekhte hai,daant dekhte hain,daant check karte,' ||
        'dant check karte,daant dekhoge,dant dekhoge')
) v(c, l, t);

-- 9. The Holter test (+1): होल्टर तपासणी, "holter jaanch" as `holter`, like English "holter test".
INSERT INTO kb_synonyms (term, canonical, lang, specialty)
SELECT array_to_string(kb_raw_words(t), ' '), 'holter', l, 'cardiology' FROM (VALUES
    ('hi-Latn', 'holter jaanch,holter janch,holter ki jaanch,holter ki janch'),
    ('hi', 'होल्टर जांच,होल्टर जाँच,होल्टर की जांच,होल्टर टेस्ट'),
    ('mr', 'होल्टर तपासणी,होल्टरची तपासणी,होल्टर टेस्ट'),
    ('mr-Latn', 'holter tapasni,holterchi tapasni')
) v(l, ts), unnest(string_to_array(ts, ',')) t
ON CONFLICT DO NOTHING;

-- 10. Falling sick (+2): आजारी पडले तर, "bimar ho jaye", बीमार पड़ जाए as `emergency`, like English "falls sick"
--     ("bimar hai", is sick, stays `sick`).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'bimar ho jaye,bimar ho jaaye,bimaar ho jaye,bimar pad jaye,bimar pad jaaye,' ||
        'tabiyat kharab ho jaye,tabiyat bigad jaye,tabiyat kharab ho jaaye'),
    ('emergency', 'hi', 'बीमार हो जाए,बीमार हो जाये,बीमार पड़ जाए,बीमार पड़ जाये,तबीयत खराब हो जाए,तबियत खराब हो जाए,तबीयत बिगड़ जाए'),
    ('emergency', 'mr', 'आजारी पडले,आजारी पडला,आजारी पडली,आजारी पडलं,आजारी पडल्यास,आजारी पडले तर,तब्येत बिघडली,तब्येत बिघडल्यास'),
    ('emergency', 'mr-Latn', 'ajari padla,ajari padli,ajari padle,aajari padle,ajari padlyas,tabyet bighadli')
) v(c, l, t);

-- 11. Breathless (+2): "saans phool rahi", "saans lene mein dikkat ho", धाप लागली as `emergency`, like English
--     "breathless", "difficulty breathing" ("saans phoolna", "saans ki takleef", a complaint, stay `breathing`).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'saans phool rahi,saans phool raha,saans phool gayi,saans phul rahi,saans phul raha,' ||
        'saans lene mein dikkat,saans lene mein dikkat ho,saans lene me dikkat ho,saans nahi le pa raha,' ||
        'saans nahi le pa rahi,saans nahi aa rahi'),
    ('emergency', 'hi', 'सांस फूल रही,साँस फूल रही,सांस फूल रहा,सांस लेने में दिक्कत हो,साँस लेने में दिक्कत हो,सांस नहीं ले पा रहा,' ||
        'सांस नहीं ले पा रही,सांस नहीं आ रही'),
    ('emergency', 'mr', 'श्वास घ्यायला त्रास होतोय,श्वास लागतोय,धाप लागली,धाप लागते आहे,श्वास घेता येत नाही'),
    ('emergency', 'mr-Latn', 'shwas ghyayla tras hotoy,dhap lagli,shwas gheta yet nahi')
) v(c, l, t);

-- 12. Measuring (+1): "blood pressure naapne ka" (to measure) was corrected into a senior citizen; naapna, नापना,
--     मोजायला as a consultation, like English "measure".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('consultation', 'hi-Latn', 'naapna,naapne,naapte,naapti,napna,napne,napte,naap,nap ke,naap ke'),
    ('consultation', 'hi', 'नापना,नापने,नापते,नापती,नाप के,नपवाना,नपवाने'),
    ('consultation', 'mr', 'मोजायला,मोजता,मोजून,मोजणे,मोजतात'),
    ('consultation', 'mr-Latn', 'mojayla,mojta,mojun,mojtat')
) v(c, l, t);

-- 13. Paying by transfer (+3): "fees online transfer kar sakte" left the transfer unknown beside the fee; "transfer
--     kar", ऑनलाइन ट्रांसफर, पैसे ट्रान्सफर करू as `payment`, like English "bank transfer".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'hi-Latn', 'online transfer,transfer kar,transfer kar sakte,transfer karna,transfer karu,transfer kar du,' ||
        'transfer kar de,paise transfer,fees transfer,fee transfer,account mein transfer,account me transfer'),
    ('payment', 'hi', 'ट्रांसफर कर,ट्रांसफर कर सकते,ऑनलाइन ट्रांसफर,पैसे ट्रांसफर,फीस ट्रांसफर,खाते में ट्रांसफर'),
    ('payment', 'mr', 'ट्रान्सफर करू,ट्रान्सफर करता,ऑनलाइन ट्रान्सफर,पैसे ट्रान्सफर,फी ट्रान्सफर'),
    ('payment', 'mr-Latn', 'transfer karu,transfer karta,paise transfer karu')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
