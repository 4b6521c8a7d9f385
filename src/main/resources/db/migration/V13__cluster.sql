-- Several hubs on one database (cluster/HubNode, docs/operations.md "Several hubs").

-- Each running hub: a row written at its start and a heartbeat renewed every hub.cluster.heartbeat. A hub whose
-- heartbeat is older than hub.cluster.expiry (by the database's clock) is gone; a clean stop deletes its row.
CREATE TABLE hub.node (
    id           text        PRIMARY KEY,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    data_dir     text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- The hub working on a batch between landing and queueing (hub.node.id; null: none yet, or a batch from before
-- V13). Another hub takes a RECEIVED batch over only when its owner's heartbeat has expired (BatchStore.claim).
ALTER TABLE hub.batch ADD COLUMN owner text;

-- The landing copies kept in the database (hub.landing.store=database, the default with hub.cluster.enabled), so
-- that any hub can finish a batch: one row per payload (content-addressed per source like landing/<source>/<sha256>.dat)
-- and its bytes in parts of 1 MiB, written and read part by part, never a whole file in memory.
CREATE TABLE hub.landing (
    id          bigserial   PRIMARY KEY,
    source_id   text        NOT NULL,
    sha256      text        NOT NULL,
    bytes       bigint      NOT NULL,
    received_at timestamptz NOT NULL,   -- the last arrival of these bytes: hub.landing.retention counts from it
    UNIQUE (source_id, sha256)
);
CREATE TABLE hub.landing_part (
    landing_id bigint  NOT NULL REFERENCES hub.landing ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea   NOT NULL,
    PRIMARY KEY (landing_id, seq)
);

-- Drop folders on storage shared by the hubs (hub.cluster.shared-drop-folders=true): the one hub that reads a source's
-- folder, until its heartbeat expires (intake/drop/DropFolderLease).
CREATE TABLE hub.drop_lease (
    source_id text        PRIMARY KEY,
    owner     text        NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now()
);
