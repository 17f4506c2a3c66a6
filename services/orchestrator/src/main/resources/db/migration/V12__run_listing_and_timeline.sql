-- Listing runs: GET /api/v1/runs pages newest first by id (a UUIDv7, so id order is creation order
-- and a time filter is an id range). Every combination of the pipeline, state and trigger filters
-- has an index whose equality columns come first and id last, so each page is one index range read
-- backwards, never a scan and a sort. A dataset version names few runs (one per pipeline version it
-- triggered, plus manual starts), so any combination with it reads its own index and filters those.
-- (runs_by_pipeline (pipeline_name, id) from V1 and the primary key serve the rest.)
CREATE INDEX runs_by_state ON runs (state, id);
CREATE INDEX runs_by_trigger ON runs (trigger_kind, id);
CREATE INDEX runs_by_pipeline_state ON runs (pipeline_name, state, id);
CREATE INDEX runs_by_pipeline_trigger ON runs (pipeline_name, trigger_kind, id);
CREATE INDEX runs_by_state_trigger ON runs (state, trigger_kind, id);
CREATE INDEX runs_by_pipeline_state_trigger ON runs (pipeline_name, state, trigger_kind, id);
CREATE INDEX runs_by_dataset_version ON runs (dataset_version, id);

-- A run's timeline: every event about the run or its steps that the orchestrator's consumer read
-- from sluice.runs (including its own, which come back through Kafka), recorded in the transaction
-- that handled it. The event id is unique, so a redelivery adds nothing. seq is the order the
-- consumer read them in, which for one run is the partition's order.
CREATE TABLE run_timeline (
    seq        bigserial   PRIMARY KEY,
    run_id     uuid        NOT NULL REFERENCES runs (id),
    event_id   text        NOT NULL UNIQUE,
    event_type text        NOT NULL,
    event_time timestamptz NOT NULL,
    step_name  text,
    attempt    int,
    detail     text
);
CREATE INDEX run_timeline_by_run ON run_timeline (run_id, seq);
