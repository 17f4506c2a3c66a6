package io.sluice.registry;

/**
 * A person's request (a decision, an alias move) that cannot be done as asked; the REST edge
 * answers it as a problem.
 */
public class RefusedException extends RuntimeException {

  /** Why, in HTTP's terms. */
  public enum Kind {
    /** The model or version does not exist. */
    NOT_FOUND,
    /** The version's state does not allow it (archived, serving, reserved...). */
    CONFLICT
  }

  private final Kind kind;

  public RefusedException(Kind kind, String detail) {
    super(detail);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static RefusedException notFound(String detail) {
    return new RefusedException(Kind.NOT_FOUND, detail);
  }

  public static RefusedException conflict(String detail) {
    return new RefusedException(Kind.CONFLICT, detail);
  }
}
