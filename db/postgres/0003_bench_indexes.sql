-- PostgreSQL translation of db/0003_bench_indexes.sql: indexes the benchmark's query plans asked for.

-- The last day of an event's span: `events(from:)` keeps events whose span ends on or after `from`.
-- Counting them (totalCount) read every event; with this index it reads the matching range only.
-- PostgreSQL uses an expression index only for a query that repeats the expression as written.
CREATE INDEX events_last_day ON events ((COALESCE(end_date, date)), id);
