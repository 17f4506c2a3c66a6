-- A step whose when: condition was false, or that waits for a skipped step, is SKIPPED: not run,
-- not failed.
ALTER TABLE run_steps DROP CONSTRAINT run_steps_state_check;
ALTER TABLE run_steps ADD CONSTRAINT run_steps_state_check
    CHECK (state IN ('PENDING', 'REQUESTED', 'WAITING_FOR_RETRY', 'DONE', 'FAILED', 'CANCELLED',
                     'SKIPPED'));

-- Why a succeeded run of a pipeline with a model section offered no model.candidate (its artifact
-- or metrics step was skipped); null otherwise.
ALTER TABLE runs ADD COLUMN no_candidate text;
