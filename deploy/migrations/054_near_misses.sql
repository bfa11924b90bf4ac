-- 054: the knowledge base's near misses kept, generic words, aspects said in words (issue 19, round 10). Mostly data:
-- kb_weights and kb_lexicon_add rows (029), one global kb_synonyms row changed ("fix"), and 052's kb_answer_aspects
-- replaced with one aspect more (5. below); kb_match_tokens_lexical (049's, t17's in this round) is not changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout9; README "Round 10's near misses and generic words" has the
-- table): of the 49 near miss, medical and unrelated questions the knowledge base answered, 28 name a subject an
-- entry covers word for word and ask a service or detail of it ("ivf ka kharcha" at the infertility entry: a cause
-- of the score, which no row fixes), 5 miss only a word weighed low on purpose (tomorrow, child), and 16 passed
-- because the word that makes them a near miss was not a concept: a word no lexicon row knows weighs 0.6 and is never an
-- IMPORTANT word (kb_token_weights: a lexicon concept weighs 1), so an entry that lacks it loses little ("xray ki *cd*
-- milegi kya", "nebuliser machine *rent* pe milti hai kya", "is there *valet* parking", "certificate var doctor cha
-- *stamp* asto ka", "daant *hil raha* hai nikalna padega kya"), or it was corrected as a typo into a concept it is not
-- ("infection" read as injection, "bleed" and "rash" as crowd, "khujli" as open, "courier" as counter). The rows
-- below are inventories written from the five languages (en, hi-Latn, hi, mr-Latn, mr), not from the questions:
-- what a patient says of a symptom, a property of a treatment, and the details of a service a clinic's answer may
-- not state. As concepts they are known words (never "corrected" into another), weigh 1, and are important words
-- that an entry whose words and answer do not name them misses.

-- The rows below are added with the lexicon's triggers off and every entry and intent example read once at the end
-- (as 049, 051 and 052 do): each kb_lexicon_add would otherwise re-read all of them.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;

-- 1. Symptoms: what a patient says is happening to the body. A medical question names one ("is it normal to bleed
--    after the scaling", "daant hil raha hai", "chashme ka number badh gaya") and no clinic's entry states it, so it
--    stays unanswered; an entry about the symptom names it in its own words and is not affected.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bleeding', 'en', 'bleed,bleeding,blood coming,blood is coming,spotting'),
    ('bleeding', 'hi-Latn', 'khoon aa raha,khoon aa rahi,khoon nikal raha,khun aa raha,khun nikal raha,blood aa raha,khoon behna,khoon aana'),
    ('bleeding', 'hi', 'खून आ रहा,खून निकल रहा,खून आना,ब्लीडिंग,रक्तस्राव,रक्तस्त्राव'),
    ('bleeding', 'mr-Latn', 'rakt yet,rakta yet,raktasrav,raktsrav,blood yet'),
    ('bleeding', 'mr', 'रक्त येत,रक्त येते,रक्तस्राव,रक्तस्त्राव,ब्लीडिंग'),
    ('swelling', 'en', 'swelling,swollen,swell,puffy'),
    ('swelling', 'hi-Latn', 'sujan,soojan,sujaan,sooj gaya,suj gaya,suj gayi,sooj gayi'),
    ('swelling', 'hi', 'सूजन,सूज गया,सूज गई,सूजा'),
    ('swelling', 'mr-Latn', 'suj,sujla,sujli,sujle,suj aali'),
    ('swelling', 'mr', 'सूज,सुजला,सुजली,सुजले,सूज आली'),
    ('wobbly', 'en', 'is loose,are loose,feels loose,feel loose,became loose,become loose,wobbling'),
    ('wobbly', 'hi-Latn', 'hil raha,hil rahe,hil rahi,hilta hai,hilte hai,hilne laga,hilne lage'),
    ('wobbly', 'hi', 'हिल रहा,हिल रहे,हिल रही,हिलता है,हिलते हैं,हिलने लगा'),
    ('wobbly', 'mr-Latn', 'halat aahe,haltoy,halto,halatat,halte'),
    ('wobbly', 'mr', 'हलत आहे,हलतोय,हलतो,हलतात,हलते'),
    ('increase', 'en', 'increased,increasing,has increased,gone up,went up,getting worse,worsened'),
    ('increase', 'hi-Latn', 'badh gaya,badh gayi,badh gaye,badh raha,badh rahi,badhta ja raha,zyada ho gaya'),
    ('increase', 'hi', 'बढ़ गया,बढ़ गई,बढ़ गए,बढ़ रहा,बढ़ रही,बढ गया,बढ गई'),
    ('increase', 'mr-Latn', 'vadhla,vadhli,vadhle,vadhat aahe,vadhtoy'),
    ('increase', 'mr', 'वाढला,वाढली,वाढले,वाढत आहे,वाढतोय'),
    ('itching', 'en', 'itch,itchy,itching'),
    ('itching', 'hi-Latn', 'khujli,khujali,khujlee,kharish'),
    ('itching', 'hi', 'खुजली,खारिश'),
    ('itching', 'mr-Latn', 'khaj,khaaj,khaj yete,khaj sutli'),
    ('itching', 'mr', 'खाज,खाज येते,खाज सुटली'),
    ('rash', 'en', 'rashes,skin rash,hives'),
    ('rash', 'hi-Latn', 'daane,dane nikle,chakatte,lal daane'),
    ('rash', 'hi', 'दाने,चकत्ते,लाल दाने'),
    ('rash', 'mr-Latn', 'pural,lal chatte'),
    ('rash', 'mr', 'पुरळ,लाल चट्टे'),
    ('vomiting', 'en', 'vomit,vomiting,throwing up,nausea,nauseous'),
    ('vomiting', 'hi-Latn', 'ulti,ultee,ultiyan,ulti ho rahi,jee machal'),
    ('vomiting', 'hi', 'उल्टी,उलटी,उल्टियां,जी मचल'),
    ('vomiting', 'mr-Latn', 'ulati,ulti hot,okari,malmal'),
    ('vomiting', 'mr', 'उलटी,उलट्या,ओकारी,मळमळ'),
    ('dizziness', 'en', 'dizzy,dizziness,giddy,giddiness,fainting'),
    ('dizziness', 'hi-Latn', 'chakkar,chakkar aa raha,chakkar aate,behoshi,behosh'),
    ('dizziness', 'hi', 'चक्कर,चक्कर आ रहा,बेहोशी,बेहोश'),
    ('dizziness', 'mr-Latn', 'chakkar yete,chakkar yet,bhoval'),
    ('dizziness', 'mr', 'चक्कर येते,चक्कर येत,भोवळ'),
    ('pus', 'en', 'pus,oozing'),
    ('pus', 'hi-Latn', 'mavaad,mawad,peep'),
    ('pus', 'hi', 'मवाद,पीप,पस'),
    ('pus', 'mr', 'पू'),
    ('infection', 'en', 'infection,infections,infected,septic'),
    ('infection', 'hi-Latn', 'sankraman,infekshan,infaction'),
    ('infection', 'hi', 'इन्फेक्शन,संक्रमण,इंफेक्शन'),
    ('infection', 'mr-Latn', 'jantusansarg,sansarg'),
    ('infection', 'mr', 'जंतुसंसर्ग,संसर्ग,इन्फेक्शन'),
    ('diarrhoea', 'en', 'diarrhoea,diarrhea,loose motion,loose motions,loose stools'),
    ('diarrhoea', 'hi-Latn', 'dast,dasth,pet kharab,pait kharab'),
    ('diarrhoea', 'hi', 'दस्त,पेट खराब,लूज़ मोशन,लूज मोशन'),
    ('diarrhoea', 'mr-Latn', 'julab,jhulab,pot bighadle'),
    ('diarrhoea', 'mr', 'जुलाब,पोट बिघडले')
) v(c, l, t);

-- 2. Properties a question asks of a treatment: whether it is safe or risky, whether what the patient feels is normal.
--    (Pain, side effects and harm are the lexicon's `pain` and `safety` already.)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('safety', 'en', 'safe,safely,unsafe,is it safe,risk,risks,risky,dangerous,danger,complication,complications'),
    ('safety', 'hi-Latn', 'surakshit,safe hai,khatra,khatre,khatarnak,khatarnaak'),
    ('safety', 'hi', 'सुरक्षित,ख़तरा,खतरा,खतरनाक,ख़तरनाक,जोखिम'),
    ('safety', 'mr-Latn', 'dhoka,dhokadayak,dhokyache'),
    ('safety', 'mr', 'धोका,धोकादायक,धोक्याचे'),
    ('normalcy', 'en', 'is it normal,is this normal,is that normal,normal to'),
    ('normalcy', 'hi-Latn', 'normal hai,normal he,aam baat,sadharan hai,samanya hai'),
    ('normalcy', 'hi', 'नॉर्मल है,सामान्य है,आम बात'),
    ('normalcy', 'mr-Latn', 'normal aahe,normal ahe,samanya aahe'),
    ('normalcy', 'mr', 'नॉर्मल आहे,सामान्य आहे')
) v(c, l, t);

-- 3. Details of a service that a clinic's answer about the service need not state: a copy on a disc or film, sending
--    by courier, renting equipment ("on rent"; not "kiraya", which is also a fare), valet parking, a stamp or
--    signature, GPS on the bus, what costs extra, someone's name (`naming`: "what is the name of the counsellor"),
--    whether to fast ("do i need to fast for the blood test"). Measured
--    and NOT kept: "include" ("what does the package include" asks the package's contents, which its answer lists
--    without the word: 5 right answers lost). Inflected forms of 6 letters or more that a typo of a common word is
--    corrected to ("stamped" took "stopped") are left out.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('cd', 'en', 'cd,cds,dvd,film,films,printout,print out'),
    ('cd', 'hi-Latn', 'cd milegi,cd me,film milegi'),
    ('cd', 'hi', 'सीडी,डीवीडी,फिल्म,प्रिंटआउट'),
    ('cd', 'mr', 'सीडी,फिल्म'),
    ('courier', 'en', 'courier,by post,speed post'),
    ('courier', 'hi-Latn', 'courier kar,courier karo,post kar,dak se'),
    ('courier', 'hi', 'कूरियर,कुरियर,कोरियर,डाक से'),
    ('courier', 'mr', 'कुरिअर,कुरियर,पोस्टाने'),
    ('rent', 'en', 'rental,on rent,on hire,hire,for hire'),
    ('rent', 'hi-Latn', 'kiraye pe,kiraye par,kiraaye pe,kiraaye par,bhade pe,bhade par'),
    ('rent', 'hi', 'किराए पर,किराये पर,किराए पे,भाड़े पर,भाड़े पे'),
    ('rent', 'mr-Latn', 'bhadyane,bhadyavar'),
    ('rent', 'mr', 'भाड्याने,भाड्यावर'),
    ('valet', 'en', 'valets,valet service'),
    ('valet', 'hi', 'वैले,वॅले'),
    ('stamp', 'en', 'stamp,seal,signature'),
    ('stamp', 'hi-Latn', 'mohar,mohor,muhar,dastakhat,shikka'),
    ('stamp', 'hi', 'मोहर,मुहर,दस्तखत,हस्ताक्षर,स्टैंप,स्टाम्प'),
    ('stamp', 'mr-Latn', 'shikka,swakshari'),
    ('stamp', 'mr', 'शिक्का,स्वाक्षरी,स्टॅम्प'),
    ('gps', 'en', 'gps'),
    ('gps', 'hi', 'जीपीएस'),
    ('extra', 'en', 'extra,additional'),
    ('extra', 'hi-Latn', 'atirikt'),
    ('extra', 'hi', 'अतिरिक्त,एक्स्ट्रा'),
    ('extra', 'mr-Latn', 'atirikta'),
    ('extra', 'mr', 'अतिरिक्त,जास्तीचे'),
    ('naming', 'en', 'name,names,named,name of'),
    ('naming', 'hi-Latn', 'naam,naam kya,ka naam,ki naam'),
    ('naming', 'hi', 'नाम,का नाम'),
    ('naming', 'mr-Latn', 'naav,nav kay'),
    ('naming', 'mr', 'नाव,चे नाव'),
    ('fasting', 'en', 'need to fast,have to fast,should i fast,do i fast,must i fast,to fast,fast for,fast overnight,fasting required')
) v(c, l, t);

