-- Per-distributor documents that are not accounts, orders or subscriptions (Transfer
-- Memberships test memberships and their VIP → VIP MP transfers, SPEC §5.8, §4.13): one generic
-- table keyed by kind, so that a new kind of record needs no new table. `label` is a secondary
-- sort key (a company name); `due_at` is set while the jobs still have work on the document.
CREATE TABLE documents (
    distributor_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    due_at TEXT,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, kind, id)
);
CREATE INDEX documents_by_created ON documents (distributor_id, kind, created_at);
CREATE INDEX documents_due ON documents (distributor_id, due_at) WHERE due_at IS NOT NULL;
