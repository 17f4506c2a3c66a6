package io.sluice.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roles a token's {@code groups} claim may grant, and what each implies. Every role but {@link
 * #INFERENCE} includes {@link #VIEWER} (whoever may change something may read it); {@link #ADMIN}
 * includes every role, {@code inference} too. {@code inference} alone reads nothing: a service
 * calling the prediction endpoint sees no runs, datasets or models.
 */
public final class Roles {

  /** Reads everything: datasets, pipelines, runs, models. */
  public static final String VIEWER = "viewer";

  /** Registers and changes datasets. */
  public static final String DATA_ENGINEER = "data-engineer";

  /** Registers pipelines, starts and cancels runs. */
  public static final String ML_ENGINEER = "ml-engineer";

  /** Owns a model's minimum gate policy and decides gates, promotions and rollbacks by hand. */
  public static final String APPROVER = "approver";

  /** Everything. */
  public static final String ADMIN = "admin";

  /** Calls the prediction endpoint of models that are not open to everyone. */
  public static final String INFERENCE = "inference";

  /** Every role, in the order the docs list them. */
  public static final List<String> ALL =
      List.of(VIEWER, DATA_ENGINEER, ML_ENGINEER, APPROVER, ADMIN, INFERENCE);

  private Roles() {}

  /**
   * The roles a set of granted roles amounts to: the granted ones, plus {@code viewer} for any
   * known role but {@code inference}, plus every role for {@code admin}. Unknown names are kept
   * (another service's policy may use them) but imply nothing.
   */
  public static Set<String> effective(Set<String> granted) {
    Set<String> roles = new LinkedHashSet<>(granted);
    if (granted.contains(ADMIN)) {
      roles.addAll(ALL);
    }
    if (granted.stream().anyMatch(role -> ALL.contains(role) && !role.equals(INFERENCE))) {
      roles.add(VIEWER);
    }
    return Set.copyOf(roles);
  }

  /**
   * Whether granted roles amount to {@code role}, as {@code effective(granted).contains(role)} but
   * without building the set: for a check on every request.
   */
  public static boolean grants(Set<String> granted, String role) {
    if (granted.contains(role) || granted.contains(ADMIN) && ALL.contains(role)) {
      return true;
    }
    return VIEWER.equals(role)
        && granted.stream().anyMatch(r -> ALL.contains(r) && !r.equals(INFERENCE));
  }

  /** Whether a name is one of Sluice's roles. */
  public static boolean isKnown(String role) {
    return ALL.contains(role);
  }
}
