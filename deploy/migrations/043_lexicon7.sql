-- 043: understanding patients, round 7 (issue 19): the vocabulary patients use that the matcher does not know. Data
-- only: kb_lexicon_add rows (029), stop words, ordinary words (kb_words) and one generated set of chat spellings; no
-- function.
--
-- MEASURED FIRST, over every spent set (dev .. heldout6): for each answerable question, each token of its analysis
-- (kb_analyse) that the expected entry does not know was put in a category (part of speech / domain) and a cause
-- (no lexicon row knows the word; known but mapped to a concept the entry does not have; "corrected" by the typo step
-- into another word; dropped as a stop word). The table is in README ("Round 7's lexicon"). The biggest categories
-- were time expressions, clinic nouns and their verb forms, family and person words, verbs of seeing / visiting the
-- doctor, complaint words, paying; most of the loss is a concept the entry does not state (an asked thing), which no
-- row can fix; the rows below are the part a row can fix. Each group is an inventory of its category in en / hi-Latn /
-- hi / mr / mr-Latn, written from the languages, not from the questions:
--
--   A. time expressions: the day in Hindi (din, दिन, kis din), the date (tarikh), night and afternoon chat spellings.
--   B. family words: the grandparents in English and with honorifics (034 maps dadi, nani, aaji to senior).
--   C. seeing the doctor: showing a child to the doctor, the doctor who sees patients, the forms of dikhana, and the
--      doctor who "sits" in Hindi (baithna) and Marathi (basne). English "sit" is left out: "will sick kids sit with
--      the babies" and "can my husband sit with me" are not timings.
--   E. complaints: coughing and breathing trouble (wheezing, saans, श्वास, धाप).
--   F. ordinary words the typo step turned into a clinic word (showing -> sharing, metal -> meal).
--   G. English clinic verbs and their -ed / -ing / -ion forms as one concept (dilate / dilated / dilation, numbness /
--      anaesthesia, reimbursed, extract, operate, collect, print).
--   H. verbs of paying: making a payment, paying the fees (bharna only with money: "form bharna" fills a form).
--   K. verbs of coming and going that ask nothing: the future, polite and infinitive forms of aana / jaana / yene.
--   L. family words: husband and wife (pati, पती, navra, बायको), as the entries say them in English.
--   M. words that ask nothing: "with" in Hindi and Marathi (saath, सोबत, barobar), the intensifiers (bahut, खूप),
--      Hindi लग- without its ending.
--   N. urgency: "immediately" in Hindi and Marathi (turant, तुरंत, लगेच) as 034's "urgent", an emergency.
--   O. words that ask nothing: the forms of seeing, telling and giving (dekhoge, batate, doge) and "tk".
--   P. "without" in Hindi and Marathi (bina, बिना, शिवाय); Q. "first" (pehla, पहिला; Hindi पहला is left out: the
--      romanisation step reads पहले, "before", as पहला).
--   S. the romanised forms of "to be" (honi, hoti, hote) and "ago" as stop words; T. growing (grow, badhna, वाढ) as
--      034's growth; X. teaching (sikhate, पढ़ाते, शिकवता) as a concept of its own.
--   Y. insurance "cover" in code-mixed Hindi and Marathi (cover hota, कवर होता, कव्हर होतो) as 034's insurance.
--   J. chat spellings: two neighbouring letters swapped in a short word of the lexicon (crwon, tset), generated from
--      the lexicon itself.
--
-- Each group was CHECKED on all spent sets (tests/kb_eval/eval.py --set all, knowledge base and intents) and kept
-- only when no set lost precision. Left out after that check: "bill" / "total" as a fee ("will my mediclaim cover the
-- bill", "talk to the staff about my bill": a bill is asked about in other ways than its price), "paid" as a payment
-- ("free or paid" is a follow-up question), a deposit / advance concept, "classroom" / क्लास as a class (034 left the
-- Devanagari word out for the same reason: the CCTV entry's classrooms then answered class questions), "inject" as an
-- injection (the painless-injection entries fell), mother and father as concepts (an entry about bedridden or elderly
-- patients then scored lower for "my mother is bedridden": a word that had been plain weighed as a concept), "numb" /
-- "numbs" (the typo step turned "numbr" into them), English "sit" as a timing, number words as stop words (near misses
-- got answers), "severe" / tez as 034's high, vaccine abbreviations (bcg, opv, hep b) as vaccines, km / how far as a
-- distance, and swaps that change the first letter or lie one edit from another known word (a name "meera" was
-- corrected into a swap). Figures: README, "The knowledge base".

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- A. time expressions: the day in Hindi, the date, the part of the day in chat spellings
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('day', 'hi-Latn', 'din,dino,dinon,kis din,kaun se din,kaunse din,konse din,kon se din,kaunsa din,konsa din,' ||
   'kis kis din,kin dino,kin dinon'),
('day', 'hi', 'दिन,दिनों,किस दिन,कौन से दिन,कौनसे दिन,कौन सा दिन,किन दिनों,किस किस दिन'),
('day', 'en', 'which day,what day,which days,what days,on which day,on what day'),
('date', 'hi-Latn', 'tarikh,tareekh,tarik,tarikh ko'),
('date', 'hi', 'तारीख,तारीख़,तिथि,तारीख को'),
('date', 'mr', 'तारीख,तारखेला,तारखेस,तारीखला'),
('date', 'mr-Latn', 'tarkhela,tarikhla'),
('evening', 'en', 'nite,nites,tonight,tonite,2nite,late night,late at night,at nite,night time,nighttime'),
('afternoon', 'en', 'afternoons,after lunch,post lunch,lunch hour')
) v(c, l, t);

-- B. family words: the grandparents (034 maps dadi, nani, aaji to senior; their English and honorific forms)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('senior', 'en', 'grandmother,grandfather,grandma,grandpa,granny,grandmom,granddad,grandad,grand mother,' ||
   'grand father,' ||
   'grandmothers,grandfathers,grandmas,grandpas,nanny'),
('senior', 'hi-Latn', 'dadaji,dadiji,nanaji,naniji,nanima,dadima,daadi,naani,daada,naana,dada ji,dadi ji,' ||
   'nana ji,nani ji'),
('senior', 'hi', 'दादाजी,दादीजी,नानाजी,नानीजी,दादीमां,नानीमां,दादी मां,नानी मां,दादा जी,दादी जी,नाना जी,नानी जी'),
('senior', 'mr', 'आजीला,आजोबांना,आजीचे,आजीची,आजीचा,आजोबांचे,आजोबांची,आजोबांचा,आजींना,आजीसाठी,आजोबांसाठी'),
('senior', 'mr-Latn', 'aaji,aajoba,aji,ajoba,aajila,aajobanna,aajinna,ajila,ajobanna')
) v(c, l, t);

