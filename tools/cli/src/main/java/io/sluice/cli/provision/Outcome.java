package io.sluice.cli.provision;

/** What provisioning did to one topic or bucket; running it again yields {@link #EXISTED}. */
public enum Outcome {
  CREATED,
  EXISTED
}
