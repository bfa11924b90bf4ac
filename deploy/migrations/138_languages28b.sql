-- 138: understanding patients, round 28 (issue 19): Hindi and Marathi rows in DEVANAGARI (and Devanagari words inside
-- mixed-script questions) for every tenant of tests/kb_eval/clinics.json and kb.json. Data only: global kb_synonyms
-- and kb_stopwords rows, like 127 and 132. No function is changed (no cost to time).
--
-- WRITTEN FROM THE ENTRIES: for each entry of the seven clinics.json tenants and kb.json's general, child and dental
-- doctors, 351 new questions in Hindi and Marathi (Devanagari) written the way patients and parents ask for that
-- answer (the plain form, then the descriptive one that names a test or a service by what it does: "दौड़ने वाली
-- जांच" the TMT, "दिल की निगरानी" the Holter, "दाँतों पर जमी परत" the tartar) went through kb_match: 279 right
-- before, 312 with these rows. kb_explain showed what the misses share: a descriptive phrase with no row (the heart's
-- sonography, the blockage in the heart's veins, the doctor's note, the parents' and teachers' sitting, lunch as "the
-- afternoon's food"); a word read as another entry's or as nonsense by the typo correction ("पसीना" sweat read as
-- pus, "ब्लॉकेज" as stop-messages, "परत" layer as again, "पता चलेगा" will we know as the address); a Marathi
-- case form left over ("स्तनपानाबद्दल", "मधुमेहामुळे", "प्रवेश घेताना"). heldout26/27's hi/mr misses were read as
-- samples, not targets.
-- A PHRASE WORD BECOMES A LEXICON WORD and is no longer corrected (132's lesson): every word of these rows was run
-- alone through kb_explain before them; the 45 the typo correction read are either given their own row keeping the
-- reading they had (F34: "दाखिले" admission, "सिखाने" teach, "हृदयाचा" heart ...), or their row reads them rightly
-- ("ब्लॉकेज" blockage, "पसीना" dropped), or the phrase was not written ("भाप दिलाने", "दौड़ा कर", "धावायची").
-- SCREENED all together against main (e756dc8) in one rolled back transaction, choice by choice, over every question
-- and intent message of dev .. heldout27 (18,518 questions, 5,647 intent messages): right +10 (7 Hindi, 3 Marathi),
-- none lost, no must-not answered, no wrong answer added (1 wrong removed: "बच्चे के लिए समय कैसे लें" timings ->
-- appointment), intents identical message by message. heldout27 504 -> 511 of 565 (recall 0.892 -> 0.904, wrong 11
-- both); heldout26 +2 (kb.tsv +1, kb3.tsv +1); heldout9 +1. ALONE, over the questions and intent messages holding
-- each family's rarer words: F1, F9, F17, F18, F20, F21, F27, F28, F29, F33, F36 +1 each, the others 0, no wrong
-- added, intents identical; F25 alone loses 17 ("दाखिले" becomes a lexicon word and is no longer corrected into
-- `admission`: "दाखिले के लिए कौन से कागज़ चाहिए"), none with F34's row keeping that reading.
-- MEASURED AND NOT KEPT (first all-together screen): "पसीना", "घाम" (sweat) as `sweating` (3 lost: the English
-- "heavy pain in chest and sweating" lost the emergency: the word became a concept); "रात में अचानक", "रात्री
-- अचानक" as `evening` (1 lost: "रात में अचानक तबीयत खराब हो तो कहाँ जाएँ" lost "अचानक", the emergency's sudden);
-- "स्कूल लगता है", "शाळा भरते" as `timing` (on the probe questions "शनिवार को भी स्कूल लगता है" went to the office's
-- hours: a wrong answer).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- F1 holter
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('holter', 'hi', 'दिल की निगरानी,दिल की निगरानी वाली जांच,दिल की निगरानी वाला टेस्ट,दिल की धड़कन रिकॉर्ड,दिल की धड़कन रिकॉर्ड करने,धड़कन रिकॉर्ड करने वाली मशीन,चौबीस घंटे दिल,चौबीस घंटे दिल की,24 घंटे दिल की,पूरे दिन दिल की,चौबीस घंटे की ईसीजी,24 घंटे की ईसीजी,चौबीस घंटे ईसीजी,24 घंटे ईसीजी,होल्टर'),
    ('holter', 'mr', 'चोवीस तास हृदय,चोवीस तास हृदयाची,चोवीस तास हृदयाचे,24 तास हृदयाची,24 तास हृदयाचे,हृदयाचे ठोके नोंदवणारी,ठोके नोंदवणारी,चोवीस तास ईसीजी,24 तास ईसीजी,हृदयावर लक्ष ठेवणारी,होल्टर')
) v(c, l, t);

-- F2 tmt
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tmt', 'hi', 'दौड़ने वाला टेस्ट,दौड़ने वाले टेस्ट,दौड़ने वाली टेस्ट,दौड़ने वाला जांच,दौड़ाकर जांच,दौड़ाकर दिल की जांच,चलाकर दिल की जांच,चलने वाली मशीन,ट्रेडमिल पर चलाकर,ट्रेडमिल पर दौड़ाकर,मशीन पर दौड़ाकर,मशीन पर चलाकर'),
    ('tmt', 'mr', 'ट्रेडमिलवर चालवून,ट्रेडमिलवर चालण्याची,धावण्याची तपासणी,चालवून तपासणी,चालवून हृदयाची तपासणी')
) v(c, l, t);

-- F3 angiography
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('angiography', 'hi', 'नसों में ब्लॉकेज,दिल की नसों में ब्लॉकेज,नसों का ब्लॉकेज,ब्लॉकेज की जांच,ब्लॉकेज देखने,ब्लॉकेज देखने वाली जांच,नसें बंद,दिल की नसें बंद'),
    ('angiography', 'mr', 'नसांमधील ब्लॉकेज,हृदयाच्या नसांमधील ब्लॉकेज,नसांमध्ये ब्लॉकेज,ब्लॉकेज तपासणी,ब्लॉकेजची तपासणी,हृदयाच्या नसा')
) v(c, l, t);