-- C. seeing the doctor: "showing" a child to the doctor (034 has "show my child"), the doctor who "sees patients", the
-- forms of dikhana, the doctor who "sits" in Hindi (baithna; 034 has baithte) and Marathi (basne)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('consultation child', 'en', 'show my baby,show my son,show my daughter,show my kid,show my kids,show my children,' ||
   'show my newborn,show my little one,show my toddler,show the baby,show the child,show baby,show my babies,' ||
   'showing my baby,showing my child,showing my son,showing my daughter,showing my kid,showing the baby'),
('consultation', 'en', 'see patients,sees patients,seeing patients,see the patients,check patients,checks patients,' ||
   'show to doctor,show to a doctor,showing to the doctor,showing to doctor,get seen,get him checked,get her checked'),
('consultation', 'hi-Latn', 'dikhaye,dikhaya,dikhate,dikhati,dikhaoge,dikhayen,dikhayein,dikhwaye,dikhwaya,' ||
   'dikhvana,dikhane aana,dikhane aa,dikhana tha'),
('consultation', 'hi', 'दिखाए,दिखाया,दिखाते,दिखाती,दिखाने,दिखाना,दिखवाना,दिखवाने,दिखाओगे,दिखाएं,दिखाएँ'),
('timing', 'hi-Latn', 'baithengi,bethte,bethti,bethta,bethenge,baithte h,baithti h,baithti hai,baithta hai,' ||
   'baithenge kya'),
