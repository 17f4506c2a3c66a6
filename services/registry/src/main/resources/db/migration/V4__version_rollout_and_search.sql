-- How the gateway rolls each version out, as model.evaluated announced it: the pipeline's
-- model.serving section, or the registry's default when the pipeline had none (rollout_from says
-- which). Null for versions registered before rollouts existed, which were served at once.
ALTER TABLE model_versions
  ADD COLUMN rollout      JSONB CHECK (rollout IS NULL OR jsonb_typeof(rollout) = 'object'),
  ADD COLUMN rollout_from TEXT CHECK (rollout_from IN ('PIPELINE', 'REGISTRY_DEFAULT')),
  ADD CONSTRAINT model_versions_rollout_both CHECK ((rollout IS NULL) = (rollout_from IS NULL));

-- Searching a model's versions: by dataset version and by registration time. Runs already have
-- the unique (model_name, run_id) index; every other filter narrows one model's versions, which
-- the primary key (model_name, version) reads in page order.
CREATE INDEX model_versions_by_dataset_version
  ON model_versions (model_name, (lineage ->> 'datasetVersion'));
CREATE INDEX model_versions_by_registered_at ON model_versions (model_name, registered_at);