-- F4 echo
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('echo', 'hi', 'दिल की सोनोग्राफी,दिल का सोनोग्राफी,दिल का अल्ट्रासाउंड,दिल की अल्ट्रासाउंड,हार्ट की सोनोग्राफी,दिल की इको'),
    ('echo', 'mr', 'हृदयाची सोनोग्राफी,हृदयाचा अल्ट्रासाऊंड,हृदयाची अल्ट्रासाऊंड,हार्टची सोनोग्राफी')
) v(c, l, t);

-- F5 ecg
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ecg', 'hi', 'दिल का ग्राफ,दिल की ग्राफ,दिल की धड़कन का ग्राफ,दिल की रेखा'),
    ('ecg', 'mr', 'हृदयाचा आलेख,हृदयाचा ग्राफ,हार्टचा ग्राफ')
) v(c, l, t);

-- F6 second opinion
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('second opinion', 'hi', 'दूसरी राय,दूसरे डॉक्टर की राय,आपकी राय,आपकी राय चाहिए,रिपोर्ट देख लेंगे,रिपोर्ट दिखाकर राय,रिपोर्ट देखकर राय'),
    ('second opinion', 'mr', 'दुसरे मत,दुसऱ्या डॉक्टरांचे मत,तुमचे मत,तुमचे मत हवे,रिपोर्ट बघून मत')
) v(c, l, t);

-- F7 sweating (not pus) and a severe pain
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('', 'hi', 'पसीना,पसीने,पसीना आ रहा,पसीना आना,पसीने आ रहे'),
    ('', 'mr', 'घाम येत,घाम येतोय,घाम येत आहे'),
    ('pain', 'hi', 'तेज दर्द,तेज़ दर्द,बहुत तेज दर्द,जोर से दर्द,ज़ोर से दर्द')
) v(c, l, t);

