-- Renewal engine: due-date columns on subscriptions, the per-customer trigger cooldown and
-- the renewal jobs the portal's trigger creates.

ALTER TABLE subscriptions ADD COLUMN renewal_date TEXT;
ALTER TABLE subscriptions ADD COLUMN last_processed_renewal_date TEXT;
CREATE INDEX subscriptions_due ON subscriptions (renewal_date) WHERE status IN ('1000', '1009');

CREATE TABLE renewal_cooldowns (
    customer_id TEXT PRIMARY KEY NOT NULL,
    next_allowed_at TEXT NOT NULL
);

CREATE TABLE renewal_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    distributor_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    run_after TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX renewal_jobs_pending ON renewal_jobs (run_after) WHERE status = 'PENDING';

CREATE INDEX orders_by_distributor ON orders (distributor_id, created_at);
