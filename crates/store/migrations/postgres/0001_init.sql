-- vipmp-sandbox schema, PostgreSQL. The same tables and columns as migrations/sqlite, with the
-- same types where PostgreSQL has them: timestamps are TEXT (`YYYY-MM-DDTHH:MM:SSZ`, compared as
-- strings), SQLite's INTEGER is BIGINT, BLOB is BYTEA. Every TEXT column uses the "C" collation so
-- comparisons, `lower()` and ORDER BY are bytewise, exactly as SQLite's default BINARY collation.

CREATE TABLE distributors (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE api_clients (
    client_id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL REFERENCES distributors(id),
    doc TEXT NOT NULL
);

CREATE TABLE tokens (
    token TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    client_id TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sequences (
    name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);

CREATE TABLE resellers (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    company_name TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    activate_at TEXT COLLATE "C",
    doc TEXT NOT NULL
);
CREATE INDEX resellers_by_distributor ON resellers (distributor_id, created_at);
CREATE INDEX resellers_pending ON resellers (activate_at) WHERE activate_at IS NOT NULL;

CREATE TABLE customers (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL,
    reseller_id TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    company_name TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    activate_at TEXT COLLATE "C",
    doc TEXT NOT NULL
);
CREATE INDEX customers_by_distributor ON customers (distributor_id, created_at);
CREATE INDEX customers_by_reseller ON customers (reseller_id, created_at);
CREATE INDEX customers_pending ON customers (activate_at) WHERE activate_at IS NOT NULL;

CREATE TABLE orders (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL,
    customer_id TEXT COLLATE "C" NOT NULL,
    order_type TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    process_after TEXT COLLATE "C",
    doc TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_open ON orders (process_after) WHERE process_after IS NOT NULL;

-- `rowid` stands in for SQLite's implicit rowid: the insertion order that breaks ties between
-- subscriptions created in the same second (an upsert keeps it, as in SQLite).
CREATE TABLE subscriptions (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL,
    customer_id TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id);

-- The idempotent-replay store (SPEC §2.4). `status` is NULL while a request holds the claim.
CREATE TABLE replays (
    client_id TEXT COLLATE "C" NOT NULL,
    method TEXT COLLATE "C" NOT NULL,
    route TEXT COLLATE "C" NOT NULL,
    correlation_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    status BIGINT,
    headers TEXT NOT NULL DEFAULT '[]',
    body BYTEA NOT NULL DEFAULT '\x'::bytea,
    PRIMARY KEY (client_id, method, route, correlation_id)
);
CREATE INDEX replays_by_age ON replays (created_at);

CREATE TABLE request_ids (
    client_id TEXT COLLATE "C" NOT NULL,
    request_id TEXT COLLATE "C" NOT NULL,
    correlation_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (client_id, request_id)
);
CREATE INDEX request_ids_by_age ON request_ids (created_at);
