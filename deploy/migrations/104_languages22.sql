-- 104: understanding patients, round 22 (issue 19): Hindi and Marathi words a right entry misses or misreads. Data only:
-- global kb_synonyms and kb_stopwords rows (hi, hi-Latn, mr, mr-Latn), like 096. No function is changed.
--
-- WRITTEN FROM THE LANGUAGES AND THE ENTRIES: 152 probes (kept out of the repository: not an evaluation set), the
-- questions patients and parents would ask each entry of clinics.json in romanised Hindi, Devanagari, Marathi and their
-- mix, asked of kb_match and read with kb_explain (124 of 152 answered
-- rightly before; 130 with a first draft of the families, two of them not kept); and
-- every correction the typo correction makes in the 6,902 non-English questions of the spent sets (dev .. heldout21)
-- and the probes, listed and read: the common words it reads as ANOTHER concept are what unseen text loses ("chalto",
-- is accepted, into "chaati", the chest; "kide", worms in a tooth, into "kids"; "santaan", offspring, into "samaan",
-- the hospital bag; मरम्मत, a repair, into मम्मी, a mother; आहार, a diet, into आजार, an illness; "taanke", stitches,
-- into "thanks"; नक्की, exactly, into "nakli", false teeth; गावी, to the village, into गाडी, a vehicle). heldout21's
-- Hindi, Marathi and mixed misses were read as samples of how patients write.
-- Every family below was screened alone over every question and intent message of every spent set that holds one of
-- its words or a word within the typo correction's reach of one (same first three letters or same last four), the
-- rest unchanged by construction, and all together over all 13,942 questions and 4,405 intent messages: kept only
-- with no right answer lost, no question that must stay unanswered answered, no wrong answer added and the intents
-- identical message by message. +N: what it adds alone (a family without one adds nothing on the spent sets; it is
-- written for unseen text). TOGETHER: right 9,233 -> 9,239 of 9,945 (heldout2 +1, heldout12 +1, heldout18 +2, heldout21
-- 493 -> 495 of 578), wrong 144 -> 143 (heldout17: the repair of false teeth no longer answered), none lost, no must-not
-- answered, the intents identical.
-- MEASURED AND NOT KEPT: the bare word "santaan", संतान as `ivf` (+1 alone, but a must-not answered: "nagpur santra kahan
-- milega", the orange, is corrected into "santaan" and answered with the infertility entry; the phrases "santaan
-- nahi ho rahi" kept, family 3); Marathi दिल्यानंतर, दिल्यावर (after giving, read as दिल, the heart) dropped ("लस
-- दिल्यानंतर किती वेळ थांबायचे", a must-not, answered with the sick children's waiting room); the false teeth made under
-- `denture` ("nakli daant banwane", "battisi banwani", कवळी बनवायची: -10, "nakli daant ka set banate ho" lost ten times:
-- the phrase "daant ka set banate" takes the words "nakli daant" needed).
-- Not done in time: "chashma yahin ban jayega" (a word between the noun and the verb: "ban jayega" alone is `make`),
-- "shaadi ko 3 saal" (married for three years: "saal" is read as `age`), "darr" (fear, read as "dard", a pain),
-- "bechte" (sell, read as "bethte", sits: the hours).


ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Marathi and Hindi function words the typo correction read as concepts (+1): Marathi "chalto", "chaltat" (is
--    accepted, like चालतो: "vima chalto ka" was read as "chaati", the chest), नक्की/"nakki" (exactly: read as "nakli", false
--    teeth), गावी/"gavi" (to the village: read as गाडी, a vehicle), असायला, "paye" (could: read as "pay"), "loon", "doon"
--    (I take, I give: read as "location", "down"), "loge", "matlab" (meaning), "halka" (mild: read as "halva") dropped.
INSERT INTO kb_stopwords (word) VALUES ('chalto'), ('chaltat'), ('chaltay'), ('chalnar'), ('chaltil'), ('चालणार'), ('चालतील'),
    ('nakki'), ('नक्की'), ('gavi'), ('गावी'), ('asayla'), ('असायला'), ('paye'), ('paaye'), ('पाये'), ('पाए'),
    ('loon'), ('लूं'), ('लूँ'), ('doon'), ('दूं'), ('दूँ'), ('loge'), ('लोगे'), ('matlab'), ('मतलब'),
    ('halka'), ('halki'), ('हल्का'), ('हल्की')
ON CONFLICT DO NOTHING;

-- 2. Tooth decay: "kide", "keede" (worms: "kide" was read as "kids", the children's dentist), कीड़े, Marathi कीड, "kid
--    lagli", किडलेला दात as `filling`, like "keeda", "cavity".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('filling', 'hi-Latn', 'kide,keede,kiday,keeda laga,kida laga,kide lage,keede lage,daant me kida,daant mein keeda,daant ke kide,daant mein kide,daant me kide,kida lag gaya,keeda lag gaya'),
    ('filling', 'hi', 'कीड़ा,कीडा,कीड़े,कीडे,कीड़ा लगा,कीड़े लगे,दांत में कीड़ा,दाँत में कीड़ा,दांत में कीड़े,दांत के कीड़े'),
    ('filling', 'mr', 'कीड,किड,कीड लागली,किड लागली,दाताला कीड,दातांना कीड,दाताला किड,किडलेला दात,किडलेले दात,किडका दात'),
    ('filling', 'mr-Latn', 'kid lagli,keed lagli,datala kid,kidlela dat,kidlele dat,kidka dat')
) v(c, l, t);

-- 3. Not conceiving: "santaan nahi ho rahi" (no offspring: "santaan" was read as "samaan", the hospital bag), संतान नहीं,
--    "baby nahi ho raha", मूल राहत नाही as `infertility` (the bare word "santaan": see the header; written as `ivf`,
--    moved to `infertility` at the merge, as 101 made IVF, IUI and infertility three words).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('infertility', 'hi-Latn', 'santaan nahi,santan nahi,santaan nahi ho rahi,santan nahi ho rahi,santaan nahi hoti,santaan sukh,santan sukh,santaan prapti,baccha nahi ho raha,bachcha nahi ho raha,bacha nahi ho raha,baby nahi ho raha,pregnant nahi ho pa rahi,pregnancy nahi ho rahi,conceive nahi ho raha'),
    ('infertility', 'hi', 'संतान नहीं,संतान नहीं हो रही,संतान सुख,संतान प्राप्ति,बच्चा नहीं हो रहा,बच्चा नहीं होता,गर्भ नहीं ठहर रहा,प्रेगनेंसी नहीं हो रही'),
    ('infertility', 'mr', 'मूल होत नाही,मूल राहत नाही,बाळ होत नाही,दिवस राहत नाहीत,गर्भ राहत नाही'),
    ('infertility', 'mr-Latn', 'mul hot nahi,bal hot nahi,divas rahat nahit,garbh rahat nahi')
) v(c, l, t);