-- F8 the baby in the womb
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('child', 'hi', 'पेट में बच्चा,पेट में बच्चे,पेट के बच्चे,पेट का बच्चा,पेट वाले बच्चे,पेट में पल रहा बच्चा,गर्भ में बच्चा,गर्भ में बच्चे,गर्भ का बच्चा'),
    ('child', 'mr', 'पोटातले बाळ,पोटातील बाळ,पोटातल्या बाळाचे,पोटातल्या बाळाची,गर्भातील बाळ'),
    ('', 'hi', 'पता चलेगा,पता चल जाएगा,पता चल सकता,पता चलता')
) v(c, l, t);

-- F9 tartar: the layer on the teeth
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth cleaning', 'hi', 'जमी परत,जमी हुई परत,पीली परत,दाँतों पर जमी परत,दांतों पर जमी परत,दांतों पर जमी पीली परत,दाँतों पर जमी पीली परत,दांतों का मैल,दाँतों का मैल,दांत का मैल,दाँत का मैल,दांतों पर जमा मैल'),
    ('tooth cleaning', 'mr', 'पिवळा थर,दातांवरचा थर,दातांवरील थर,दातांवरचा पिवळा थर,दातांवरील पिवळा थर,दातांचा मळ,दातांवरचा मळ,दातांवरील मळ')
) v(c, l, t);

-- F10 root canal: the tooth's nerve
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('rct', 'hi', 'दाँत की नस,दांत की नस,दाँत की नस का इलाज,दांत की नस का इलाज,दाँत की नसों,दांत की नसों,दाढ़ की नस'),
    ('rct', 'mr', 'दाताची नस,दाताच्या नसेचे,दाताच्या नसेचा,दाताच्या नसेची,दाताच्या नसेचे उपचार,दाताच्या नसेचा उपचार,दाढेची नस')
) v(c, l, t);

-- F11 implants: a fixed tooth where one fell
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth implant', 'hi', 'गिरे हुए दाँत की जगह,गिरे हुए दांत की जगह,टूटे दाँत की जगह,टूटे दांत की जगह,दाँत की जगह नया दाँत,दांत की जगह नया दांत,पक्का दाँत,फिक्स दाँत,फिक्स दांत'),
    ('tooth implant', 'mr', 'पडलेल्या दाताच्या जागी,दाताच्या जागी,कायमचा दात,पक्का दात,फिक्स दात,नवीन दात बसवायचा')
) v(c, l, t);

-- F12 a worm in the tooth (a cavity)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('filling', 'hi', 'कीड़ा लगा,कीड़ा लग गया,कीड़े लगे,दाँत में कीड़ा लगा,दांत में कीड़ा लगा,दाँतों में कीड़े,दांतों में कीड़े'),
    ('filling', 'mr', 'कीड लागली,दाताला कीड,दातांना कीड,दाताला कीड लागली')
) v(c, l, t);

-- F13 fasting: not eating before the test
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fasting', 'hi', 'कुछ नहीं खाना,कुछ नहीं खाना है,कुछ ना खाएं,कुछ न खाएं,कुछ भी नहीं खाना,भूखे रहना,भूखा रहना,भूखी रहना,भूखे पेट'),
    ('fasting', 'mr', 'उपाशी राहायचे,उपाशी राहावे,उपाशी राहायचं,उपाशी पोटी,काही न खाता,काहीही न खाता')
) v(c, l, t);

-- F14 the doctor's note
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('certificate', 'hi', 'डॉक्टर की चिट्ठी,छुट्टी की चिट्ठी,डॉक्टर की पर्ची छुट्टी'),
    ('certificate', 'mr', 'डॉक्टरांचे पत्र,डॉक्टरांची चिठ्ठी,रजेसाठी पत्र,रजेसाठी चिठ्ठी')
) v(c, l, t);

