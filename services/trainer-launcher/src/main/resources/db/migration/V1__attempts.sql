-- One row per step attempt this service was asked to run. The primary key is what makes a
-- redelivered or repeated step.requested start nothing a second time.
CREATE TABLE launcher_attempts (
    run_id           text        NOT NULL,
    step_name        text        NOT NULL,
    attempt          integer     NOT NULL CHECK (attempt >= 1),
    shard_index      integer     NOT NULL CHECK (shard_index >= 0),
    state            text        NOT NULL CHECK (state IN ('STARTED', 'DONE', 'FAILED')),
    owner            text        NOT NULL,
    executor         text        NOT NULL,
    node             text        NOT NULL,
    correlation_id   text        NOT NULL,
    cause_event_id   text        NOT NULL,
    traceparent      text,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    failure_reason   text,
    PRIMARY KEY (run_id, step_name, attempt, shard_index)
);

CREATE INDEX launcher_attempts_started ON launcher_attempts (owner) WHERE state = 'STARTED';
