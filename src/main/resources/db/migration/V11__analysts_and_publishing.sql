-- For analysts and Satu Data: what warehouse.source shows, which views the hub made, and publishing to CKAN.

-- The configured sources as warehouse.source shows them (no addresses, no secrets), filled from config/sources at
-- start and reload by load/SourceInfoTable. A removed source keeps its row (in_config = false): its batches and the
-- rows they wrote still name it.
CREATE TABLE hub.source_info (
    source_id   text PRIMARY KEY,
    title       text,
    description text,
    regency     text,                 -- Kemendagri code of the owning regency; 33 is the province
    dataset_id  text NOT NULL,
    kind        text NOT NULL,        -- drop | http | ckan
    schedule    text,
    format      text,
    in_config   boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The views the hub made in schema warehouse (<dataset>_v, batch, source) and the hash of each one's definition:
-- a view is replaced only when its definition changed (load/DatasetViews).
CREATE TABLE hub.warehouse_view (
    name              text PRIMARY KEY,
    definition_sha256 text NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Publishing a dataset to its CKAN portal (publish/DatasetPublisher). One row per dataset with a publish: section.
-- The rows of a batch go to the portal once the batch is final (LOADED, LOADED_WITH_REJECTS) with rows loaded; which
-- batches are on the portal is hub.publish_batch. A run records its batches before it sends anything and its last
-- confirmed page after each page, so that after a crash it resumes after that page instead of starting again.
CREATE TABLE hub.publish_state (
    dataset_id           text PRIMARY KEY,
    target               text NOT NULL,          -- the portal's dataset page, https://portal/dataset/<package>
    package_id           text,
    resource_id          text,                   -- the DataStore resource the rows go to
    metadata_sha256      text,                   -- the metadata last sent: a change is sent even without new rows
    run_batches          bigint[],               -- the run in progress: the batches it publishes; null: none
    run_all_rows         boolean NOT NULL DEFAULT false, -- send every row, not only the batches' (new table or resource)
    run_last_key         jsonb,                  -- the natural key of the last row the portal confirmed in this run
    run_rows_sent        bigint NOT NULL DEFAULT 0,
    run_started_at       timestamptz,
    published_through    bigint,                 -- the newest batch on the portal
    rows_published       bigint NOT NULL DEFAULT 0,
    last_success_at      timestamptz,
    last_attempt_at      timestamptz,
    next_attempt_at      timestamptz,            -- after a failure: not before (backoff); a replay clears it
    consecutive_failures integer NOT NULL DEFAULT 0,
    last_error           text
);

-- The batches whose rows are on the portal (a batch replayed after a failure is published when it loads).
CREATE TABLE hub.publish_batch (
    dataset_id   text        NOT NULL,
    batch_id     bigint      NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, batch_id)
);
