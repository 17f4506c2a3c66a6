-- Approved versions waiting to be prepared. The model.evaluated handler only records the request,
-- in its short transaction; a worker downloads, verifies, loads and warms the version up with no
-- transaction open and outside the consumer's poll loop, then records the promotion together with
-- model.promoted in a second short transaction. The causing event is kept as it came, so that
-- model.promoted carries its correlation and causation.
CREATE TABLE promotion_request (
    model_name    TEXT        NOT NULL,
    version       INTEGER     NOT NULL,
    cause_headers JSONB       NOT NULL,
    cause_value   BYTEA       NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Set while a replica prepares the version; another takes it over once the time has passed.
    claim         UUID,
    claimed_until TIMESTAMPTZ,
    attempts      INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (model_name, version)
);
