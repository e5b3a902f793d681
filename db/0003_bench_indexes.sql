-- Indexes the benchmark's query plans asked for.

-- The last day of an event's span: `events(from:)` keeps events whose span ends on or after `from`,
-- and without this index that bound could only be checked by reading every event.
CREATE INDEX events_last_day ON events (COALESCE(end_date, date), id);
