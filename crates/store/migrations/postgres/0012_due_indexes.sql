-- The jobs look for due activations one distributor at a time. The partial indexes of 0001 lack
-- the distributor, so SQLite walked every customer of the distributor instead, on every jobs tick
-- (394 ms at 1,000,000 customers). These serve `distributor_id = ? AND activate_at <= ?`.
CREATE INDEX customers_pending_by_distributor ON customers (distributor_id, activate_at)
    WHERE activate_at IS NOT NULL;
CREATE INDEX resellers_pending_by_distributor ON resellers (distributor_id, activate_at)
    WHERE activate_at IS NOT NULL;
