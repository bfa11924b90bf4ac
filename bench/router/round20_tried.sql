-- Round 20 (issue 14), measured and NOT kept: kb_analyse_terms' neighbouring word pairs as one array probing an
-- expression index on the multi-word terms' first two words joined by a space, one scan where 074's function starts a
-- probe of kb_synonyms_multi_pair_idx for each pair in a nested loop. The same terms (no word of the split text and
-- neither split_part holds a space, so the joined keys are equal exactly when both words are); identical output over
-- 45,053 texts (bench/router/round20.py), but no clear saving: see docs/performance.md, "Round 20, ...". Applied
-- by round20.py (ROUND20_ARMS=terms) inside transactions that are rolled back; not a migration.
CREATE INDEX IF NOT EXISTS kb_synonyms_multi_key_idx
    ON kb_synonyms ((split_part(term, ' ', 1) || ' ' || split_part(term, ' ', 2))) WHERE term LIKE '% %';

CREATE OR REPLACE FUNCTION kb_analyse_terms(p_doctor uuid, p_s text)
RETURNS TABLE (terms text[], canons text[]) LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(x.term), '{}'), coalesce(array_agg(x.canonical), '{}')
    FROM (SELECT DISTINCT ON (char_length(y.term), y.term) y.term, y.canonical
          FROM (SELECT string_to_array(btrim(p_s), ' ') AS a OFFSET 0) q,
               LATERAL (SELECT y.term, y.canonical, y.doctor_id FROM kb_synonyms y
                        WHERE split_part(y.term, ' ', 1) || ' ' || split_part(y.term, ' ', 2)
                              = ANY (ARRAY(SELECT q.a[i] || ' ' || q.a[i + 1]
                                           FROM generate_series(1, cardinality(q.a) - 1) i))
                          AND y.term LIKE '% %' AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
                          AND strpos(p_s, ' ' || y.term || ' ') > 0 OFFSET 0) y
          ORDER BY char_length(y.term) DESC, y.term, y.doctor_id IS NULL) x
$$;
