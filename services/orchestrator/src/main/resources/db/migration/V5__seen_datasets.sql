-- Datasets of which the orchestrator has seen a version arrive. The orchestrator cannot ask ingest
-- which datasets exist (services only share events), so a pipeline registered with a trigger
-- dataset that is not here is accepted with a warning: the name may be a typo.
CREATE TABLE seen_datasets (
    name          text        PRIMARY KEY,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
-- Datasets that started runs before this table existed.
INSERT INTO seen_datasets (name) SELECT DISTINCT dataset_name FROM runs;