('timing', 'hi', 'बैठते हैं,बैठेंगे,बैठेंगी,बैठता,बैठता है,बैठती है,बैठते है'),
('timing', 'mr', 'बसतात,बसतील,बसणार,बसता,बसतात का,कधी बसतात,किती वाजता बसतात'),
('timing', 'mr-Latn', 'bastat,bastil,basnar,basta,kiti vajta bastat')
) v(c, l, t);

-- E. complaints: coughing and breathing trouble as patients write them
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('cough', 'en', 'coughing,coughs,coughed,caugh,cogh,coff'),
('cough', 'hi-Latn', 'khaansi,khasi,khansee,khaasi,khaansee'),
('cough', 'hi', 'खांसी,खाँसी,खासी'),
('cough', 'mr', 'खोकला,खोकल्याचा,खोकल्याची,खोकल्यासाठी,खोकल्यावर'),
('cough', 'mr-Latn', 'khokla,khoklyacha,khoklyasathi'),
('breathing', 'en', 'wheezing,wheeze,wheezy,breathing problem,breathing difficulty,difficulty breathing,' ||
   'difficulty in breathing,' ||
   'shortness of breath,short of breath,breathlessness,trouble breathing,breathing trouble'),
('breathing', 'hi-Latn', 'saans,sans,saans lene,saans phoolna,saans phulna,saans phool,saans ki taklif,' ||
   'saans ki takleef,' ||
   'saans lene me taklif,saans lene mein taklif,saans lene me dikkat,sans lene'),
('breathing', 'hi', 'सांस,साँस,सांस लेने,साँस लेने,सांस फूलना,साँस फूलना,सांस की तकलीफ,सांस लेने में तकलीफ,' ||
   'सांस लेने में दिक्कत'),
('breathing', 'mr', 'श्वास,धाप,दम,श्वास घेण्यास,श्वास घ्यायला,धाप लागणे,धाप लागते,दम लागतो,श्वास घेताना'),
('breathing', 'mr-Latn', 'shwas,dhap,dhaap,dhap lagte,dam lagto,shwas ghyayla')
) v(c, l, t);

-- F. ordinary words never corrected into a clinic word they resemble (kb_words): English -ing forms and adverbs,
-- Hindi verb forms
INSERT INTO kb_words (word) SELECT DISTINCT unnest(kb_raw_words(
    'showing shows showed heavily metal metals going coming giving taking making getting eating drinking walking ' ||
    'playing crying properly suddenly easily quickly slowly badly really usually normally mostly recently ' ||
    'naye naya nayi paani'))
ON CONFLICT DO NOTHING;

-- G. English clinic verbs and their -ed / -ing / -ion forms as one concept (kb_fold unifies plurals, not these):
-- an entry that says "pupils are dilated" and a question about "dilation drops" share the concept
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('dilation', 'en', 'dilate,dilated,dilating,dilatation,dilates'),
('dilation', 'hi', 'डाइलेशन,डायलेशन,डाइलेट,डायलेट'),
('dilation', 'mr', 'डायलेशन,डायलेट,डाइलेशन'),
('numbing', 'en', 'numbness,anaesthesia,anesthesia,anaesthetic,anesthetic,local anaesthesia,local anesthesia'),
('numbing', 'hi', 'सुन्न,सुन्न करना,सुन्न करने,सुन्न कर,एनेस्थीसिया,एनेस्थिसिया'),
('numbing', 'hi-Latn', 'sunn,sunn karna,sunn karte,sunn kar,sun kar dete,anaesthesia dete'),
('numbing', 'mr', 'बधिर,बधिर करणे,बधिर करतात,भूल देतात,भूल देणे,एनेस्थेशिया'),
('numbing', 'mr-Latn', 'badhir,badhir kartat,bhool detat'),
('insurance', 'en', 'reimbursed,reimburse,reimburses,reimbursing,claimed,claims,claiming'),
('extraction', 'en', 'extract,extracted,extracting,extracts'),
('surgery', 'en', 'operate,operated,operating,operations'),
('combination', 'en', 'combined,combine,combo,combos'),
('collect', 'en', 'collected,collecting,collection,collects'),
('print', 'en', 'printed,printout,print out,prints,printouts,printing')
) v(c, l, t);

