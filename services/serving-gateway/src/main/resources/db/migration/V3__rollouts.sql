-- A model's rollout in flight: at most one per model, deleted when it ends (promoted, rolled back,
-- replaced or overruled by a person). Every replica routes from this row; the replica that holds
-- the rollout leadership moves it. Each move is one UPDATE ... WHERE generation = the one read, in
-- the same transaction as its event, so two drivers for a moment can never both step it.
CREATE TABLE rollouts (
    model_name        TEXT        PRIMARY KEY,
    candidate_version INTEGER     NOT NULL CHECK (candidate_version >= 1),
    artifact_uri      TEXT        NOT NULL,
    sha256            CHAR(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    signature         JSONB       NOT NULL,
    -- The version that takes the rest of the traffic (served_models), null for none.
    stable_version    INTEGER     CHECK (stable_version >= 1),
    -- The RolloutSpec as in the event that started it.
    spec              JSONB       NOT NULL,
    -- The index of the current stage: the shadow comparison (if any), then each canary step.
    stage             INTEGER     NOT NULL CHECK (stage >= 0),
    candidate_percent INTEGER     NOT NULL CHECK (candidate_percent BETWEEN 0 AND 100),
    shadow_percent    INTEGER     NOT NULL CHECK (shadow_percent BETWEEN 0 AND 100),
    paused            BOOLEAN     NOT NULL DEFAULT false,
    paused_by         TEXT,
    failed_checks     INTEGER     NOT NULL DEFAULT 0 CHECK (failed_checks >= 0),
    -- The current analysis window began here (database time); a pause ends it, a resume restarts it.
    window_start      TIMESTAMPTZ NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    generation        BIGINT      NOT NULL,
    -- The last judged window: outcome, failed check, both versions' numbers.
    last_judgement    JSONB,
    judged_at         TIMESTAMPTZ,
    -- The event that started it, as it came, so that every later event carries its correlation.
    cause_headers     JSONB       NOT NULL,
    cause_value       BYTEA       NOT NULL
);

-- What each replica measured of the versions in rollout, drained about once a second. The driver
-- adds up the rows of the current window over all replicas; rows are kept for an hour.
CREATE TABLE rollout_measurements (
    replica_id  TEXT        NOT NULL,
    model_name  TEXT        NOT NULL,
    version     INTEGER     NOT NULL,
    measured_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    requests    BIGINT      NOT NULL,
    errors      BIGINT      NOT NULL,
    compared    BIGINT      NOT NULL,
    agreed      BIGINT      NOT NULL,
    -- LatencyHistogram bucket counts.
    latency     BIGINT[]    NOT NULL
);
CREATE INDEX rollout_measurements_window ON rollout_measurements (model_name, version, measured_at);
CREATE INDEX rollout_measurements_age ON rollout_measurements (measured_at);
