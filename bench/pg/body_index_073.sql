-- bench/mix_sat.py variant (BENCH_SQL): 073's partial trigram index (what people wrote), instead of 012's.
CREATE INDEX IF NOT EXISTS messages_body_trgm_people ON messages USING gin (body gin_trgm_ops)
    WHERE direction = 'in' OR source IN ('manual', 'business_app');
DROP INDEX IF EXISTS messages_body_trgm;
