package io.sluice.security.quarkus;

import jakarta.inject.Singleton;

/**
 * The service's one {@link VerifiedTokenCache}, sized from {@link TokenCacheConfig}; injectable so
 * that a metric or a test can read its hit and miss counts.
 */
@Singleton
public class TokenCacheHolder {

  private final VerifiedTokenCache cache;

  public TokenCacheHolder(TokenCacheConfig config) {
    this.cache = new VerifiedTokenCache(config.maxSize(), config.maxTtl());
  }

  public VerifiedTokenCache cache() {
    return cache;
  }
}