-- H. verbs of paying in the five languages (034 has pay, paying, cash, upi): making a payment, paying the fees
-- (Hindi and Marathi bharna only with money or fees: "form bharna" fills a form)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('payment', 'en', 'make payment,make the payment,making payment,pay online,pay by,pay through,pay with'),
('payment', 'hi-Latn', 'pay karna,pay kar sakte,pay kar sakta,pay kar sakti,pay karu,pay karun,pay karte,' ||
   'pay kare,pay kar du,' ||
   'payment karna,payment kar sakte,paise dene,paisa dena,paise dena,paise jama,paise bharne,fees bharni,' ||
   'fee bharni,fees jama'),
('payment', 'hi', 'पे करना,पे कर सकते,पेमेंट,पेमेंट करना,पेमेंट कर सकते,पैसे देने,पैसे देना,पैसे जमा,पैसे भरने,' ||
   'फीस भरनी,फीस जमा'),
('payment', 'mr', 'पे करता,पे करू,पे करायचे,पेमेंट करता,पेमेंट करायचे,पैसे भरायचे,पैसे भरावे,पैसे भरता,' ||
   'फी भरायची,फी भरावी,' ||
   'पैसे द्यायचे,पैसे देता'),
('payment', 'mr-Latn', 'pay karta,pay karu,pay karaycha,payment karta,paise bharayche,paise bharave,' ||
   'fee bharaychi,paise dyayche')
) v(c, l, t);

-- K. verbs of coming and going that ask nothing (stop words), the chat spellings 034 and 040 did not have: Hindi
-- aana / jaana and Marathi yene / jaane in their future, habitual, polite and infinitive forms, both scripts
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words(
    'aega aaega ayega aegi aaegi ayegi aenge aaenge ayenge aaoge aaogi aaogey aayen aaiye aaiyega aaiyegi ' ||
    'aane aate aati aaunga aaungi aaenge jaane jaate jaati jaoge jaogi jaunga jaungi jaenge jayenge jayegi jaaye ' ||
    'yava yave yavi yayla yaayla yetil yena yeun jaava jaave jayche ' ||
    'आयेगा आयेगी आयेंगे आऊँ आने आते आती आइए आइये आएं आएँ आओगे आऊंगा आऊँगा जाने जाते जाती जाओगे जाऊंगा जाऊँगा ' ||
    'जाएंगे जायेंगे जाएगी यायला यावे यावं यावी येतील येऊन जावे जावं'))
ON CONFLICT DO NOTHING;

-- L. family words: husband and wife in the five languages, as entries say them in English
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('husband', 'en', 'hubby,hubbie,my husband'),
('husband', 'hi-Latn', 'pati,patidev,mere pati,miyan'),
('husband', 'hi', 'पति,पतिदेव,मेरे पति'),
('husband', 'mr', 'पती,नवरा,नवऱ्याला,नवऱ्यासोबत,नवऱ्याचे,नवऱ्याची,माझे पती,मिस्टर'),
('husband', 'mr-Latn', 'navra,navryala,navryasobat,mister'),
('wife', 'en', 'wifey,my wife,missus'),
('wife', 'hi-Latn', 'patni,biwi,biwi ko,meri patni,wife ko'),
('wife', 'hi', 'पत्नी,बीवी,मेरी पत्नी,वाइफ'),
('wife', 'mr', 'बायको,बायकोला,बायकोचे,बायकोची,पत्नीला,मिसेस'),
('wife', 'mr-Latn', 'bayko,baiko,baykola,baikola')
) v(c, l, t);

