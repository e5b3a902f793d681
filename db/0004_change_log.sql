-- Which graph nodes each committed write touched, so that every server reading this file (in this process
-- or another) drops only the cached answers that read those nodes. One row per write transaction; `keys` is
-- a JSON array of [kind, id] pairs ("article", "claim", "event", "entity"), or NULL when the write touched
-- too many nodes to list, which tells readers to drop everything. Writers keep only the latest rows.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY,
  keys TEXT
);
