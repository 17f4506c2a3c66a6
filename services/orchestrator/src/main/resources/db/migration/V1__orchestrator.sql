-- Registered pipeline versions: the version is the sha256 of the canonical spec.
CREATE TABLE pipeline_versions (
    name            text        NOT NULL,
    version         char(64)    NOT NULL,
    trigger_dataset text        NOT NULL,
    canonical_spec  text        NOT NULL, -- exact bytes: sha256(canonical_spec) = version
    source_yaml     text        NOT NULL,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    -- The latest version of a pipeline is the one registered (or re-activated) last.
    activated_seq   bigint      NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE SEQUENCE pipeline_activation_seq;
CREATE INDEX pipeline_versions_latest ON pipeline_versions (name, activated_seq DESC);
CREATE INDEX pipeline_versions_trigger ON pipeline_versions (trigger_dataset);

-- One run per pipeline version and dataset version, whatever Kafka redelivers.
CREATE TABLE runs (
    id               uuid        PRIMARY KEY,
    pipeline_name    text        NOT NULL,
    pipeline_version char(64)    NOT NULL,
    dataset_name     text        NOT NULL,
    dataset_version  char(64)    NOT NULL,
    state            text        NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    params           jsonb       NOT NULL,
    dataset          jsonb       NOT NULL,
    failure          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    CONSTRAINT one_run_per_pipeline_and_dataset_version
        UNIQUE (pipeline_name, pipeline_version, dataset_version),
    FOREIGN KEY (pipeline_name, pipeline_version) REFERENCES pipeline_versions (name, version)
);
CREATE INDEX runs_by_pipeline ON runs (pipeline_name, id);

CREATE TABLE run_steps (
    run_id       uuid        NOT NULL REFERENCES runs (id),
    step_name    text        NOT NULL,
    position     int         NOT NULL,
    state        text        NOT NULL CHECK (state IN ('PENDING', 'REQUESTED', 'DONE', 'FAILED')),
    attempt      int         NOT NULL DEFAULT 0,
    image        text        NOT NULL,
    argv         jsonb,
    inputs       jsonb,
    cache_key    char(64),
    requested_at timestamptz,
    started_at   timestamptz,
    finished_at  timestamptz,
    image_digest text,
    outputs      jsonb,
    metrics      jsonb,
    last_error   text,
    PRIMARY KEY (run_id, step_name)
);
