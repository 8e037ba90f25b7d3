-- Account lists at scale: one index per portal sort order (so ORDER BY … LIMIT reads only the
-- page), and a per-distributor row count kept by triggers (so an unfiltered list does not
-- count a million rows on every page). Mirrors sqlite/0011_list_indexes.sql.

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
    kind TEXT COLLATE "C" NOT NULL,
    distributor_id TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (kind, distributor_id)
);
INSERT INTO account_counts (kind, distributor_id, n)
    SELECT 'resellers', distributor_id, count(*) FROM resellers GROUP BY distributor_id;
INSERT INTO account_counts (kind, distributor_id, n)
    SELECT 'customers', distributor_id, count(*) FROM customers GROUP BY distributor_id;

CREATE FUNCTION account_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO account_counts (kind, distributor_id, n) VALUES (TG_TABLE_NAME, NEW.distributor_id, 1)
        ON CONFLICT (kind, distributor_id) DO UPDATE SET n = account_counts.n + 1;
    ELSE
        UPDATE account_counts SET n = n - 1 WHERE kind = TG_TABLE_NAME AND distributor_id = OLD.distributor_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER resellers_counted AFTER INSERT OR DELETE ON resellers FOR EACH ROW EXECUTE FUNCTION account_count();
CREATE TRIGGER customers_counted AFTER INSERT OR DELETE ON customers FOR EACH ROW EXECUTE FUNCTION account_count();