-- F15 the middle of the night
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('evening', 'hi', 'आधी रात,आधी रात को,रात के दो बजे,रात के दो बजे,रात के तीन बजे'),
    ('evening', 'mr', 'मध्यरात्री,अर्ध्या रात्री')
) v(c, l, t);

-- F16 taking a number (a token)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('queue', 'hi', 'नंबर लगाना,नंबर लगाना पड़ता,नंबर लगाना पड़ेगा,नंबर लगवाना,पहले नंबर लगाना,टोकन लेना,नंबर लेना पड़ता'),
    ('queue', 'mr', 'नंबर लावावा लागतो,नंबर लावायचा,नंबर लावावा,टोकन घ्यावे लागते')
) v(c, l, t);

-- F17 breastfeeding help
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('lactation', 'hi', 'दूध पिलाने में दिक्कत,दूध पिलाने में परेशानी,स्तनपान सिखाने,स्तनपान में मदद'),
    ('lactation', 'mr', 'स्तनपानाबद्दल,स्तनपानाविषयी,स्तनपानासाठी,स्तनपान कसे करायचे,स्तनपान शिकवते,दूध पाजायला शिकवणारे,दूध कसे पाजायचे,बाळाला दूध पाजणे')
) v(c, l, t);

-- F18 steam for the child
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('nebulisation', 'hi', 'भाप देने,भाप देने की मशीन,भाप की मशीन,भाप वाली मशीन'),
    ('nebulisation', 'mr', 'वाफ द्यायची,वाफ देण्याची,वाफ देता,वाफेची मशीन,वाफ द्यायची सोय,वाफ देण्याची सोय')
) v(c, l, t);

-- F19 a vaccine that does not hurt
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('painless', 'hi', 'दर्द ना हो ऐसा टीका,दर्द न हो ऐसा टीका,दर्द ना होने वाला,दर्द न होने वाला,कम दर्द वाला टीका,कम दर्द वाला इंजेक्शन,दर्द नहीं होने वाला टीका'),
    ('painless', 'mr', 'कमी दुखणारी लस,दुखणार नाही अशी लस,न दुखणारे इंजेक्शन,कमी दुखणारे इंजेक्शन')
) v(c, l, t);

-- F20 the parents' meeting
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('ptm', 'hi', 'माता पिता और शिक्षक की बैठक,माता पिता शिक्षक बैठक,अभिभावक शिक्षक बैठक,अभिभावकों की मीटिंग,अभिभावकों की बैठक,अभिभावक मीटिंग,पेरेंट्स मीटिंग,पेरेंट्स टीचर मीटिंग,टीचर से मिलने,शिक्षक से मिलने'),
    ('ptm', 'mr', 'पालक शिक्षक सभा,पालकांची सभा,पालक सभा,पालकांची मीटिंग,पालकांची बैठक,शिक्षक पालक बैठक,शिक्षकांशी भेट,शिक्षकांना भेटायला'),
    ('meet', 'hi', 'बैठक,मीटिंग'),
    ('meet', 'mr', 'सभा,मीटिंग')
) v(c, l, t);

-- F21 lunch
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('food', 'hi', 'दोपहर का खाना,दोपहर का भोजन,दोपहर में खाना,दोपहर को खाना,नाश्ता और खाना'),
    ('food', 'mr', 'दुपारचे जेवण,दुपारचं जेवण,दुपारी जेवण,डबा द्यावा,डबा द्यावा लागतो,डबा पाठवायचा')
) v(c, l, t);

-- F22 the school's vehicle
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('transport', 'hi', 'लाने ले जाने,घर से लाने ले जाने की गाड़ी,घर से लाने ले जाने,लाने ले जाने की गाड़ी,घर से लाने,घर से ले जाने,स्कूल की गाड़ी,स्कूल बस,स्कूल वैन,स्कूल की बस,स्कूल की वैन'),
    ('transport', 'mr', 'शाळेची गाडी,शाळेची बस,शाळेची व्हॅन,ने आण,ने-आण,न्यायला आणायला,घरून आणायला,घरून न्यायला')
) v(c, l, t);