-- M. words that ask nothing: "with" and the intensifiers in Hindi and Marathi (साथ is a stop word already), Hindi
-- लग- without its ending (लगता, lage are stop words already)
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words(
    'saath sath sathe sobat sobatch barobar सोबत सोबतच बरोबर ' ||
    'bahut bohot bahot boht khup khoop बहुत खूप फार ' ||
    'लग लगे लगी लगा'))
ON CONFLICT DO NOTHING;

-- N. urgency words ("urgent" is an emergency in 034): immediately in Hindi and Marathi
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('emergency', 'hi-Latn', 'turant,turat,fauran,foran,tatkal,jaldi se jaldi'),
('emergency', 'hi', 'तुरंत,तुरन्त,फौरन,तत्काल,जल्द से जल्द'),
('emergency', 'mr', 'लगेच,ताबडतोब,तातडीने,तातडीची'),
('emergency', 'mr-Latn', 'lagech,tabadtob,tatdine,tatdichi')
) v(c, l, t);

-- O. words that ask nothing: the forms of seeing, telling and giving 034 did not have (dekhenge, बताइए and देंगे
-- are stop words already), and the chat spelling "tk" of tak
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words(
    'dekhoge dekhogi dekhne dekhna dekhni देखोगे देखोगी देखने देखना ' ||
    'batate batati batata batayenge batayengi बताते बताती बताता बताएंगे बतायेंगे ' ||
    'doge doga dogi denge dena दोगे दोगी देना tk'))
ON CONFLICT DO NOTHING;

-- P. "without" in Hindi and Marathi (an entry that says "without seeing the doctor" has the English word)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('without', 'hi-Latn', 'bina,binaa,bagair,baghair'),
('without', 'hi', 'बिना,बगैर,बग़ैर'),
('without', 'mr', 'शिवाय,विना,न दाखवता'),
('without', 'mr-Latn', 'shivay,vina,na dakhavta')
) v(c, l, t);

-- Q. "first" in Hindi and Marathi (034 maps pehli baar, the first visit, to a consultation)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('first', 'hi-Latn', 'pehla,pehli,pahla,pahli,pehela'),
('first', 'mr', 'पहिला,पहिली,पहिले,पहिल्या'),
('first', 'mr-Latn', 'pahila,pahili,pahilya')
) v(c, l, t);

-- S. the forms of "to be" in romanised Hindi that 034 left as ordinary words (होना, hona are stop words), and "ago"
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words('honi hoti hote hoyega ago'))
ON CONFLICT DO NOTHING;

-- T. growing (034 has growth): the verb's forms in English, Hindi and Marathi
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('growth', 'en', 'grow,grows,growing,grown,grew'),
('growth', 'hi-Latn', 'badhna,badh raha,badh rahi,badh nahi raha,lambai,lambai badhna'),
('growth', 'hi', 'बढ़ना,बढ़ रहा,बढ़ रही,बढ़ नहीं रहा,लंबाई'),
('growth', 'mr', 'वाढ,वाढत,वाढत नाही,वाढ होत,उंची'),
('growth', 'mr-Latn', 'vadh,vadhat,vadhat nahi,unchi')
) v(c, l, t);

