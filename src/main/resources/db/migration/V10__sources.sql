-- Excel and database sources.
--
-- A reject in a workbook names its cell as Excel does ('Tabel 1'!C7, or the row 'Tabel 1'!7:7), so that a
-- regency finds it without counting rows and columns. Empty for CSV and JSON rejects.
ALTER TABLE hub.reject ADD COLUMN cell text;

-- The watermark of a database source (kind: jdbc, intake/jdbc): the greatest value of its watermark column
-- among the rows already taken. It is advanced in the same transaction that registers the batch holding
-- those rows, so a crash leaves either both (the batch resumes from its landing copy) or neither (the rows
-- are asked for again). No foreign key to hub.batch: purging old batches must not be blocked by it.
CREATE TABLE hub.source_watermark (
    source_id      text        PRIMARY KEY,
    column_name    text        NOT NULL,   -- the source's watermark.column when it was stored
    start_value    text        NOT NULL,   -- the source's watermark.start when it was stored (a change starts over)
    value          text        NOT NULL,   -- canonical text of the greatest value taken
    value_type     text        NOT NULL,   -- how to bind it: integer, decimal, timestamp, timestamptz, date, text
    batch_id       bigint      NOT NULL,   -- the batch whose registration advanced it
    previous_value text        NOT NULL,   -- the value that batch's query was bound with: a batch that FAILED
    previous_type  text        NOT NULL,   -- before it was queued (nothing loaded) is asked for again from there
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT source_watermark_type_ck CHECK (value_type IN ('integer', 'decimal', 'timestamp', 'timestamptz', 'date', 'text'))
);
