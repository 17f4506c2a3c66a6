package io.sluice.security.quarkus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.util.concurrent.FastThreadLocal;
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
 *
 * <p>In front of the cache each thread keeps the last token it found there, compared by the text it
 * was asked for (a token, or a whole {@code Authorization} header), for at most a second and never
 * past its {@code exp}: a client sends the same token on every request, and hashing its several
 * hundred characters and recording the read for the cache's eviction order cost the gateway's
 * inference route about 5% of its time per request. Asked by header, a repeat also costs no copy of
 * the token out of the header.
 */
public final class VerifiedTokenCache {

  // Short enough that the cache's own expiry and eviction stay the rule; long enough to matter.
  private static final long RECENT_NANOS = 1_000_000_000L;

  /** The real check: smallrye-jwt's parser, which verifies signature, issuer and lifetime. */
  @FunctionalInterface
  public interface Verifier {
    JsonWebToken verify(String token) throws ParseException;
  }

  private final Cache<String, VerifiedToken> tokens;
  // Netty's thread-local: on the Vert.x event loops an array slot, not a ThreadLocalMap probe.
  private final FastThreadLocal<Recent> recent = new FastThreadLocal<>();
  private final long recentNanos;
  private final Clock clock;
  private final Ticker ticker;
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
    this.ticker = ticker;
    this.recentNanos = Math.min(RECENT_NANOS, maxTtl.toNanos());
    this.tokens =
        Caffeine.newBuilder()
            .maximumSize(maxSize)
            .expireAfter(new UntilExpiry(maxTtl, clock))
            .ticker(ticker)
            // Evictions and expiries run on the thread that reads, amortized by Caffeine: with its
            // default (the common ForkJoinPool) every few hundred hits woke a pool thread, which
            // cost an I/O event loop more than the look-ups did.
            .executor(Runnable::run)
            .build();
  }

  /**
   * The token's verified identity: from the cache while it is unexpired, else from {@code
   * verifier}.
   */
  public JsonWebToken verify(String token, Verifier verifier) throws ParseException {
    VerifiedToken recentOne = recent(token, false);
    if (recentOne != null) {
      return recentOne.token();
    }
    VerifiedToken verified = lookUp(token, verifier);
    remember(token, false, verified);
    return verified.token();
  }

  /**
   * The verified token an {@code Authorization: Bearer} header carries, as {@link #verify} finds
   * it; null when the header carries no bearer token ({@link BearerHeaders#tokenOf}).
   */
  public VerifiedToken verifyBearer(String authorization, Verifier verifier) throws ParseException {
    if (authorization == null) {
      return null;
    }
    VerifiedToken recentOne = recent(authorization, true);
    if (recentOne != null) {
      return recentOne;
    }
    String token = BearerHeaders.tokenOf(authorization);
    if (token == null) {
      return null;
    }
    VerifiedToken verified = lookUp(token, verifier);
    remember(authorization, true, verified);
    return verified;
  }

  // A header and a token are told apart: "Bearer x" sent as a token is a token that never verified.
  private VerifiedToken recent(String text, boolean header) {
    Recent last = recent.get();
    if (last != null && last.header() == header && last.holds(text, ticker.read(), nowSeconds())) {
      hits.increment();
      return last.verified();
    }
    return null;
  }

  private VerifiedToken lookUp(String token, Verifier verifier) throws ParseException {
    VerifiedToken cached = tokens.getIfPresent(token);
    if (cached != null && cached.isUnexpiredAt(nowSeconds())) {
      hits.increment();
      return cached;
    }
    if (cached != null) {
      tokens.invalidate(token);
    }
    misses.increment();
    // Throws for a refused token, which therefore never enters.
    VerifiedToken verified = VerifiedToken.of(verifier.verify(token));
    if (verified.isUnexpiredAt(nowSeconds())) {
      tokens.put(token, verified);
    }
    return verified;
  }

  private void remember(String text, boolean header, VerifiedToken verified) {
    if (verified.isUnexpiredAt(nowSeconds())) {
      recent.set(new Recent(text, header, verified, ticker.read() + recentNanos));
    }
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

  private long nowSeconds() {
    return clock.millis() / 1000;
  }

  /**
   * A thread's last token: the text it was asked for (a header or a token), its entry, and until
   * when (ticker time) it may be reused.
   */
  private record Recent(String text, boolean header, VerifiedToken verified, long untilNanos) {

    boolean holds(String asked, long nowNanos, long nowSeconds) {
      return nowNanos - untilNanos < 0 && verified.isUnexpiredAt(nowSeconds) && text.equals(asked);
    }
  }

  /** Caffeine's per-entry lifetime: until the token's exp, never past maxTtl. */
  private record UntilExpiry(Duration maxTtl, Clock clock)
      implements Expiry<String, VerifiedToken> {

    @Override
    public long expireAfterCreate(String key, VerifiedToken value, long currentTime) {
      long untilExp = (value.expiresAtSecond() - clock.millis() / 1000) * 1_000_000_000L;
      return Math.max(0, Math.min(untilExp, maxTtl.toNanos()));
    }

    @Override
    public long expireAfterUpdate(
        String key, VerifiedToken value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, VerifiedToken value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
