-- Loading while normalising (load/EarlyLoads) and revisions (load/RowHistory).

-- A batch whose chunks load while it is still being normalised, before its reject ratio is known. PENDING from its
-- first early chunk until normalising ends: then the row goes (under the ratio: the batch is confirmed) or becomes
-- WITHDRAWN (over the ratio, or a bad file: what its chunks wrote was undone, and its chunks still queued are no-ops).
-- At most one batch per dataset is PENDING; another batch of that dataset loads the usual way, after normalising.
CREATE TABLE hub.early_load (
    batch_id   bigint      PRIMARY KEY REFERENCES hub.batch (id),
    dataset_id text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('PENDING', 'WITHDRAWN')),
    since      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX early_load_one_pending_ux ON hub.early_load (dataset_id) WHERE state = 'PENDING';

-- undo.<dataset>: the rows a PENDING batch overwrote, as they were (written in the chunk's transaction by the trigger
-- function history.<dataset>(); deleted when the batch is confirmed, put back when it is withdrawn).
CREATE SCHEMA IF NOT EXISTS undo;
-- history.<dataset>: one row per warehouse row whose values a newer batch changed, before and after; analysts read
-- it as warehouse.<dataset>_revisions, one row per changed field.
CREATE SCHEMA IF NOT EXISTS history;
REVOKE ALL ON SCHEMA undo FROM PUBLIC;
REVOKE ALL ON SCHEMA history FROM PUBLIC;