-- X. teaching (a pre-school's activities): teach and its Hindi and Marathi forms
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('teach', 'en', 'teaches,teaching,taught,learn,learning,learns'),
('teach', 'hi-Latn', 'sikhate,sikhaate,sikhati,sikhayenge,sikhana,padhate,padhaate,padhayenge,padhai,seekhna,sikhna'),
('teach', 'hi', 'सिखाते,सिखाती,सिखाएंगे,सिखाना,पढ़ाते,पढ़ाती,पढ़ाई,सीखना'),
('teach', 'mr', 'शिकवता,शिकवतात,शिकवणार,शिकवले,शिकणे,शिकतात'),
('teach', 'mr-Latn', 'shikavta,shikavtat,shikavnar,shikta,shiktat')
) v(c, l, t);

-- Y. insurance "cover" in code-mixed Hindi and Marathi (034 has "covered by insurance", "is it covered")
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('insurance', 'hi-Latn', 'cover hota,cover hoti,cover hote,cover hoga,cover hogi,cover karta,cover karti,cover karte,' ||
   'cover karega,cover karegi,cover milta,cover milega,me cover,mein cover,cover hai kya'),
('insurance', 'hi', 'कवर होता,कवर होती,कवर होगा,कवर होगी,कवर करता,कवर करती,कवर करेगा,कवर मिलेगा,कवर है,कवर होते'),
('insurance', 'mr', 'कव्हर होतो,कव्हर होते,कव्हर होईल,कव्हर मिळतो,कव्हर मिळेल,कव्हर करतो,कव्हर करते,कव्हर आहे'),
('insurance', 'mr-Latn', 'cover hoto,cover hote,cover hoil,cover milto,cover milel,cover karto,cover karte,cover aahe')
) v(c, l, t);

-- J. chat spellings: two neighbouring letters swapped in a short lexicon word ("crwon", "fese", "tiem"). The typo
-- step allows one edit in a word of 4-5 letters and a swap is two, so each such word's swaps are written as terms of
-- its concept; a swap that is itself a word of the lexicon, of kb_words or a stop word, or one edit from one, is left
-- out. The first letter stays (the typo step keeps it too: a word is only corrected into one with its first letter).
WITH src AS (
    SELECT DISTINCT s.term AS word, s.canonical FROM kb_synonyms s
    WHERE s.doctor_id IS NULL AND s.term ~ '^[a-z]{4,5}$' AND s.canonical <> ''
    UNION
    SELECT DISTINCT c, c FROM kb_synonyms s, LATERAL unnest(string_to_array(s.canonical, ' ')) c
    WHERE s.doctor_id IS NULL AND c ~ '^[a-z]{4,5}$'),
swaps AS (
    SELECT DISTINCT ON (v.term) v.term, src.canonical
    FROM src, generate_series(2, char_length(src.word) - 1) i,
         LATERAL (SELECT left(src.word, i - 1) || substr(src.word, i + 1, 1) || substr(src.word, i, 1)
                         || substr(src.word, i + 2) AS term) v
    WHERE v.term <> src.word
    ORDER BY v.term, src.canonical)
INSERT INTO kb_synonyms (term, canonical, lang)
SELECT w.term, w.canonical, 'en'
FROM swaps w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term = w.term)
  AND NOT EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word = w.term)
  AND NOT EXISTS (SELECT 1 FROM kb_words k WHERE k.word = w.term)
  AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w.term)
  AND NOT EXISTS (SELECT 1 FROM swaps o WHERE o.term = w.term AND o.canonical <> w.canonical)
  -- nor a swap one edit from another word (a name, a stop word, an ordinary word: "mera", "want")
  AND NOT EXISTS (SELECT 1 FROM (SELECT v.word FROM kb_vocab v WHERE v.doctor_id IS NULL
                                 UNION ALL SELECT k.word FROM kb_words k
                                 UNION ALL SELECT sw.word FROM kb_stopwords sw) o
                  WHERE left(o.word, 1) IN (left(w.term, 1), substr(w.term, 2, 1))
                    AND abs(char_length(o.word) - char_length(w.term)) <= 1
                    AND levenshtein_less_equal(o.word, w.term, 1) <= 1)
ON CONFLICT DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;

-- the entries that exist, with the new lexicon
UPDATE kb_entries SET question = question;
