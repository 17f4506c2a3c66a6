package io.sluice.security.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The cache of verified bearer tokens ({@code sluice.security.token-cache.*}): a client sends the
 * same token with every request, and checking its RSA signature and parsing its JSON each time was
 * a third of the serving gateway's CPU.
 */
@ConfigMapping(prefix = "sluice.security.token-cache")
public interface TokenCacheConfig {

  /** Whether a token verified once is trusted again, until its expiry, without a second check. */
  @WithDefault("true")
  boolean enabled();

  /** How many verified tokens are kept; beyond it the least useful ones are evicted. */
  @WithDefault("10000")
  int maxSize();

  /**
   * The longest a verified token is trusted without a fresh check, even when it expires later: a
   * bound on how long a change of the verification key takes to reach tokens already cached.
   */
  @WithDefault("PT5M")
  Duration maxTtl();
}
