-- Registered datasets: a bucket and prefix under one name. The definition is the canonical JSON
-- of what was registered, so registering it again can be recognised as the same.
CREATE TABLE dataset (
  name          TEXT PRIMARY KEY,
  bucket        TEXT NOT NULL,
  prefix        TEXT NOT NULL,
  quiet_seconds INTEGER,
  definition    TEXT NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (bucket, prefix)
);

-- Immutable dataset versions: the same content is one version, however often it is dropped.
CREATE TABLE dataset_version (
  dataset      TEXT NOT NULL REFERENCES dataset (name),
  version_id   TEXT NOT NULL,
  drop_folder  TEXT NOT NULL,
  completion   TEXT NOT NULL,
  row_count    BIGINT NOT NULL,
  columns      TEXT NOT NULL,
  label_column TEXT,
  objects      TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, version_id)
);

-- Every completed drop and what became of it (a new version, a duplicate, or a rejection).
CREATE TABLE drop_outcome (
  id           BIGSERIAL PRIMARY KEY,
  dataset      TEXT NOT NULL REFERENCES dataset (name),
  drop_folder  TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('NEW_VERSION', 'DUPLICATE', 'REJECTED')),
  version_id   TEXT,
  reason       TEXT,
  message      TEXT,
  completed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX drop_outcome_version ON drop_outcome (dataset, version_id);

-- Drops of QUIET_PERIOD datasets that saw objects but are not complete yet.
CREATE TABLE pending_drop (
  dataset        TEXT NOT NULL REFERENCES dataset (name),
  drop_folder    TEXT NOT NULL,
  last_object_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (dataset, drop_folder)
);
