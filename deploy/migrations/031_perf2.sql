-- 031: the synonym lookups of kb_analyse by an index (issue 14, round 2). kb_analyse looks every word of a new text
-- up in kb_synonyms by `term IN (w, kb_fold(w)) AND (doctor_id IS NULL OR doctor_id = p_doctor)`, which the unique
-- index on (coalesce(doctor_id, ...), term) cannot serve: each word was a sequential scan of the whole lexicon (~3,000
-- rows, ~0.15 ms), about two thirds of the analysis of a text (profiled with auto_explain, nested statements). An
-- index on the term alone makes each an index probe; the results are the same rows (the query is unchanged).
CREATE INDEX IF NOT EXISTS kb_synonyms_term_lookup_idx ON kb_synonyms (term);
