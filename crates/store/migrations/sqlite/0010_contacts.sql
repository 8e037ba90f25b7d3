-- The names stored for each contact email of a distributor: an existing email keeps its
-- first names through the API (SPEC §2.8.2 E3, §4.2).

CREATE TABLE contacts (
    distributor_id TEXT NOT NULL,
    email TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (distributor_id, email)
);
