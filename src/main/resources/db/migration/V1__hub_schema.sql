-- The hub's own bookkeeping. The warehouse tables are made from config/datasets by WarehouseSchema.
CREATE SCHEMA IF NOT EXISTS hub;
CREATE SCHEMA IF NOT EXISTS warehouse;

CREATE SEQUENCE hub.batch_id_seq;

-- One received payload. Ids grow with receipt time: a load never lets an older batch overwrite
-- a row that a newer batch wrote (see the loader's upsert).
CREATE TABLE hub.batch (
    id              bigint PRIMARY KEY DEFAULT nextval('hub.batch_id_seq'),
    source_id       text        NOT NULL,
    dataset_id      text        NOT NULL,
    origin          text        NOT NULL,              -- drop | upload | poll | route
    file_name       text,                              -- as the sender named it; never used as a path
    content_hash    text        NOT NULL,              -- SHA-256 of the received bytes
    dedupe_hash     text,                              -- = content_hash while the batch counts for dedupe
    bytes           bigint      NOT NULL,
    landing_path    text        NOT NULL,
    status          text        NOT NULL,
    duplicate_of    bigint REFERENCES hub.batch (id),
    rows_read       bigint      NOT NULL DEFAULT 0,
    rows_rejected   bigint      NOT NULL DEFAULT 0,    -- records refused while normalising
    rows_loaded     bigint      NOT NULL DEFAULT 0,
    rows_rejected_load bigint   NOT NULL DEFAULT 0,    -- refused while loading (duplicate keys)
    chunks_total    integer,
    chunks_loaded   integer     NOT NULL DEFAULT 0,
    detected        text,                              -- encoding, delimiter, header row, notation
    message         text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    queued_at       timestamptz,
    finished_at     timestamptz,
    CONSTRAINT batch_status_ck CHECK (status IN
        ('RECEIVED', 'QUEUED', 'LOADED', 'LOADED_WITH_REJECTS', 'FAILED', 'DUPLICATE'))
);
CREATE UNIQUE INDEX batch_dedupe_ux ON hub.batch (source_id, dedupe_hash);
CREATE INDEX batch_source_ix ON hub.batch (source_id, id DESC);
CREATE INDEX batch_status_ix ON hub.batch (status, id DESC);

CREATE TABLE hub.reject (
    batch_id    bigint  NOT NULL REFERENCES hub.batch (id),
    row_no      bigint  NOT NULL,
    column_name text,
    value       text,
    reason      text    NOT NULL,
    raw         text,
    stage       text    NOT NULL DEFAULT 'normalise'   -- normalise | load
);
CREATE INDEX reject_batch_ix ON hub.reject (batch_id, row_no);

-- One row per committed chunk, written in the chunk's own transaction: a redelivered chunk that
-- finds its row here changes nothing.
CREATE TABLE hub.load_log (
    batch_id      bigint      NOT NULL REFERENCES hub.batch (id),
    chunk         integer     NOT NULL,
    rows_loaded   integer     NOT NULL,
    rows_rejected integer     NOT NULL,
    loaded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, chunk)
);

-- Failures of a chunk's load, for operators and the dead-letter view.
CREATE TABLE hub.chunk_failure (
    batch_id      bigint      NOT NULL REFERENCES hub.batch (id),
    chunk         integer     NOT NULL,
    attempts      integer     NOT NULL,
    first_failure timestamptz NOT NULL DEFAULT now(),
    last_failure  timestamptz NOT NULL DEFAULT now(),
    last_error    text        NOT NULL,
    dead_lettered boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (batch_id, chunk)
);

-- Which reference data version is in warehouse.region.
CREATE TABLE hub.reference_state (
    name        text PRIMARY KEY,
    hash        text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE warehouse.region (
    code        text PRIMARY KEY,        -- Kemendagri: 33, 33.74, 33.74.01, 33.74.01.1001
    code_bps    text,                    -- BPS code where the reference has one (province, regency, district)
    name        text NOT NULL,
    level       text NOT NULL CHECK (level IN ('province', 'regency', 'district', 'village')),
    type        text,                    -- Provinsi, Kabupaten, Kota, Kecamatan, Desa, Kelurahan
    parent_code text REFERENCES warehouse.region (code)
);
COMMENT ON TABLE warehouse.region IS 'Jawa Tengah regions (Kepmendagri 300.2.2-2430/2025; BPS codes from the BPS bridging table)';
