-- 071: understanding patients, round 15 (issue 19): English words a right entry misses. Data only: global English
-- kb_synonyms rows (kb_lexicon_add, 029) and kb_weights rows for the knowledge base (intent_weight unset, so the
-- intents weigh these words as before). No function is changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout14; README "Round 15's English" has the figures): the answerable
-- questions missed while the right entry was the first or second candidate (741) and those whose right entry was not
-- among them (87), the words that entry misses and how the question's words were read. The English lexicon's part:
-- a patient's word for a test or a service the lexicon did not know ("heart tracing", "cl", "cbc test", "nerve of my
-- tooth"), a chat spelling read as another word by typo correction ("tset" as "thet", "chek", "loc", "day cair", "hom
-- visit", "scared" read as "white", "flew" as "fllw"), forms of a word the lexicon knew in one form only ("squinting",
-- "covered", "how fast", "which building"), and one wrong row of 034 (below). Every item below is a family written
-- from the language, screened over every question of every spent set: kept only with no right answer lost, no
-- question that must stay unanswered answered, no wrong answer added and the intents identical message by message.
-- Measured and NOT kept (per family: right answers won / lost / wrong answers added):
-- - "cbc" alone as a blood test (+2 / -3: "cbc test ke liye khoon" then reads the blood twice and ties with the
--   fasting entry); kept as "cbc test" only;
-- - "two wheelers", "2 wheeler" as parking (+1 / 0 / +2: "parking charges for 2 wheeler", "is the parking covered for
--   two wheelers" must stay unanswered; the wheeler is what those ask);
-- - "booster" alone as a vaccine (+1 / -1 / +1: the Hindi बूस्टर डोस lost its covid entry); "third dose" kept;
-- - "find the clinic" as the address (+1 / -1: "will i find the clinic open this sunday"); "how do i find the clinic"
--   kept;
-- - the names of vaccines (bcg, opv, mmr, rotavirus ...) as `vaccine` (+1 / 0 / +3: the price of a named vaccine the
--   answer does not list must stay unanswered, and the name is what it asks);
-- - patients' spellings of "patient" ("paitent": -1, "home vist for old paitent" then reads 063's returning patient);
-- - "teenage", "teenager" as a child (+1 / 0 / +1: "is the growth check done for teenagers also");
-- - weights for the knowledge base: "permanent" 0.5 (+4 / 0 / +2: "is lasik permanent", "is the whitening
--   permanent"), "bring" 0.5 (+2 / -12: the newborn's first visit), "extra" 0.5 (+1 / 0 / +2: a private room's extra
--   cost), "help" 0.3 (-1), "show" and "meet" 0.3 (+4 / -2), "fixed" 0.5 (no change);
-- - "doctor sit(s)", "doctor sitting" alone as the hours (+4 / -1: the cardiologist's own timings entry says "does the
--   doctor sit", which then no longer matched "when does dr venkatesh sit in the evening"); "sit" itself kept (5.);
-- - "right now" as an emergency, "2 am", "3 am" as the night, "studio" as the clinic, "cries" as crying, more
--   phrases for LASIK ("remove specs"), a tiffin box as food, a screw as an implant, "wires" as braces (the word a
--   clinic's own synonym row is tested with, tests/e2e/test_understanding.py): no question changed.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. A test or a service in a patient's words:
--    - a "heart tracing" is the ECG ("tracing" was corrected to "teach");
--    - "cl" is a contact lens in an optician's shorthand ("cl trial ka charge");
--    - the blood counts and panels by their initials with the word test ("cbc test", "lft", "kft", "hemogram"); "cbc"
--      alone stays (above);
--    - the nerve of a tooth treated is the root canal;
--    - a vaccine that does not hurt, hurts less, is painless ("do you have the vaccines that dont hurt");
--    - a third or second dose is a vaccine's ("corona vaccine third dose available"); "booster" alone stays (above).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('ecg', 'heart tracing,heart tracings,ecg tracing,tracing of heart,tracing of the heart,heart graph,cardiogram,electro cardiogram'),
    ('len', 'cl,cls,cl trial,contact lense,contact lenses,contact lence'),
    ('blood', 'lft,kft,rft,esr,crp,hemogram,haemogram,cbp,complete blood count,cbc test,cbc tests'),
    ('rct', 'nerve treatment,tooth nerve,nerve of my tooth,nerve of the tooth,nerve removal,remove the nerve,nerve of tooth'),
    ('painless', 'dont hurt,doesnt hurt,does not hurt,do not hurt,wont hurt,hurts less,hurt less,less pain,less painful,painfree,pain free'),
    ('vaccine', 'third dose,3rd dose,second dose,2nd dose')
) v(c, t);

-- 2. Chat spellings the typo correction read as another word, or not at all: "tset" (read "thet"), "chek", "chk" (a
--    check), "loc" (the location), "day cair", "day car" (the day care: "car" read as the parking since 063), "hom
--    visit", "home vist" (a home visit; "house visit", "visit our house" as well).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('test', 'tset,tets,tesst,teast'),
    ('consultation', 'chek,chk,chck,chekup,chek up,chk up,checkp,cheak,cheking,chking,chekking'),
    ('address', 'loc,locn,lokation,locaton,locatn'),
    ('daycare', 'day cair,day car,daycair,daycar,day kare,day-care,day caring'),
    ('homevisit', 'hom visit,hom visits,home vist,hom vist,home visiting,home vists,house visit,house visits,visit at home,visit our house,visit my house,come to our house,come to my house')
) v(c, t);

