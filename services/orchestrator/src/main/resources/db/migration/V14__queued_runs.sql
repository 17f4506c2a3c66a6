-- Runs beyond their pipeline's concurrency.limit wait QUEUED: created and visible, with no step
-- requested and no deadline yet (it starts when the run leaves the queue).
ALTER TABLE runs DROP CONSTRAINT runs_state_check;
ALTER TABLE runs ADD CONSTRAINT runs_state_check
    CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));
-- The queue of a pipeline, oldest first, and the count of its running runs.
CREATE INDEX runs_queued ON runs (pipeline_name, id) WHERE state = 'QUEUED';
CREATE INDEX runs_running_by_pipeline ON runs (pipeline_name) WHERE state = 'RUNNING';
