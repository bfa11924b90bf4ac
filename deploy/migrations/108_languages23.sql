-- 108: understanding patients, round 23 (issue 19): romanised Hindi words a right entry misses or misreads. Data only:
-- global kb_synonyms and kb_stopwords rows, like 104. No function is changed.
--
-- A SHORT ROUND (about 30 minutes). WRITTEN FROM THE LANGUAGE: heldout22's romanised Hindi, mixed and whole-language
-- misses read as samples and grouped by the entry they ask for; most of their words were already rows (kist, khali pet,
-- aankh ka parda, garmi ki chhuttiyan, camera, day care, kitabein): what was missing is below. Each family is written
-- for how patients ask, not one question's words. "haath" (the hand) was corrected into "hatao" (remove, the cancel
-- intent's word): another meaning-changing misreading of the typo correction.
-- SCREENED all together over all 14,711 questions (dev .. heldout22) and 4,618 intent messages, choice by choice against
-- main (765d217) in the same database: right 9,784 -> 9,790 of 10,513 (all six in heldout22: 470 -> 476 of 568, recall
-- 0.827 -> 0.838; romanised Hindi 151 -> 157 of 180), wrong 132 -> 132, none lost, no must-not answered, the intents
-- identical message by message. Alone: each family's wins are the questions holding its words (+1 each for 1, 2, 4, 5,
-- 6, 7; 3 adds nothing: "clinic kis jagah pe hai exactly" 0.133 -> 0.589, under the threshold); the families share no
-- word, and the single-family runs were not finished in the round's time.
-- MEASURED AND NOT KEPT (a first draft, all together): the phrases "bimaar bachche", "bimaar bachcho" under `sick`
-- and the bare "kuch nahi khana", "kuch khana nahi", "khana nahi khana", "khana kha ke aana" under `fasting`: three
-- right answers lost ("bachcho ke daant ka doctor kab baithta hai" kids -> timings, "bachcho ki aankh kis din dekhte
-- ho" kids_eye -> none: the word "bachcho" in the lexicon's phrases changes its reading; "daant nikalne ke baad kab
-- tak kuch nahi khana" after_extraction -> none: not eating after an extraction is not fasting before a test). Kept:
-- the single words and "pehle kuch khana nahi" (nothing BEFORE).

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. "haath" (the hand: "report haath me kab milegi", in my hand) was corrected into "hatao", remove: the cancel intent's
--    word. No entry answers about the hand; the word is dropped with its forms.
INSERT INTO kb_stopwords (word) VALUES ('haath'), ('hath'), ('haathon'), ('hathon'), ('हाथ'), ('हाथों')
ON CONFLICT DO NOTHING;

-- 2. Sick: "bimaar", "beemaar" (with the long vowel written twice) as `sick`, like "bimar", "bimaari".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('sick', 'hi-Latn', 'bimaar,beemaar,bimmar')
) v(c, l, t);

-- 3. Where: "kis jagah" (at which place), "kaunsi jagah", "kis taraf", "kis side" as `where`, like "kahan", "kidhar".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('where', 'hi-Latn', 'kis jagah,kis jagah pe,kis jagah par,kaunsi jagah,kaun si jagah,konsi jagah,kis taraf,kis side,kis area me,kis area mein'),
    ('where', 'hi', 'किस जगह,कौन सी जगह,किस तरफ')
) v(c, l, t);

-- 4. Not eating before a test: "pehle kuch khana nahi" (eat nothing before), "bina kuch khaye" (without eating
--    anything), "nashta nahi karna" (no breakfast) as `fasting`, like "bina khaye", "khali pet".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fasting', 'hi-Latn', 'pehle kuch khana nahi,pehle kuch khaana nahi,pehle kuch nahi khana,pehle khana nahi,pehle kuch nahi khaana,bina kuch khaye,kuch khaye bina,nashta nahi karna,bina nashta kiye'),
    ('fasting', 'hi', 'पहले कुछ खाना नहीं,पहले कुछ नहीं खाना,बिना कुछ खाए,नाश्ता नहीं करना')
) v(c, l, t);

-- 5. Whitening: "chamkane", "chamkaana" (to make shine: "daanto ko chamkane ka kitna") as `tooth whitening`, like
--    "daant chamkana".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('tooth whitening', 'hi-Latn', 'chamkane,chamkaane,chamkana,chamkaana,chamkwana,chamakwana,daant chamkane,daanto ko chamkane,daanton ko chamkana,daant chamkaane,chamakdar daant,daant safed karna,daant safed karne'),
    ('tooth whitening', 'hi', 'चमकाना,चमकाने,दांत चमकाना,दाँत चमकाने,दांत सफेद करना,दांत सफ़ेद करने')
) v(c, l, t);

-- 6. Future forms of "hona" (will be): "hongi", "hongey", "hoyegi" dropped, like "hogi", "honge".
INSERT INTO kb_stopwords (word) VALUES ('hongi'), ('hongey'), ('hoyegi'), ('hoyega'), ('होंगी')
ON CONFLICT DO NOTHING;

-- 7. Contraception: "bachcha rokne ke liye" (to prevent a child), "pregnancy rokne", "garbh rokne", "family planning" as `iud`,
--    the clinic's contraception entry (the Copper T).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('iud', 'hi-Latn', 'bachcha rokne,bachcha rokne ke liye,bacha rokne,bachche rokne,baccha rokne,pregnancy rokne,pregnancy rokne ke liye,garbh rokne,bachcha band karne,bachche band karne,parivar niyojan'),
    ('iud', 'hi', 'बच्चा रोकने,बच्चा रोकने के लिए,गर्भ रोकने,प्रेगनेंसी रोकने,परिवार नियोजन')
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
