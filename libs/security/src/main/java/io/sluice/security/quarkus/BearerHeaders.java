package io.sluice.security.quarkus;

/** The token of an HTTP {@code Authorization: Bearer} header (RFC 6750). */
public final class BearerHeaders {

  private static final String BEARER = "bearer ";

  private BearerHeaders() {}

  /**
   * The token an {@code Authorization} header carries; null for no header, another scheme, or an
   * empty token. The scheme's name is matched whatever its case, as the RFC says.
   */
  public static String tokenOf(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }
}
