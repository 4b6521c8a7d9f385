-- What the hub remembers about each polled source between polls.
CREATE TABLE hub.source_state (
    source_id            text PRIMARY KEY,
    last_run_at          timestamptz,
    last_outcome         text,          -- LOADED… (the batch's status), UNCHANGED, DUPLICATE, FAILED
    last_http_status     integer,
    last_message         text,
    last_batch           bigint,
    last_success_at      timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0,
    etag                 text,          -- validators from the last successful poll
    last_modified        text,
    ckan_last_modified   text,
    ckan_hash            text
);
