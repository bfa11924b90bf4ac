-- 061: English paraphrases, the words a right entry misses read as the wrong concept (issue 19, round 12). Data only:
-- kb_synonyms rows (global, English). The score (t23's) is not changed.
--
-- MEASURED FIRST over every spent set (dev .. heldout11; README "Round 12's English" has the table): the answerable
-- English and code-mixed questions missed while the right entry was the first or second candidate, the words that
-- entry misses, counted against the words the best candidate of a question that must stay unanswered misses (best
-- score 0.4 or more). Most of the frequent words are who the patient is (child, age: the score's, t23's) or a
-- service the clinic has; among the lexicon's, three were analysis mistakes: "join" read as the walk-in queue
-- ("which class can he join", "can he join playgroup", "naukri join karne ke liye"), "grown" read as `growth`
-- ("vaccines for grown ups": the entry says "adults"), and "dose" asked of a vaccine the entry names without it
-- ("covid booster dose"). Each item was screened alone over every question of every spent set and kept
-- only with no right answer lost and no question that must stay unanswered answered.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;

-- 1. Joining is a class's, a school's or a job's, not the queue's: the bare word no longer means `queue`; joining
--    the queue, the line or the waiting list still does (the nouns alone were the queue's already).
DELETE FROM kb_synonyms WHERE doctor_id IS NULL AND term = 'join' AND canonical = 'queue';
SELECT kb_lexicon_add('queue', 'en',
    'join the queue,join queue,join the line,join line,join the waiting list,join a queue,join in the queue');

-- 2. Grown-ups are adults (the entries say "adults"; "grown" alone stays `growth`).
SELECT kb_lexicon_add('adult', 'en', 'grown ups,grown up,grownups,grownup,grown-ups,grown-up');

-- 3. A booster dose is the booster ("covid booster dose available"): the dose is not a subject of its own there.
--    Measured and NOT kept: "dose" weighed 0.4 for the knowledge base (+4 covid questions) made two medical
--    questions answered ("how much paracetamol can i give": a medicine's name reads as `dose`).
SELECT kb_lexicon_add('booster', 'en', 'booster dose,booster doses,booster shot,booster shots');

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
