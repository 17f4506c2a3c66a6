package io.sluice.registry.decision;

/**
 * A person's request for a decision, already checked for shape.
 *
 * @param modelName the model
 * @param version the version decided on, or for a rollback the version asked for (null: the
 *     champion before the current one)
 * @param action what is asked
 * @param decidedBy the caller's subject
 * @param reason why (bounded, without control characters)
 * @param idempotencyKey the client's {@code Idempotency-Key}, or null
 */
public record DecisionRequest(
    String modelName,
    Integer version,
    DecisionAction action,
    String decidedBy,
    String reason,
    String idempotencyKey) {

  /** Whether {@code earlier} answers this request: same action, version (when named) and reason. */
  boolean sameAs(Decision earlier) {
    return earlier.action() == action
        && (version == null || earlier.version() == version)
        && earlier.reason().equals(reason);
  }
}