-- 4. Generic words are not what a question asks (README "Round 9's paraphrases": a generic verb or adverb weighed as a
--    concept is the second cause of the English misses). "Do you teach phonics" asks about phonics, "how long to make
--    glasses" about glasses, "birth certificate aadhaar photos list" about the documents, "parking near the clinic"
--    about parking, "how is the cataract operation done" about the operation: teaching, making, a list, nearness and
--    the process weigh 0.5 (0.6) for the knowledge base (kb_weights.weight; intent_weight stays unset, so the intents
--    weigh them as before), and their words in the five languages read as those concepts (not the stop words: "banega",
--    "banwana" stay nothing). "Type" was corrected to
--    "time" (timing) and "entire" to "enter": the words of a kind and of the whole read as `kind` and `full`. "Fix"
--    alone is a repair ("can you fix a permanent tooth", "braces to fix a gap"), not a booking; a booking is fixed
--    with its object ("fix a time", "fix a slot", "appointment fix kar do"), which the lexicon reads as before.
--    Measured and NOT kept: "after" and "before" weighed 0.5 ("scaling ke baad thanda lagta hai kya" and "what should i
--    eat after the tmt" answered, right answers about what follows an operation lost), "ek" (one) weighed 0.3.
INSERT INTO kb_weights (word, weight) VALUES ('teach', 0.5), ('make', 0.5), ('list', 0.5), ('near', 0.5), ('full', 0.5),
                                             ('kind', 0.5), ('process', 0.6)
ON CONFLICT (word) DO NOTHING;
-- "see" / "show" (dikhana, दाखवा) is seeing the doctor as `meet` is (052: 0.4, like `consultation`): "how much to see
-- the eye doctor" asks the fee (+4 right, no near miss answered); the intents' weight of it (0.5) is unchanged
UPDATE kb_weights SET weight = 0.4 WHERE word = 'show';
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('kind', 'en', 'type,types,kinds,kind of,type of,types of,variety'),
    ('kind', 'hi-Latn', 'prakar,prakaar,kis type,kaun sa type'),
    ('kind', 'hi', 'प्रकार,किस्म,टाइप'),
    ('kind', 'mr-Latn', 'prakar,kontya prakarcha'),
    ('kind', 'mr', 'प्रकार,प्रकारचा,प्रकारची'),
    ('full', 'en', 'whole,entire,complete'),
    ('full', 'hi-Latn', 'pura,poora,puri,poori,sampoorn,sampurn'),
    ('full', 'hi', 'पूरा,पूरी,संपूर्ण,सम्पूर्ण'),
    ('full', 'mr-Latn', 'purna,sagla,sagli,sampurna'),
    ('full', 'mr', 'पूर्ण,सगळा,सगळी,संपूर्ण'),
    ('near', 'en', 'nearby,close to,near by,nearest'),
    ('near', 'hi-Latn', 'ke paas,ke pass,nazdeek,najdik,nazdik'),
    ('near', 'hi', 'के पास,नज़दीक,नजदीक'),
    ('near', 'mr-Latn', 'jawal,javal,jawalch,javalch'),
    ('near', 'mr', 'जवळ,जवळच'),
    ('make', 'en', 'made,making'),
    ('make', 'hi-Latn', 'banta,banti,banane'),
    ('make', 'hi', 'बनता,बनती,बनाने'),
    ('make', 'mr-Latn', 'banavta,banavtat'),
    ('make', 'mr', 'बनवता,बनवतात'),
    ('list', 'en', 'lists,checklist,check list'),
    ('list', 'hi-Latn', 'suchi,soochi,list de do'),
    ('list', 'hi', 'सूची,लिस्ट'),
    ('list', 'mr-Latn', 'yadi,yaadi'),
    ('list', 'mr', 'यादी,लिस्ट'),
    ('repair', 'en', 'fix,fixing,repair,repaired,mend'),
    ('appointment', 'en', 'fix a visit,fix a slot,fix a date,fix appointment,fix my appointment,fix an appt,fix a consultation'),
    ('appointment', 'hi-Latn', 'appointment fix,appt fix,slot fix,time fix,visit fix')
) v(c, l, t);
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
DELETE FROM kb_synonyms WHERE doctor_id IS NULL AND term = 'fix' AND canonical = 'book';
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
SELECT kb_lexicon_add('repair', 'en', 'fix');

