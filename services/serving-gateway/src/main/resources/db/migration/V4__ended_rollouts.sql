-- How each model's last rollout ended, so that GET /api/v1/rollouts/{model} still answers after
-- the row in rollouts is gone. One row per model, overwritten by the next rollout's end, in the
-- same transaction that deletes the rollout (so it can never disagree with the events sent).
CREATE TABLE ended_rollouts (
    model_name        TEXT        PRIMARY KEY,
    candidate_version INTEGER     NOT NULL CHECK (candidate_version >= 1),
    stable_version    INTEGER     CHECK (stable_version >= 1),
    strategy          TEXT        NOT NULL,
    -- PROMOTED, ROLLED_BACK (the analysis), ABORTED (a person), REPLACED (a newer version).
    outcome           TEXT        NOT NULL,
    reason            TEXT        NOT NULL,
    -- The check that rolled it back: name, observed, limit, both versions' numbers.
    failed_check      JSONB,
    -- Who decided, null when the analysis did.
    decided_by        TEXT,
    failed_checks     INTEGER     NOT NULL CHECK (failed_checks >= 0),
    started_at        TIMESTAMPTZ NOT NULL,
    ended_at          TIMESTAMPTZ NOT NULL
);
