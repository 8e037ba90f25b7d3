-- Time control and the test harness: per-distributor virtual clocks, the due-date columns of
-- 3YC transitions (kept by put_customer), fault rules, the request journal and snapshots.
-- Mirrors migrations/sqlite/0004_time_control.sql.

CREATE TABLE clocks (
    distributor_id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    offset_seconds BIGINT NOT NULL,
    frozen_at TEXT COLLATE "C"
);

ALTER TABLE customers ADD COLUMN commitment_end TEXT COLLATE "C";
ALTER TABLE customers ADD COLUMN request_start TEXT COLLATE "C";
CREATE INDEX customers_commitment_end ON customers (distributor_id, commitment_end) WHERE commitment_end IS NOT NULL;
CREATE INDEX customers_request_start ON customers (distributor_id, request_start) WHERE request_start IS NOT NULL;
UPDATE customers SET commitment_end = doc::jsonb #>> '{three_year_commit,commitment,end_date}'
 WHERE doc::jsonb #>> '{three_year_commit,commitment,status}' IN ('COMMITTED', 'ACTIVE');
UPDATE customers SET request_start = doc::jsonb #>> '{three_year_commit,commitment_request,start_date}'
 WHERE doc::jsonb #>> '{three_year_commit,commitment_request,status}' IN ('REQUESTED', 'ACCEPTED');
UPDATE customers SET request_start = doc::jsonb #>> '{three_year_commit,recommitment_request,start_date}'
 WHERE doc::jsonb #>> '{three_year_commit,recommitment_request,status}' = 'REQUESTED'
   AND (request_start IS NULL
        OR request_start > doc::jsonb #>> '{three_year_commit,recommitment_request,start_date}');

CREATE INDEX subscriptions_by_distributor_due ON subscriptions (distributor_id, renewal_date)
 WHERE status IN ('1000', '1009');
CREATE INDEX orders_open_by_distributor ON orders (distributor_id, process_after) WHERE process_after IS NOT NULL;

CREATE TABLE faults (
    distributor_id TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, id)
);

CREATE TABLE journal (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    distributor_id TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    method TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    status BIGINT NOT NULL,
    customer_id TEXT COLLATE "C",
    doc TEXT NOT NULL
);
CREATE INDEX journal_by_distributor ON journal (distributor_id, id);

CREATE TABLE snapshots (
    distributor_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    size_bytes BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, name)
);
