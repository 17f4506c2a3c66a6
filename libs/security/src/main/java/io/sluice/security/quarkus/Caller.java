package io.sluice.security.quarkus;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who is calling, for the records and events that say who changed what: the token's subject ({@code
 * upn}, else {@code preferred_username}, else {@code sub}, as smallrye-jwt picks the principal
 * name). With security switched off for development the caller is {@link #ANONYMOUS}.
 */
@ApplicationScoped
public class Caller {

  /** The subject recorded when nobody authenticated (security switched off). */
  public static final String ANONYMOUS = "anonymous";

  @Inject SecurityIdentity identity;

  /** The caller's subject, never blank. */
  public String subject() {
    if (identity == null || identity.isAnonymous()) {
      return ANONYMOUS;
    }
    String name = identity.getPrincipal().getName();
    return name == null || name.isBlank() ? ANONYMOUS : name;
  }
}
