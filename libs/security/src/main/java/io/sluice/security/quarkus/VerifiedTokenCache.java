package io.sluice.security.quarkus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verified bearer tokens, keyed by the exact token text, each kept until the earlier of its own
 * {@code exp} and {@code maxTtl} after it was verified.
 *
 * <p>A faithful shortcut: only a token the real verifier accepted ever enters, so a tampered token
 * or one signed by another key (a different text) always reaches the verifier and is refused there.
 * Every hit checks {@code exp} against the clock again; a token at or past its expiry is dropped
 * and handed to the verifier, which refuses it exactly as it would have without the cache.
 *
 * <p>Refusals are not cached: caching them would let a flood of distinct bad tokens push the good
 * ones out, and every distinct bad token would still cost one check. A flood of bad tokens costs
 * what it cost before the cache (one signature check each); limiting it is the job of the network
 * edge, not of this cache.
 */
public final class VerifiedTokenCache {

  /** The real check: smallrye-jwt's parser, which verifies signature, issuer and lifetime. */
  @FunctionalInterface
  public interface Verifier {
    JsonWebToken verify(String token) throws ParseException;
  }

  private final Cache<String, JsonWebToken> tokens;
  private final Clock clock;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public VerifiedTokenCache(int maxSize, Duration maxTtl) {
    this(maxSize, maxTtl, Clock.systemUTC(), Ticker.systemTicker());
  }

  /** With a clock for the {@code exp} checks and a ticker for Caffeine's own expiry (for tests). */
  VerifiedTokenCache(int maxSize, Duration maxTtl, Clock clock, Ticker ticker) {
    if (maxSize < 1 || maxTtl.isNegative() || maxTtl.isZero()) {
      throw new IllegalArgumentException("the token cache needs a positive max-size and max-ttl");
    }
    this.clock = clock;
    this.tokens =
        Caffeine.newBuilder()
            .maximumSize(maxSize)
            .expireAfter(new UntilExpiry(maxTtl, clock))
            .ticker(ticker)
            .build();
  }

  /**
   * The token's verified identity: from the cache while it is unexpired, else from {@code
   * verifier}.
   */
  public JsonWebToken verify(String token, Verifier verifier) throws ParseException {
    JsonWebToken cached = tokens.getIfPresent(token);
    if (cached != null && isUnexpired(cached)) {
      hits.increment();
      return cached;
    }
    if (cached != null) {
      tokens.invalidate(token);
    }
    misses.increment();
    // Throws for a refused token, which therefore never enters.
    JsonWebToken verified = verifier.verify(token);
    if (isUnexpired(verified)) {
      tokens.put(token, verified);
    }
    return verified;
  }

  /** Requests answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Requests that needed the real verifier (first sight, expired, evicted, or refused). */
  public long misses() {
    return misses.sum();
  }

  /** Tokens held now (after pending evictions are done). */
  public long size() {
    tokens.cleanUp();
    return tokens.estimatedSize();
  }

  private boolean isUnexpired(JsonWebToken token) {
    // A token without exp (0) is never cached: its lifetime is not ours to guess.
    return clock.instant().getEpochSecond() < token.getExpirationTime();
  }

  /** Caffeine's per-entry lifetime: until the token's exp, never past maxTtl. */
  private record UntilExpiry(Duration maxTtl, Clock clock) implements Expiry<String, JsonWebToken> {

    @Override
    public long expireAfterCreate(String key, JsonWebToken value, long currentTime) {
      long untilExp =
          (value.getExpirationTime() - clock.instant().getEpochSecond()) * 1_000_000_000L;
      return Math.max(0, Math.min(untilExp, maxTtl.toNanos()));
    }

    @Override
    public long expireAfterUpdate(
        String key, JsonWebToken value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, JsonWebToken value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