-- F23 the cameras put up
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cctv', 'hi', 'कैमरा लगा,कैमरे लगे,कैमरा लगा है,कैमरे लगे हैं,कैमरा लगाया,कैमरे लगाए,सीसीटीवी'),
    ('cctv', 'mr', 'कॅमेरे लावले,कॅमेरा लावला,कॅमेरे बसवले,सीसीटीव्ही')
) v(c, l, t);

-- F24 arts
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('activity', 'hi', 'चित्रकारी,चित्रकला,ड्राइंग,पेंटिंग,नृत्य,संगीत,नाच गाना,खेलकूद'),
    ('activity', 'mr', 'चित्रकला,चित्र काढणे,नृत्य,संगीत,नाच गाणे,खेळ')
) v(c, l, t);

-- F25 at admission time
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('admission', 'hi', 'एडमिशन लेते समय,एडमिशन के समय,दाखिले के समय,दाखिला लेते समय,दाखिले के वक्त'),
    ('admission', 'mr', 'प्रवेश घेताना,प्रवेश घेतेवेळी,अॅडमिशन घेताना,प्रवेशाच्या वेळी,ॲडमिशन घेताना')
) v(c, l, t);


-- F27 taking a time (appointment)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('appointment', 'hi', 'समय कैसे लें,टाइम कैसे लें,समय कैसे ले,टाइम कैसे ले,समय लेना है,टाइम लेना है,समय ले सकते,टाइम ले सकते'),
    ('appointment', 'mr', 'वेळ कशी घ्यायची,वेळ कशी घ्यावी,वेळ घ्यायची आहे,वेळ घ्यायला')
) v(c, l, t);

-- F28 eye: white cataract, removing glasses, dilating drops, contact lenses, because of diabetes
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cataract', 'hi', 'सफेद मोतिया,सफ़ेद मोतिया,सफेद मोतियाबिंद,सफ़ेद मोतियाबिंद'),
    ('lasik', 'hi', 'चश्मा हटाने,चश्मा हटवाने,चश्मा उतारने,चश्मा छुड़ाने,चश्मा हटाने वाला,चश्मा हटाने का ऑपरेशन'),
    ('lasik', 'mr', 'चष्मा काढण्यासाठी,चष्मा घालवण्यासाठी,चष्मा काढायचा,चष्मा कायमचा काढायचा,चष्मा घालवायचा'),
    ('dilation', 'hi', 'पुतली फैलाने वाली दवा,पुतली फैलाने की दवा,पुतली फैलाने वाले ड्रॉप,पुतली बड़ी करने'),
    ('dilation', 'mr', 'बाहुली मोठी करणारे थेंब,बाहुली मोठी करण्यासाठी'),
    ('lens', 'hi', 'आँख में लगाने वाले लेंस,आंख में लगाने वाले लेंस,आँखों में लगाने वाले लेंस,आंखों में लगाने वाले लेंस,कॉन्टैक्ट लेंस'),
    ('lens', 'mr', 'डोळ्यात घालायच्या लेन्स,डोळ्यात लावायच्या लेन्स,कॉन्टॅक्ट लेन्स'),
    ('diabetes', 'mr', 'मधुमेहामुळे,मधुमेहाने,शुगरमुळे,डायबिटीजमुळे,साखरेमुळे'),
    ('diabetes', 'hi', 'शुगर की वजह से,डायबिटीज की वजह से,शुगर वालों,डायबिटीज वालों,मधुमेह वालों')
) v(c, l, t);

-- F29 paying the operation in instalments
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emi', 'hi', 'पैसे किश्तों में,पैसे किस्तों में,पैसा किश्तों में,पैसा किस्तों में,किश्तों में पैसे,किस्तों में पैसे'),
    ('emi', 'mr', 'पैसे हप्त्याने,हप्त्याने पैसे,हप्त्यात पैसे,पैसे हप्त्यात')
) v(c, l, t);

