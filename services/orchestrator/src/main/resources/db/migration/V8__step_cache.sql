-- The step cache: for each cache key (see StepRequests.cacheKey), the latest attempt that ran with
-- it and succeeded, with what it produced. A step about to be requested for the first time whose
-- key is here, and whose outputs are all still in the object store, completes from this entry
-- instead of running (step.done with cachedFrom). One entry per key: a later real run of the same
-- key replaces it (its outputs are the newest, and the older ones may have been deleted).
CREATE TABLE step_cache (
    cache_key    char(64)    PRIMARY KEY, -- the lookup is this index
    run_id       uuid        NOT NULL,    -- the origin attempt: run, step, attempt
    step_name    text        NOT NULL,
    attempt      int         NOT NULL CHECK (attempt >= 1),
    outputs      jsonb       NOT NULL,    -- the origin's StepOutput list (uris, files, hashes)
    metrics      jsonb       NOT NULL,
    image_digest text,
    stored_at    timestamptz NOT NULL DEFAULT now()
);

-- The attempt a DONE step reused instead of running ({"runId", "stepName", "attempt"}), or null
-- when it ran.
ALTER TABLE run_steps ADD COLUMN cached_from jsonb;