-- 3. Forms of a word the lexicon knew in one form: squinting eyes are a squint; a treatment "covered" by a policy is
--    its cover (`cover` weighs 0.3 since 063); "how fast", "how soon" is how long; which building or floor, how do i
--    find the clinic, is the address; an exam is a check-up; trying for years, not conceiving is the infertility
--    entry's (`ivf`, as "trying to conceive" read); something that flew or fell into the eye went into it (as "went
--    in" reads); a school's admission procedure or formalities is its process ("procedure" alone was read as a
--    surgery's); a parking spot, space or slot is the parking ("spots" was corrected to the vaccine's shots; the
--    two wheelers stay: above).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('squint', 'squinting,squints,squinted,cross eyed,cross eyes,crossed eyes,eyes turned,turned eye'),
    ('cover', 'covered,covers,covering,coverage'),
    ('duration', 'how fast,how quickly,how quick,how soon'),
    ('address', 'which building,what building,building name,which floor,what floor,which tower,how do i find the clinic,how to find the clinic,how can i find the clinic,how do i find your clinic,how to find your clinic,how do i find you,how to find you,locate the clinic,locate your clinic,locate you'),
    ('consultation', 'exam,exams,examine,examined'),
    ('ivf', 'been trying for,trying since,trying for years,trying for many years,not conceiving,unable to conceive,cant conceive,cannot conceive,not getting pregnant,unable to get pregnant,not able to conceive'),
    ('into', 'flew into,flew in,fell into,fell in,got into,gone into,gone in,went inside'),
    ('parking', 'parking spot,parking spots,parking space,parking spaces,parking slot,parking slots'),
    ('process', 'admission procedure,admission procedures,procedure for admission,admission formalities,admission formality,admision procedure')
) v(c, t);

-- 4. Three rows of 034 read "wear lenses", "lenses instead", "switch to lenses" as the two words "contact lens" (a
--    canonical of two words is read word by word, and "contact" is the phone): "i want to switch from glasses to
--    lenses" asked for the phone. They are read as `len`, as "contact lens" itself is, with the other ways of saying
--    it ("switch from glasses to lenses", "lenses instead of specs").
DELETE FROM kb_synonyms WHERE doctor_id IS NULL AND canonical = 'contact lens' AND lang = 'en';
SELECT kb_lexicon_add('len', 'en', 'switch to lenses,switch from glasses,wear lenses,lenses instead,switch to contact lenses,switch from specs,switch from spectacles,switch to contacts,lenses instead of glasses,lenses instead of specs,lenses instead of spectacles,contacts instead of glasses,switch to lenses from glasses,switch to lenses from specs,switch from glasses to lenses,switch from specs to lenses');

-- 5. When the doctor "sits" is when the doctor sees patients ("what time does dr sharma sit in the evening", "when does
--    madam sit in the clinic"): `timing`. "Sitting" alone stays (a session: "root canal in one sitting"; "kitni
--    sitting" is how long), as do 063's "sit with", "sit next to" (the waiting room) and 034's "sit with me" (someone
--    who comes in with the patient), which the sitting inside with the patient joins ("can my husband sit with me
--    inside": without it the new `timing` was missing from the companion entry, a right answer lost).
SELECT kb_lexicon_add('timing', 'en', 'sit,sits,doctor sitting,doctor is sitting,dr sitting,is the doctor sitting');
SELECT kb_lexicon_add('companion', 'en', 'sit with me inside,sit inside with me,sit with me in,sit inside,sit in with me,sit with my wife,sit with her');

-- 6. A child not gaining weight is the growth check ("weight gain" was corrected to "gaon"); teeth to be aligned are
--    braces (063 read crooked teeth so). "Wires" stays unknown (a clinic may name them in its own synonyms).
SELECT kb_lexicon_add(c, 'en', t) FROM (VALUES
    ('growth', 'weight gain,gaining weight,not gaining weight,gain weight,weight not increasing,not putting on weight,weight gaining'),
    ('brace', 'alignment,teeth alignment,align teeth,align my teeth,tooth alignment,aligning teeth')
) v(c, t);

-- 7. Fear and having been elsewhere ask nothing of an entry: "i am very scared" (read as "white"), "afraid",
--    "worried" are one word, `nervous`, weighed 0.3 for the knowledge base, as "elsewhere", "somewhere", "yourself"
--    ("i had an angiography elsewhere and want another doctor to review").
SELECT kb_lexicon_add('nervous', 'en', 'scared,afraid,fear,frightened,scary,anxious,worried');
INSERT INTO kb_weights (word, weight) VALUES ('nervous', 0.3), ('elsewhere', 0.3), ('somewhere', 0.3), ('yourself', 0.3)
ON CONFLICT (word) DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
