-- The cron schedules of each pipeline's latest version, with the next tick each waits for. Every
-- replica's scheduler claims due rows with FOR UPDATE SKIP LOCKED and fires a tick in the same
-- transaction that starts its run and moves next_fire_at on, so a tick fires once whatever the
-- replicas and restarts. Registering a version re-plans its rows; a removed schedule is deleted.
CREATE TABLE pipeline_schedules (
    pipeline_name    text        NOT NULL,
    schedule_name    text        NOT NULL,
    pipeline_version char(64)    NOT NULL, -- the version whose runs it starts
    cron             text        NOT NULL,
    timezone         text        NOT NULL,
    concurrency      text        NOT NULL CHECK (concurrency IN ('ALLOW', 'FORBID', 'REPLACE')),
    next_fire_at     timestamptz NOT NULL,
    last_fired_at    timestamptz,          -- the tick of the last run started
    last_run_id      uuid,
    last_skipped_at  timestamptz,          -- the tick last skipped, and why
    last_skip_reason text,
    skipped_ticks    bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (pipeline_name, schedule_name),
    FOREIGN KEY (pipeline_name, pipeline_version) REFERENCES pipeline_versions (name, version)
);
CREATE INDEX pipeline_schedules_due ON pipeline_schedules (next_fire_at);
-- The running runs of a schedule, for its concurrency policy.
CREATE INDEX runs_of_schedule ON runs (pipeline_name, (trigger ->> 'schedule'))
    WHERE trigger_kind = 'SCHEDULE' AND state = 'RUNNING';
