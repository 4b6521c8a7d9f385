-- Completeness (completeness/DeliveryLedger): what the warehouse holds per dataset, regency and period, kept
-- small so that the console's grid reads a few thousand rows, never the warehouse itself. Rebuilt per dataset
-- from warehouse.<dataset> after its batches change; the first delivery and the moment a cell became complete
-- are carried over from one rebuild to the next, so a later correction does not make an on-time delivery late.
CREATE TABLE hub.delivery (
    dataset_id     text    NOT NULL,
    regency        text    NOT NULL,   -- Kemendagri code of the regency the rows roll up to (33.74)
    period         date    NOT NULL,   -- first day of the period at the dataset's grain
    rows           bigint  NOT NULL,
    regions        integer NOT NULL,   -- distinct regions among the rows: the regency itself, or its districts/villages
    first_batch    bigint  NOT NULL,   -- the oldest batch seen delivering rows here
    last_batch     bigint  NOT NULL,   -- the newest batch among the rows now
    complete_batch bigint,             -- the batch with which the regions first reached the reference's count
    first_at       timestamptz,        -- when those batches were received (copied from hub.batch: the grid joins nothing)
    last_at        timestamptz,
    complete_at    timestamptz,
    PRIMARY KEY (dataset_id, regency, period)
);

-- When each dataset's rows in hub.delivery were last rebuilt, and from which state of its batches.
CREATE TABLE hub.delivery_state (
    dataset_id   text PRIMARY KEY,
    fingerprint  text        NOT NULL,   -- count, newest id, rows loaded and newest finish of the dataset's batches
    refreshed_at timestamptz NOT NULL,
    millis       bigint      NOT NULL    -- how long the rebuild took
);

-- Alerts (console/Alerts): one row per condition (a source failing, a period overdue, a batch failed, chunks
-- dead-lettered), so that each is sent once, then once resolved, and a condition that comes back within the
-- cooldown is not sent again. Kept across restarts.
CREATE TABLE hub.alert (
    key          text PRIMARY KEY,        -- e.g. source-failing:jateng-ipm, overdue:ipm:2024, batch-failed:17
    kind         text        NOT NULL,    -- source-failing | overdue | batch-failed | dead-lettered
    firing       boolean     NOT NULL,
    summary      text        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}',
    fired_at     timestamptz NOT NULL,
    resolved_at  timestamptz,
    notified_at  timestamptz,             -- when a firing message was last sent
    notified     boolean     NOT NULL DEFAULT false,  -- this episode's firing message was sent (not held back by the cooldown)
    CONSTRAINT alert_kind_ck CHECK (kind IN ('source-failing', 'overdue', 'batch-failed', 'dead-lettered'))
);
CREATE INDEX alert_firing_ix ON hub.alert (firing, kind);