-- 4. Diet: आहार, "aahar" (read as आजार, an illness) as `food`, like English "diet".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('food', 'hi-Latn', 'aahar,ahar,aahaar'),
    ('food', 'hi', 'आहार'),
    ('food', 'mr', 'आहार,आहाराचा,आहाराची,आहारात')
) v(c, l, t);

-- 5. Stitches: "taanke", टांके (read as "thanks"), Marathi टाके (read as टीके, vaccines) as `scar`, like "stitches".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('scar', 'hi-Latn', 'taanke,tanke,taanka,tanka,taanke katna,taanke kholna'),
    ('scar', 'hi', 'टांके,टाँके,टांका'),
    ('scar', 'mr', 'टाके,टाका,टाके काढणे,टाके काढतात'),
    ('scar', 'mr-Latn', 'take kadhne,take kadhtat')
) v(c, l, t);

-- 6. Repair (+1, a wrong answer gone): मरम्मत (read as मम्मी, a mother), "marammat", Marathi दुरुस्ती as `repair`:
--    "क्या आप नकली दांत की मरम्मत करते हैं", which must stay unanswered, is no longer answered with the dentures.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('repair', 'hi-Latn', 'marammat,marammat,thik karna,theek karna,theek karte,repair karte'),
    ('repair', 'hi', 'मरम्मत,ठीक करते,रिपेयर,रिपेअर'),
    ('repair', 'mr', 'दुरुस्ती,दुरुस्त,दुरुस्त करता,रिपेअर'),
    ('repair', 'mr-Latn', 'durusti,durust,durust karta')
) v(c, l, t);

-- 7. Speaking: Marathi बोलतात, "bolatat" (read as "bolavtal"), Hindi "bolte hai" as `talk`, like "speak".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('talk', 'mr', 'बोलतात,बोलता,बोलतात का,बोलू शकतात'),
    ('talk', 'mr-Latn', 'boltat,bolatat,bolta,boltat ka'),
    ('talk', 'hi-Latn', 'bolte,bolti,bolte hai,bolti hai,baat karte'),
    ('talk', 'hi', 'बोलते,बोलती,बोलते हैं,बोलती हैं')
) v(c, l, t);

-- 8. "sahiba", साहिबा, साहेब (a polite address, like "sahab": "sahiba" was read as "safia") dropped.
INSERT INTO kb_stopwords (word) VALUES ('sahiba'), ('saheba'), ('साहिबा'), ('saheb'), ('साहेब'), ('sahib') ON CONFLICT DO NOTHING;