-- 5. Aspects said in words (049's kb_answer_aspects, replaced: one aspect more). An answer that says a thing is done
--    in one morning, one sitting or the same day ("The Heart Check package ... done in one morning") states that it
--    is done in a day, and a question that asks so ("pura heart checkup ek din me ho jayega", "can it all be done in
--    one day", "एकाच दिवशी होईल का") reads as `sameday`; where the answer says nothing of it, that word stays missing.
--    The lexicon reads the other ways of saying a period in words as the period an answer states: every three months,
--    quarterly, "har teen mahine", "तिमाही" are a quarter ("Rs 9,000 per quarter"); "within a week", "ek hafte me", "आठवड्याभरात" ask a duration (the answer's "within 7 days"); "for the first
--    time", "pahilyanda", "पहिल्यांदा" are `first`, not a timing.
CREATE OR REPLACE FUNCTION kb_answer_aspects(p_answer text) RETURNS text[]
 LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    WITH a AS (SELECT lower(left(coalesce(p_answer, ''), 2000)) AS t),
    -- a count: digits (Latin or Devanagari), a range of them, or a number word of the five languages
    n AS (SELECT '(?:[0-9०-९]+(?:[.,][0-9]+)?(?:\s*(?:-|–|to|or|se|ते|से|ते)\s*[0-9०-९]+)?|\m(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|few|couple of|half an?|ek|do|teen|char|paanch|das|don|tin|chaar|pach|एक|दो|तीन|चार|पांच|पाँच|दस|दोन|पाच|अर्धा|आधा))'::text AS num)
    SELECT ARRAY(SELECT x FROM (VALUES
        -- a number with a unit of time: it takes, lasts or is ready in that long (not a time before or since
        -- something: "eat 2 hours before the test", "born 3 days ago")
        ('duration', (SELECT a.t ~ (n.num || '\s*(?:\+\s*)?(?:\m(?:mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?|yrs?|din|dino|dinon|hafte|hafta|mahine|mahina|mahino|saal|sal|ghante|ghanta|ghanton|divas|aathavde|athavde|aathavda|varsh|varshe|tas|taas|minit|miniti|minitanchi)\M|दिन|दिनों|हफ्ते|हफ़्ते|हफ्ता|सप्ताह|महीने|महीना|महीनों|साल|वर्ष|वर्षे|घंटे|घंटा|घंटों|मिनट|दिवस|दिवसां|आठवडे|आठवडा|आठवड्य|महिने|महिना|महिन्य|तास|मिनिट)(?!\s*(?:before|prior|in advance|ago|earlier|pehle|pahle|pehele|agodar|aadhi|adhi|पहले|पहिले|अगोदर|आधी))') FROM a, n)),
        -- a number of years, or for life: how long it lasts
        ('lifespan', (SELECT a.t ~ (n.num || '\s*(?:\+\s*)?(?:\m(?:years?|yrs?|saal|sal|saalon|varsh|varshe|varsha)\M|साल|सालों|वर्ष|वर्षे|वर्षां)|\m(?:lifetime|life long|lifelong|for life|permanent|permanently|zindagi bhar|umar bhar|aayushyabhar)\M|जीवनभर|ज़िंदगी भर|जिंदगी भर|उम्रभर|आयुष्यभर|कायमस्वरूपी') FROM a, n)),
        -- a clock time, or round the clock
        ('timing', (SELECT a.t ~ ('\m[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|bje|vajta|vajata|o''clock)\M|[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:बजे|वाजता|वाजे)|\m(?:noon|midnight|24\s*x\s*7|24/7|24 hours|round the clock)\M|दोपहर|दुपारी'
                               -- the same or the next day, a date
                               || '|\m(?:same|next|following)\s+(?:day|evening|morning|afternoon)\M|\mtomorrow\M|\magle din\M|\musi din\M|अगले दिन|उसी दिन|उसी शाम|दुसऱ्या दिवशी|त्याच दिवशी|त्याच संध्याकाळी'
                               || '|\m[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\M|\m(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+[0-9]{1,2}(?:st|nd|rd|th)?\M') FROM a)),
        -- a range of clock times, or an hour until which: when it opens and closes ("9 am to 1 pm", "till 8 pm")
        ('open', (SELECT a.t ~ '[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|बजे|वाजता)?\s*(?:-|–|to|se|till|until|ते|से)\s*[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|noon|baje|बजे|वाजता|वाजेपर्यंत|बजे तक)|\m(?:till|until|upto|up to)\s+[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)' FROM a)),
        ('closed', (SELECT a.t ~ '[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|baje|बजे|वाजता)?\s*(?:-|–|to|se|till|until|ते|से)\s*[0-9०-९]{1,2}(?:[:.][0-9०-९]{2})?\s*(?:am|pm|a\.m\.|p\.m\.|noon|baje|बजे|वाजता|वाजेपर्यंत|बजे तक)|\m(?:till|until|upto|up to)\s+[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm|a\.m\.|p\.m\.)' FROM a)),
        -- a clock time of the morning or of the evening
        ('morning', (SELECT a.t ~ '\m(?:[6-9]|1[01])(?:[:.][0-9]{2})?\s*(?:am|a\.m\.)\M' FROM a)),
        ('evening', (SELECT a.t ~ '\m(?:[4-9]|1[01])(?:[:.][0-9]{2})?\s*(?:pm|p\.m\.)\M' FROM a)),
        -- a weekday, or every day
        ('day', (SELECT a.t ~ ('\m(?:mon|tues|wednes|thurs|fri|satur|sun)days?\M|\m(?:mon|tue|wed|thu|fri|sat|sun)\.?\s*(?:-|–|to)\s*(?:mon|tue|wed|thu|fri|sat|sun)|\m(?:somvar|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar|itvar|daily|everyday|every day|all days|all 7 days|same day|roj|roz)\M|सोमवार|मंगलवार|मंगळवार|बुधवार|गुरुवार|गुरूवार|शुक्रवार|शनिवार|रविवार|इतवार|रोज') FROM a)),
        -- (052) a date: a day of a month ("25 December", "on the 5th of every month") or a weekday of a period
        -- ("the last Saturday of every quarter", "2nd and 4th Saturdays", "har mahine ke pehle somvar")
        ('date', (SELECT a.t ~ ('\m[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\M|\m(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+[0-9]{1,2}(?:st|nd|rd|th)?\M|\m(?:on\s+)?the\s+[0-9]{1,2}(?:st|nd|rd|th)\M'
                             || '|\m(?:first|second|third|fourth|last|1st|2nd|3rd|4th|pehle|pahle|dusre|doosre|teesre|aakhri|akhri|pahilya|dusrya|shevtachya)\s+(?:and\s+(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days?\M'
                             || '|\m(?:pehle|pahle|dusre|doosre|aakhri|akhri|pahilya|dusrya|shevtachya)\s+(?:somvar|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar)\M|(?:पहले|दूसरे|आखिरी|आख़िरी|पहिल्या|दुसऱ्या|शेवटच्या)\s+(?:सोमवार|मंगलवार|मंगळवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार)') FROM a)),
        -- (054) done within one day or one sitting, said in words: "done in one morning", "in a single sitting",
        -- "the same day", "एक दिन में", "एकाच दिवशी" (a question asking whether it is done in one day reads as `sameday`)
        ('sameday', (SELECT a.t ~ ('\min (?:one|a single|just one|a)\s+(?:morning|afternoon|evening|day|sitting|visit|session)\M|\m(?:the\s+)?same[ -]day\M|\mwithin the day\M|\mek (?:hi )?(?:din|sitting|baar) me\M|\musi din\M|\mekach divshi\M|\meka divasat\M|एक (?:ही )?दिन में|उसी दिन|एका दिवसात|एकाच दिवशी|त्याच दिवशी|एकाच दिवसात') FROM a)),
        -- an amount of money (029's forms)
        ('fee', (SELECT a.t ~* ('(rs\.?|inr|₹|रु\.?|रुपये|रुपए|rupees?)\s*[0-9०-९]|[0-9०-९]\s*(/-|rs\M|rupees?|रुपये|रुपए)|free of (charge|cost)|no (extra )?(charge|cost)|at no cost'
                            -- free, said of what is asked about (not "feel free", "toll free", "sugar free")
                            || '|\m(?:is|are|be|for|totally|completely|absolutely|also|remains)\s+free\M|\mfree\s+(?:follow|consultation|check|visit|review|revisit|hai|he|aahe)|मुफ्त|मुफ़्त|निःशुल्क|नि:शुल्क|मोफत') FROM a)),
        -- an address or a landmark
        ('where', (SELECT a.t ~ ('\m(?:near|opposite|opp\.?|behind|beside|next to|floor|road|rd|nagar|chowk|lane|street|marg|sector|plot|building|complex|landmark|mall|colony|society)\M|\m[0-9]{6}\M|\m(?:go|come|visit|take (?:him|her|the child|the baby))(?:\s+straight)?\s+to\s+(?:the\s+|our\s+|a\s+|any\s+|nearest\s+)*[a-z .]{0,40}(?:hospital|nursing home|emergency|casualty|clinic|centre|center|pharmacy|chemist)\M|\mat\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:hospital|nursing home)\M|अस्पताल जाएं|हॉस्पिटल जाएं|रुग्णालयात जा|के पास|बगल में|शेजारी|के सामने|के पीछे|मार्ग|रोड|चौक|नगर|मजला|मंज़िल|मंजिल|जवळ|समोर|मागे') FROM a))
    ) v(x, stated) WHERE stated)
$$;

SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('sameday', 'en', 'in one day,in a single day,in one sitting,in a single sitting,in one visit,in a single visit,in one go,all in one day'),
    ('sameday', 'hi-Latn', 'ek din me,ek din mein,ek hi din me,ek hi din mein,ek sitting me,ek baar me,ek hi baar me'),
    ('sameday', 'hi', 'एक दिन में,एक ही दिन में,एक सिटिंग में,एक बार में'),
    ('sameday', 'mr-Latn', 'eka divasat,ekach divshi,ekach divasat,eka baithakit'),
    ('sameday', 'mr', 'एका दिवसात,एकाच दिवशी,एकाच दिवसात,एका बैठकीत'),
    ('quarter', 'en', 'quarterly,every three months,every 3 months,each quarter,per quarter,once in three months'),
    ('quarter', 'hi-Latn', 'har teen mahine,har 3 mahine,teen mahine ka,timahi,traimasik'),
    ('quarter', 'hi', 'हर तीन महीने,तिमाही,त्रैमासिक,तीन महीने का'),
    ('quarter', 'mr-Latn', 'timahi,traimasik'),
    ('quarter', 'mr', 'दर तीन महिन्यांनी,तिमाही,त्रैमासिक'),
    ('duration', 'en', 'within a week,within one week,within 7 days,in a week,within a month,within one month'),
    ('duration', 'hi-Latn', 'ek hafte me,ek hafte mein,hafte ke andar,ek hafte ke andar,hafte bhar me,ek mahine me,mahine ke andar'),
    ('duration', 'hi', 'एक हफ्ते में,हफ्ते के अंदर,एक हफ़्ते में,एक महीने में,महीने के अंदर'),
    ('duration', 'mr-Latn', 'athavdyabharat,aathvadyat,mahinyabharat'),
    ('duration', 'mr', 'आठवड्याभरात,आठवड्यात,महिन्याभरात'),
    ('first', 'en', 'first time,for the first time,1st time,first visit'),
    ('first', 'hi-Latn', 'pehli bar,pahli baar,pehli dafa'),
    ('first', 'hi', 'पहली बार,पहली दफा'),
    ('first', 'mr-Latn', 'pahilyanda,pahilya veli'),
    ('first', 'mr', 'पहिल्यांदा,पहिल्या वेळी')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist: their words and answers read anew
