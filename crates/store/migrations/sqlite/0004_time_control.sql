-- Time control and the test harness: per-distributor virtual clocks, the due-date columns of
-- 3YC transitions (kept by put_customer), fault rules, the request journal and snapshots.

CREATE TABLE clocks (
    distributor_id TEXT PRIMARY KEY NOT NULL,
    offset_seconds INTEGER NOT NULL,
    frozen_at TEXT
);

ALTER TABLE customers ADD COLUMN commitment_end TEXT;
ALTER TABLE customers ADD COLUMN request_start TEXT;
CREATE INDEX customers_commitment_end ON customers (distributor_id, commitment_end) WHERE commitment_end IS NOT NULL;
CREATE INDEX customers_request_start ON customers (distributor_id, request_start) WHERE request_start IS NOT NULL;
UPDATE customers SET commitment_end = json_extract(doc, '$.three_year_commit.commitment.end_date')
 WHERE json_extract(doc, '$.three_year_commit.commitment.status') IN ('COMMITTED', 'ACTIVE');
UPDATE customers SET request_start = json_extract(doc, '$.three_year_commit.commitment_request.start_date')
 WHERE json_extract(doc, '$.three_year_commit.commitment_request.status') IN ('REQUESTED', 'ACCEPTED');
UPDATE customers SET request_start = json_extract(doc, '$.three_year_commit.recommitment_request.start_date')
 WHERE json_extract(doc, '$.three_year_commit.recommitment_request.status') = 'REQUESTED'
   AND (request_start IS NULL
        OR request_start > json_extract(doc, '$.three_year_commit.recommitment_request.start_date'));

CREATE INDEX subscriptions_by_distributor_due ON subscriptions (distributor_id, renewal_date)
 WHERE status IN ('1000', '1009');
CREATE INDEX orders_open_by_distributor ON orders (distributor_id, process_after) WHERE process_after IS NOT NULL;

CREATE TABLE faults (
    distributor_id TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, id)
);

CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    distributor_id TEXT NOT NULL,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    customer_id TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX journal_by_distributor ON journal (distributor_id, id);

CREATE TABLE snapshots (
    distributor_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, name)
);
