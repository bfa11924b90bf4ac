-- 141: performance (issue 14, round 32): the lexicon rows a batch of new texts' analysis reads, for the router's own
-- analysis (services/router/analyse.c).
--
-- Round 31 measured a first sighting's analysis (router_analyse_batch: kb_analyse_parts once per text, PL/pgSQL) at
-- about 415 us of backend CPU a text, most of it the interpreter's statements per word rather than the look-ups
-- themselves. The router now computes the tokens itself from the rows those look-ups would find, fetched here for a
-- whole batch at once; the texts whose analysis would need the typo correction (a word the lexicon and the clinic's
-- examples do not know) still go to router_analyse_batch, which stays the reference.
--
-- Input: one object a clinic, {"d": uuid, "w": [words], "p": [[first, second], ...], "s": "texts"}: the words of the
-- batch's texts at that clinic with their kb_fold forms, their neighbouring pairs, and the texts as kb_analyse_parts'
-- s (the words joined by spaces, a space at either end), each followed by a line feed, which no term holds. Output
-- rows (d, k, word, canonical), d NULL for the global rows, which are looked up once for the whole batch (a
-- batch holds many clinics asking in the same words), d the clinic for its own:
-- - k = 't': the multi-word synonyms whose first two words are one of the pairs and which a text holds whole
--   (kb_analyse_terms' two conditions; a common pair such as "mera appointment" starts dozens of terms, and each would
--   bring its canonical form's words): the global ones against all the texts, a clinic's own against its texts;
-- - k in 'v', 'w', 's', 'p': kb_lexicon_words' rows of the words, and of the words of those terms' canonical forms
--   and their kb_fold forms, which an analysis looks up after replacing a term: the global rows, and each clinic's
--   own of its words and of every returned term's;
-- - k = 'k': the clinic's words that an example of the clinic's has (kb_doctor_known).
-- kb_lexicon_words_own_idx finds a clinic's own rows (most words have none) without reading the global ones.
CREATE INDEX IF NOT EXISTS kb_lexicon_words_own_idx ON kb_lexicon_words (doctor_id, word) WHERE doctor_id IS NOT NULL;

CREATE OR REPLACE FUNCTION router_analyse_facts(p_batch jsonb)
    RETURNS TABLE (d uuid, k "char", word text, canonical text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH x AS MATERIALIZED (
        SELECT b.d, b.w, b.p, b.s FROM jsonb_to_recordset(p_batch) AS b(d uuid, w text[], p jsonb, s text)),
    gp AS MATERIALIZED (SELECT DISTINCT q.pr->>0 AS a, q.pr->>1 AS b FROM x, jsonb_array_elements(x.p) q(pr)),
    al AS MATERIALIZED (SELECT string_agg(x.s, '') AS s FROM x),
    t AS MATERIALIZED (
        SELECT NULL::uuid AS d, y.term, y.canonical
          FROM gp, al,
               LATERAL (SELECT y.term, y.canonical FROM kb_synonyms y
                         WHERE split_part(y.term, ' ', 1) = gp.a AND split_part(y.term, ' ', 2) = gp.b
                           AND y.term LIKE '% %' AND y.doctor_id IS NULL OFFSET 0) y
         WHERE strpos(al.s, ' ' || y.term || ' ') > 0
        UNION ALL
        SELECT x.d, y.term, y.canonical
          FROM x, jsonb_array_elements(x.p) q(pr),
               LATERAL (SELECT y.term, y.canonical FROM kb_synonyms y
                         WHERE split_part(y.term, ' ', 1) = q.pr->>0 AND split_part(y.term, ' ', 2) = q.pr->>1
                           AND y.term LIKE '% %' AND y.doctor_id = x.d OFFSET 0) y
         WHERE EXISTS (SELECT 1 FROM kb_synonyms z
                        WHERE coalesce(z.doctor_id, '00000000-0000-0000-0000-000000000000') = x.d
                          AND z.term LIKE '% %')
           AND strpos(x.s, ' ' || y.term || ' ') > 0),
    cw AS MATERIALIZED (
        SELECT DISTINCT t.d, f.w
          FROM t, unnest(kb_raw_words(t.canonical)) c(w), LATERAL (VALUES (c.w), (kb_fold(c.w))) f(w)),
    ow AS (SELECT x.d, ARRAY(SELECT u.w FROM unnest(x.w) u(w)
                             UNION SELECT cw.w FROM cw WHERE cw.d IS NULL OR cw.d = x.d) AS ws
             FROM x)
    SELECT NULL::uuid, l.src, l.word, l.canonical
      FROM kb_lexicon_words l
     WHERE l.doctor_id IS NULL
       AND l.word = ANY (ARRAY(SELECT u.w FROM x, unnest(x.w) u(w) UNION SELECT cw.w FROM cw))
    UNION ALL
    SELECT ow.d, l.src, l.word, l.canonical
      FROM ow CROSS JOIN LATERAL (SELECT l.src, l.word, l.canonical FROM kb_lexicon_words l
                                   WHERE l.doctor_id = ow.d AND l.word = ANY (ow.ws) OFFSET 0) l
    UNION ALL
    SELECT t.d, 't'::"char", t.term, t.canonical FROM t
    UNION ALL
    SELECT x.d, 'k'::"char", u.w, NULL::text
      FROM x JOIN kb_doctor_known kn ON kn.doctor_id = x.d, unnest(x.w) u(w)
     WHERE u.w = ANY (kn.words);
END
$$;
