-- What a batch is about and who brought it, beside its counts (batch/Batch, batch/Findings).
ALTER TABLE hub.batch
    ADD COLUMN regency      text,                        -- Kemendagri code of the source's regency at receipt ("33.74"; "33" = the province)
    ADD COLUMN delivered_by text,                        -- the uploading user, 'drop folder', 'poll', or the custom route's id
    ADD COLUMN period_from  date,                        -- earliest period of the rows normalised at intake
    ADD COLUMN period_to    date,                        -- latest period of those rows
    ADD COLUMN rows_skipped bigint NOT NULL DEFAULT 0,   -- total rows (JUMLAH, the province) recognised and left out
    ADD COLUMN skipped      jsonb,                       -- [{"row": 37, "reason": "..."}] of the first skipped rows
    ADD COLUMN warnings     jsonb;                       -- ["..."]: numbers that read two ways, totals that do not add up

-- Batches made before this migration: their source's regency is not known here; the API shows null.
CREATE INDEX batch_regency_ix ON hub.batch (regency, id DESC);
CREATE INDEX batch_dataset_ix ON hub.batch (dataset_id, id DESC);
