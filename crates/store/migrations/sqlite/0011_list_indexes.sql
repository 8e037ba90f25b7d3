-- Account lists at scale: one index per portal sort order (so ORDER BY … LIMIT reads only the
-- page), and a per-distributor row count kept by triggers (so an unfiltered list does not
-- count a million rows on every page).

DROP INDEX resellers_by_distributor;
DROP INDEX customers_by_distributor;
DROP INDEX customers_by_reseller;
CREATE INDEX resellers_by_created ON resellers (distributor_id, created_at, id);
CREATE INDEX resellers_by_id ON resellers (distributor_id, id);
CREATE INDEX resellers_by_status ON resellers (distributor_id, status, id);
CREATE INDEX resellers_by_name ON resellers (distributor_id, lower(company_name), id);
CREATE INDEX customers_by_created ON customers (distributor_id, created_at, id);
CREATE INDEX customers_by_id ON customers (distributor_id, id);
CREATE INDEX customers_by_status ON customers (distributor_id, status, id);
CREATE INDEX customers_by_name ON customers (distributor_id, lower(company_name), id);
CREATE INDEX customers_by_reseller ON customers (reseller_id, created_at, id);

CREATE TABLE account_counts (
    kind TEXT NOT NULL,
    distributor_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, distributor_id)
);
INSERT INTO account_counts (kind, distributor_id, n)
    SELECT 'resellers', distributor_id, count(*) FROM resellers GROUP BY distributor_id;
INSERT INTO account_counts (kind, distributor_id, n)
    SELECT 'customers', distributor_id, count(*) FROM customers GROUP BY distributor_id;

CREATE TRIGGER resellers_counted AFTER INSERT ON resellers BEGIN
    INSERT INTO account_counts (kind, distributor_id, n) VALUES ('resellers', NEW.distributor_id, 1)
    ON CONFLICT (kind, distributor_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER resellers_uncounted AFTER DELETE ON resellers BEGIN
    UPDATE account_counts SET n = n - 1 WHERE kind = 'resellers' AND distributor_id = OLD.distributor_id;
END;
CREATE TRIGGER customers_counted AFTER INSERT ON customers BEGIN
    INSERT INTO account_counts (kind, distributor_id, n) VALUES ('customers', NEW.distributor_id, 1)
    ON CONFLICT (kind, distributor_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_uncounted AFTER DELETE ON customers BEGIN
    UPDATE account_counts SET n = n - 1 WHERE kind = 'customers' AND distributor_id = OLD.distributor_id;
END;
