package io.sluice.events;

/**
 * A person's decision, with who made it and why, recorded where a rule would otherwise decide.
 *
 * @param by the caller's subject, from their token
 * @param reason why, for people
 */
public record ManualDecision(String by, String reason) {

  public ManualDecision {
    Checks.notBlank(by, "by");
    Checks.notBlank(reason, "reason");
  }
}