-- 9. Losing the glasses: "chasma hatane" (the spelling without h), "chashma nikalna", चश्मा उतारना, Marathi चष्मा
--    काढायचा, घालवायचा as `lasik`, like "chashma hatana", "remove glasses".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('lasik', 'hi-Latn', 'chasma hatana,chasma hatane,chasma hatwana,chasma utarna,chashma nikalna,chasma nikalna,chashma chhudana,chashma chudana,chasma chhudana,chashma hat jaye,chasma hat jaye,chashma hatane ka operation,chashma hatane wala operation'),
    ('lasik', 'hi', 'चश्मा उतारना,चश्मा हटाने,चश्मा हटवाने,चश्मा छुड़ाना,चश्मा हट जाए,चश्मा हटाने का ऑपरेशन'),
    ('lasik', 'mr', 'चष्मा काढायचा,चष्मा काढायचे,चष्मा घालवायचा,चष्मा घालवायचे,चष्मा जाईल,चष्मा सुटेल,चष्मा काढण्याचे ऑपरेशन,चष्मा घालवण्याचे ऑपरेशन'),
    ('lasik', 'mr-Latn', 'chashma kadhaycha,chasma kadhaycha,chashma ghalavaycha,chasma ghalavaycha,chashma jail,chashma sutel')
) v(c, l, t);

-- 10. Making glasses: "chashma banwana", चश्मा बनता, Marathi चष्मा बनवता as `spectacles` ("banta" alone is `make`, a
--    word the spectacles' entry does not cover).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('spectacles', 'hi-Latn', 'chashma banta,chashma banate,chashma banwana,chashma banwa,chasma banta,chasma banwana,chashme banate,chashma bana dete,chashma milta,chasma milta'),
    ('spectacles', 'hi', 'चश्मा बनता,चश्मा बनाते,चश्मा बनवाना,चश्मा बनवा,चश्मे बनाते,चश्मा मिलता'),
    ('spectacles', 'mr', 'चष्मा बनवता,चष्मा बनवून,चष्मा बनवायचा,चष्मा मिळतो,चष्मा करून'),
    ('spectacles', 'mr-Latn', 'chashma banvta,chashma banvun,chashma banvaycha,chashma milto,chasma milto')
) v(c, l, t);

-- 11. Paying online (+1): "online bhar", "paise online", "phone pe se paise" (PhonePe, not a phone call), ऑनलाइन
--    भुगतान as `payment`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'hi-Latn', 'phone pe se paise,phone pe se payment,phonepe se,phone pe se pay,paise online,online paise,online paisa,online bhar,online bhugtan,paisa online'),
    ('payment', 'hi', 'फोन पे से पैसे,फोनपे से,फ़ोनपे,फोनपे,ऑनलाइन पैसे,पैसे ऑनलाइन,ऑनलाइन भुगतान'),
    ('payment', 'mr', 'फोनपे ने,फोन पे ने,ऑनलाइन पैसे,ऑनलाइन भरता,ऑनलाइन पेमेंट'),
    ('payment', 'mr-Latn', 'phonepe ne,online bharta,online paise bharta')
) v(c, l, t);

-- 12. Who may stay with the patient: "saath mein kaun ruk sakta", साथ रुक सकते, Marathi सोबत थांबू शकतो as `companion`,
--    like "saath reh sakte".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('companion', 'hi-Latn', 'saath mein kaun ruk sakta,saath me kaun ruk sakta,kaun ruk sakta,saath ruk sakte,saath ruk sakta,saath me ruk sakte,saath koi ruk sakta,ruk sakta hai saath'),
    ('companion', 'hi', 'साथ में कौन रुक सकता,कौन रुक सकता,साथ रुक सकते,साथ में रुक सकते,साथ कोई रुक सकता'),
    ('companion', 'mr', 'सोबत कोण थांबू शकते,सोबत थांबू शकतो,सोबत थांबता येईल,सोबत कोण राहू शकते'),
    ('companion', 'mr-Latn', 'sobat kon thambu shakte,sobat thambu shakto,sobat thambta yeil')
) v(c, l, t);

-- 13. Not the painful injection (+3): "dard wala injection nahi", "dard wala nahi", "bina dard wala", दर्द वाला नहीं,
--    Marathi न दुखणारी लस as `painless vaccine`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('painless vaccine', 'hi-Latn', 'dard wala nahi,dard wala injection nahi,dard wala tika nahi,dard wali nahi,bina dard wala,bina dard wala injection,bina dard ka tika,bina dard wala tika,dard wala injection nahi chahiye'),
    ('painless vaccine', 'hi', 'दर्द वाला नहीं,दर्द वाला इंजेक्शन नहीं,दर्द वाला टीका नहीं,बिना दर्द वाला,बिना दर्द का टीका,बिना दर्द वाला टीका'),
    ('painless vaccine', 'mr', 'न दुखणारी लस,न दुखणारे इंजेक्शन,दुखत नाही अशी लस,वेदनारहित लस'),
    ('painless vaccine', 'mr-Latn', 'na dukhnari las,dukhat nahi ashi las')
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
