-- 093: performance, round 15 (issue 14): the router's statement skips the match for a text that no enabled entry of
-- its clinic shares a word with.
--
-- Measured first (a private scratch database, autovacuum off, bench/router/mix_pg.py's doctors; load 3.7-4.1 from other
-- jobs, so read the shares; README "Round 15, the match skipped for a text no entry shares a word with"): backend CPU
-- of router_understand_batch (082) over the bench's KB questions made unique, 972 us a text at one text a statement,
-- 729 at 4, 599 at 16 (~400 us a statement whatever its size). new_text_cost.py at one text a statement: the
-- statement's self time 567 us a text (the score inlined, and its executor start: `perf`, 17.6 % of the backend's
-- samples at one text a statement, 4.4 % at 8), kb_analyse_parts 243 (its look-up statement 136), kb_token_weights_kept
-- 154 (its statement 120), the intent 85 (asked for 18 % of the texts), kb_name_words 7. The match (the score and its
-- weights) alone, as a LATERAL over 512 texts already analysed: ~600 us a text. Its parts that depend only on the
-- clinic (allx, n, spec) and the weights' order-sensitive statement are kb_match_tokens_lexical's, not changed here.
-- What the router's statement itself decides: whether to run the match at all. The score's candidates are the entries
-- with an example sharing a token with the text (its `ex`: examples of enabled entries of the doctor whose
-- toks || ktoks overlap the tokens, after kb_match_tokens_names leaves the clinic's name words out); with none, every
-- CTE after ex is empty and kb_match_tokens_lexical returns no row, after reading the clinic's examples, the weights
-- (a PL/pgSQL call and its statement) and every CTE on the way. 29,456 of tests/kb_eval's 49,555 (doctor, text) pairs
-- (every intent message with every clinic, every KB question with its own) and 12 of the bench's 24 ai questions have
-- no candidate; every bench KB question and paraphrase has one.
--
-- Change: the LATERAL match is kept under the same test, written on the same columns (EXISTS an example of an enabled
-- entry of the doctor whose toks || ktoks overlap the tokens without the name words); OFFSET 0 keeps the subquery from
-- being pulled up, so the test is a one-time filter (a gating Result) evaluated before the match's plan runs for each
-- text, and the match's plan is not started when it fails. A text with no candidate gets the same one row (its label,
-- NULL entry) from the LEFT JOIN; the others the same rows (ORDER BY u.i, k.score DESC, k.id). Identity
-- (bench/router/round15.py): every kb_eval pair and bench question, paraphrase and ai question (49,699 texts in chunks
-- of 32, intent asked, 74,283 rows, 31,661 labels), 093 against 082's statement put back in a transaction: label,
-- entry, question, answer and score (exact floats) 0 differ, twice.
-- Backend CPU a text new/old (round15.py, ABBA on one backend, 1 / 4 / 16 texts a statement, two runs): kb_eval pairs
-- 0.932 / 0.912 / 0.954 and 0.933 / 0.935 / 0.943; bench ai questions 0.932 / 0.833 / 0.900 and 0.920 / 0.915 / 0.921;
-- bench KB questions (every one has a candidate: the KB-cold row's texts) 1.082 / 0.971 / 1.000 and 1.017 / 1.011 /
-- 0.992, paraphrases 1.045 / 1.037 / 1.125 and 1.053 / 1.025 / 1.083, and in a third run 0.971 and 1.035 at 16
-- (the test itself alone: ~0-3 us a text against the match's ~600, within the backend clock's 10 ms ticks). The
-- KB-cold row's texts (2,048 questions and paraphrases made unique) at 4 / 8 a statement: 1.016 / 1.030 and 1.032 /
-- 0.993. A third run (load 5.1-5.4): kb_eval pairs 0.958 / 0.951 / 0.941, ai questions 0.955 / 0.966 / 0.950, KB
-- questions 1.006 / 1.053 / 1.056, paraphrases 1.031 / 1.010 / 0.992. Over all 28 ratios for texts with a candidate:
-- mean 1.026, median 1.024; the longest A/B (2,048 KB-cold texts, 6 passes) 1.006 / 1.005 at 4 / 16 a statement (the
-- test alone ~0-3 us; likely the extra subquery scan and gating Result a text). A trade: ~6-8 % less over texts like
-- the kb_eval pairs (mean 0.940; ai questions 0.921), 0.5-2.5 % more for a text with a candidate, nothing gained for
-- the KB-cold row (every text of it has a candidate).
--
-- Measured and NOT kept (A/B against 082, 16 a statement, paraphrases / questions, load 3.7-5.8): OFFSET 0 without the
-- test 1.000 / 1.024; the test as two overlaps (toks && w OR ktoks && w) 0.959 / 1.014 against 0.971 / 1.023 as kept;
-- the test computed in u with the match's limit 0 when it fails (no OFFSET 0) 1.026 / 1.037 at 4 / 8 a statement on
-- the KB-cold texts against 1.032 / 0.993 as kept, 1.014 / 1.022 at 4 / 16 against 1.006 / 1.005 in the longest A/B:
-- no better, the simpler kept.
CREATE OR REPLACE FUNCTION router_understand_batch(p_batch jsonb)
    RETURNS TABLE (i integer, label text, id text, question text, answer text, score double precision)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH u AS MATERIALIZED (
        SELECT x.i, x.d, t.toks,
               CASE WHEN x.f
                         AND (EXISTS (SELECT 1 FROM kb_intents ki WHERE ki.doctor_id = x.d OFFSET 0)
                              OR EXISTS (SELECT 1 FROM kb_intent_word_facts wf, unnest(wf.intents) c(intent)
                                         WHERE wf.word = ANY (t.toks)
                                           AND NOT EXISTS (SELECT 1 FROM kb_intent_keys kk
                                                           WHERE kk.intent = c.intent AND NOT kk.keys && t.toks)))
                    THEN kb_intent_choose_tokens(x.d, t.toks) END AS label
          FROM jsonb_to_recordset(p_batch) AS x(i int, d uuid, q text, f boolean)
         CROSS JOIN LATERAL (SELECT (kb_analyse_parts(x.d, x.q, true)).o_tokens AS toks OFFSET 0) t),
    n AS MATERIALIZED (SELECT x.d, kb_name_words(x.d) AS names FROM (SELECT DISTINCT u.d FROM u) x)
    SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score
      FROM u LEFT JOIN n ON n.d = u.d
      LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score
                           FROM kb_match_tokens_names(u.d, u.toks, n.names, 4) m
                           JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d
                          WHERE EXISTS (SELECT 1 FROM kb_examples x JOIN kb_entries ke ON ke.id = x.entry_id AND ke.enabled
                                        WHERE x.doctor_id = u.d AND ke.doctor_id = u.d
                                          AND (x.toks || x.ktoks) && ARRAY(SELECT t FROM unnest(u.toks) t
                                                                           WHERE NOT t = ANY (n.names)))
                         OFFSET 0) k ON true
     ORDER BY u.i, k.score DESC, k.id;
END
$$;
