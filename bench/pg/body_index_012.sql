-- bench/mix_sat.py variant (BENCH_SQL): 012's trigram index on every message body, instead of 073's partial one.
CREATE INDEX IF NOT EXISTS messages_body_trgm ON messages USING gin (body gin_trgm_ops);
DROP INDEX IF EXISTS messages_body_trgm_people;
