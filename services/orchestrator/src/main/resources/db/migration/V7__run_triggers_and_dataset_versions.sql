-- Every dataset version the orchestrator has seen arrive, with its data.arrived, so that a run can
-- start on a version after the fact: a manual run, a schedule, a pipeline registered after its
-- data (trigger.onRegister: latest). The latest version of a dataset is the one that arrived last.
CREATE TABLE dataset_versions (
    dataset_name text        NOT NULL,
    version_id   char(64)    NOT NULL,
    arrived      jsonb       NOT NULL, -- the data.arrived as received
    arrived_at   timestamptz NOT NULL DEFAULT now(),
    arrival_seq  bigserial   NOT NULL,
    PRIMARY KEY (dataset_name, version_id)
);
CREATE INDEX dataset_versions_latest ON dataset_versions (dataset_name, arrival_seq DESC);
-- Versions that started runs before this table existed, oldest first.
INSERT INTO dataset_versions (dataset_name, version_id, arrived, arrived_at)
SELECT DISTINCT ON (dataset_name, dataset_version) dataset_name, dataset_version, dataset, created_at
FROM runs ORDER BY dataset_name, dataset_version, created_at;

-- What started each run (see RunTrigger in libs/events). Runs from before this column were all
-- started by their dataset.
ALTER TABLE runs ADD COLUMN trigger_kind text NOT NULL DEFAULT 'DATASET'
    CHECK (trigger_kind IN ('DATASET', 'MANUAL', 'SCHEDULE', 'PIPELINE'));
ALTER TABLE runs ADD COLUMN trigger jsonb;
-- What makes a non-dataset start happen once whatever is redelivered or retried: a schedule's tick,
-- an upstream run, a client's Idempotency-Key. Null when nothing needs it.
ALTER TABLE runs ADD COLUMN trigger_key text UNIQUE;
-- Whether the run's steps may complete from the step cache (a run may opt out).
ALTER TABLE runs ADD COLUMN use_cache boolean NOT NULL DEFAULT true;

-- A dataset version still starts one run per pipeline version; other triggers may start more.
ALTER TABLE runs DROP CONSTRAINT one_run_per_pipeline_and_dataset_version;
CREATE UNIQUE INDEX one_dataset_run_per_pipeline_and_dataset_version
    ON runs (pipeline_name, pipeline_version, dataset_version) WHERE trigger_kind = 'DATASET';
