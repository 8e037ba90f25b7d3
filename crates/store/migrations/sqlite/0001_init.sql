-- vipmp-sandbox schema, SQLite. Records are JSON documents (`doc`) with the columns that
-- lookups, filters and sorting need pulled out beside them.

CREATE TABLE distributors (
    id TEXT PRIMARY KEY NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE api_clients (
    client_id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL REFERENCES distributors(id),
    doc TEXT NOT NULL
);

CREATE TABLE tokens (
    token TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE sequences (
    name TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
);

CREATE TABLE resellers (
    id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL,
    status TEXT NOT NULL,
    company_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    activate_at TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX resellers_by_distributor ON resellers (distributor_id, created_at);
CREATE INDEX resellers_pending ON resellers (activate_at) WHERE activate_at IS NOT NULL;

CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL,
    reseller_id TEXT NOT NULL,
    status TEXT NOT NULL,
    company_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    activate_at TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX customers_by_distributor ON customers (distributor_id, created_at);
CREATE INDEX customers_by_reseller ON customers (reseller_id, created_at);
CREATE INDEX customers_pending ON customers (activate_at) WHERE activate_at IS NOT NULL;

CREATE TABLE orders (
    id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    order_type TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    process_after TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_open ON orders (process_after) WHERE process_after IS NOT NULL;

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id);

-- The idempotent-replay store (SPEC §2.4). `status` is NULL while a request holds the claim.
CREATE TABLE replays (
    client_id TEXT NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status INTEGER,
    headers TEXT NOT NULL DEFAULT '[]',
    body BLOB NOT NULL DEFAULT X'',
    PRIMARY KEY (client_id, method, route, correlation_id)
);
CREATE INDEX replays_by_age ON replays (created_at);

CREATE TABLE request_ids (
    client_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (client_id, request_id)
);
CREATE INDEX request_ids_by_age ON request_ids (created_at);
