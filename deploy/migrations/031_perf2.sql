-- 031: the synonym lookups of kb_analyse by an index (issue 14, round 2). kb_analyse looks every word of a new text
-- up in kb_synonyms by `term IN (w, kb_fold(w)) AND (doctor_id IS NULL OR doctor_id = p_doctor)`, which the unique
-- index on (coalesce(doctor_id, ...), term) cannot serve: each word was a sequential scan of the whole lexicon (~3,000
-- rows, ~0.15 ms), about two thirds of the analysis of a text (profiled with auto_explain, nested statements). An
-- index on the term alone makes each an index probe; the results are the same rows (the query is unchanged).
CREATE INDEX IF NOT EXISTS kb_synonyms_term_lookup_idx ON kb_synonyms (term);

-- Room on each page of messages for the updates every row gets: the router marks each inbound message handled
-- (routed_at, status) right after recording it, and statuses move each outbound row 1-3 times (sent, delivered,
-- read). With full pages (the default fillfactor 100, rows only ever appended) almost none of those updates was HOT
-- (22 of 7,674 in a bench/e2e.py run): each new row version went to another page and into every one of the table's
-- nine indexes, the body's trigram GIN among them. With 70 % fill about half are HOT (3,776 of 7,811) and the
-- router's record + mark statements took ~25 % less time. Applies to pages written from now on (no rewrite).
ALTER TABLE messages SET (fillfactor = 70);
