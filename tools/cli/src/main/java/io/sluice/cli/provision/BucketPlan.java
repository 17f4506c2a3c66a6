package io.sluice.cli.provision;

import java.util.List;

/**
 * The buckets local mode creates: data drops go to {@code datasets}, run outputs to {@code
 * artifacts}.
 */
public final class BucketPlan {

  public static final String DATASETS = "datasets";
  public static final String ARTIFACTS = "artifacts";

  private BucketPlan() {}

  public static List<String> buckets() {
    return List.of(DATASETS, ARTIFACTS);
  }
}