-- F30 Hindi/Marathi words for treatment in Devanagari English
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('treatment', 'hi', 'ट्रीटमेंट,ट्रिटमेंट'),
    ('treatment', 'mr', 'ट्रीटमेंट,ट्रिटमेंट')
) v(c, l, t);

-- F31 hospital bag
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bag', 'hi', 'बैग,बैग में क्या,बैग में क्या रखें,बैग में क्या रखना,बैग तैयार'),
    ('bag', 'mr', 'बॅगेत काय,बॅग भरायची')
) v(c, l, t);

-- F32 cancer of the womb (the HPV vaccine, the Pap smear)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cervical', 'hi', 'गर्भाशय के कैंसर,गर्भाशय के मुंह के कैंसर,बच्चेदानी के कैंसर,बच्चेदानी के मुंह के कैंसर,गर्भाशय का कैंसर,बच्चेदानी का कैंसर'),
    ('cervical', 'mr', 'गर्भाशयाच्या कर्करोग,गर्भाशयाच्या कॅन्सर,गर्भाशयाच्या तोंडाच्या कॅन्सर,गर्भाशयाचा कर्करोग,गर्भाशयाचा कॅन्सर')
) v(c, l, t);

-- F33 all the tests together (a package)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('package', 'hi', 'सारी जांचों का,सभी जांचों का,सारी जांचें एक साथ,सब जांचें एक साथ,सारी जांचों का एक'),
    ('package', 'mr', 'सर्व तपासण्यांचा,सगळ्या तपासण्यांचा,सर्व तपासण्यांचे,सगळ्या तपासण्यांचे,एकत्र खर्च,सर्व तपासण्या एकत्र')
) v(c, l, t);

-- F34 the words of the phrases above that were read by the typo correction before (a phrase word becomes a lexicon
--     word and is no longer corrected): each keeps the reading it had, or gets its own where the correction was wrong
--     ("ब्लॉकेज" read stop-messages, "पसीना" pus).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('admission', 'hi', 'दाखिले'),
    ('admission', 'mr', 'प्रवेशाच्या'),
    ('teach', 'hi', 'सिखाने'),
    ('teach', 'mr', 'शिकवते,शिकवणारे'),
    ('diabetes', 'mr', 'मधुमेहाने'),
    ('heart', 'mr', 'हृदयाचा,हृदयावर,हार्टचा,हार्टची'),
    ('nebulisation', 'mr', 'वाफेची'),
    ('tmt', 'mr', 'ट्रेडमिलवर'),
    ('treatment', 'mr', 'ट्रिटमेंट'),
    ('teacher', 'mr', 'शिक्षकांशी'),
    ('test', 'hi', 'जांचों'),
    ('test', 'mr', 'तपासण्यांचा,तपासण्यांचे'),
    ('tooth', 'mr', 'दाढेची'),
    ('pregnancy', 'mr', 'गर्भातील'),
    ('afternoon', 'mr', 'दुपारचे,दुपारचं'),
    ('blockage', 'hi', 'ब्लॉकेज'),
    ('graph', 'hi', 'ग्राफ'),
    ('consultation', 'hi', 'दिखाकर')
) v(c, l, t);

-- F35 "कितने में होता है" (for how much) as the price
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi', 'कितने में होता,कितने में होता है,कितने में होगा,कितने में हो जाएगा,कितने में हो जाता,कितने में पड़ेगा')
) v(c, l, t);

-- F36 "दिक्कत", "परेशानी" (trouble) dropped like "तकलीफ", "समस्या" and English "problem"; Marathi "सोय", Hindi
--     "व्यवस्था" (a facility, an arrangement) dropped like "सुविधा" and English "facility".
INSERT INTO kb_stopwords (word) VALUES ('दिक्कत'), ('परेशानी'), ('सोय'), ('सोई'), ('व्यवस्था') ON CONFLICT DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
