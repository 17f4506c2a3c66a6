package io.sluice.security.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.sluice.security.Roles;
import io.sluice.security.tokens.SigningKeys;
import io.sluice.security.tokens.TokenMinter;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache against smallrye-jwt's real parser and real RSA-signed tokens. */
class VerifiedTokenCacheTest {

  @TempDir Path folder;

  private TokenMinter minter;
  private DefaultJWTParser parser;
  private final AtomicInteger verifications = new AtomicInteger();
  private final VerifiedTokenCache.Verifier counted =
      token -> {
        verifications.incrementAndGet();
        return parser.parse(token);
      };

  @BeforeEach
  void keys() throws Exception {
    SigningKeys keys = new SigningKeys(folder.resolve("ours"));
    keys.createIfMissing();
    minter = new TokenMinter(keys.loadPrivateKey());
    JWTAuthContextInfo context =
        new JWTAuthContextInfo(publicKey(keys.publicKeyFile()), TokenMinter.LOCAL_ISSUER);
    // No grace after exp, so that the expiry test does not wait a minute.
    context.setClockSkew(0);
    parser = new DefaultJWTParser(context);
  }

  @Test
  void aCachedTokenYieldsTheSameIdentityAsAFreshVerification() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.ML_ENGINEER), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    JsonWebToken first = cache.verify(token, counted);
    JsonWebToken second = cache.verify(token, counted);
    JsonWebToken fresh = parser.parse(token);

    assertThat(verifications).hasValue(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(second.getName()).isEqualTo(fresh.getName()).isEqualTo("ada");
    assertThat(second.getGroups()).isEqualTo(fresh.getGroups()).containsExactly(Roles.ML_ENGINEER);
    assertThat(second.getExpirationTime()).isEqualTo(fresh.getExpirationTime());
    assertThat(second.getRawToken()).isEqualTo(token);
    assertThat(second).isSameAs(first);
  }

  @Test
  void anExpiredTokenIsRefusedEvenWhenItWasCachedWhileValid() throws Exception {
    // Minted in the past so that it expires about a second from now, by the real clock.
    Clock past = Clock.fixed(Instant.now().minusSeconds(59), ZoneOffset.UTC);
    String token =
        new TokenMinter(loadOurKey(), TokenMinter.LOCAL_ISSUER, past)
            .mint("ada", Set.of(Roles.VIEWER), Duration.ofSeconds(60));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
    assertThat(cache.verify(token, counted).getName()).isEqualTo("ada");

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> cache.verify(token, counted))
                    .isInstanceOf(ParseException.class));
    assertThat(cache.size()).isZero();
  }

  @Test
  void aHitPastTheTokensExpiryGoesBackToTheVerifier() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.VIEWER), Duration.ofMinutes(5));
    MutableClock clock = new MutableClock(Instant.now());
    VerifiedTokenCache cache =
        new VerifiedTokenCache(100, Duration.ofMinutes(10), clock, Ticker.systemTicker());
    cache.verify(token, counted);

    clock.now = clock.now.plus(Duration.ofMinutes(6));
    assertThatThrownBy(() -> cache.verify(token, t -> refuse())).isInstanceOf(ParseException.class);
  }

  @Test
  void aTokenIsReverifiedAfterMaxTtlEvenWhenItExpiresLater() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.VIEWER), Duration.ofHours(1));
    FakeTicker ticker = new FakeTicker();
    VerifiedTokenCache cache =
        new VerifiedTokenCache(100, Duration.ofMinutes(5), Clock.systemUTC(), ticker);
    cache.verify(token, counted);
    cache.verify(token, counted);
    assertThat(verifications).hasValue(1);

    ticker.nanos += Duration.ofMinutes(5).plusSeconds(1).toNanos();
    cache.verify(token, counted);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void aTamperedTokenIsRefusedAndNeverCached() throws Exception {
    String token = minter.mint("eve", Set.of(Roles.VIEWER), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
    cache.verify(token, counted);
    String tampered = withPayloadRole(token, Roles.ADMIN);

    assertThatThrownBy(() -> cache.verify(tampered, counted)).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> cache.verify(tampered, counted)).isInstanceOf(ParseException.class);
    assertThat(verifications).hasValue(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aTokenWithOneByteChangedIsRefused() throws Exception {
    String token = minter.mint("eve", Set.of(Roles.VIEWER), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
    cache.verify(token, counted);
    int last = token.length() - 2;
    char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, last) + flipped + token.substring(last + 1);

    assertThatThrownBy(() -> cache.verify(tampered, counted)).isInstanceOf(ParseException.class);
  }

  @Test
  void aTokenFromAnotherKeyIsRefusedAndNeverCached() throws Exception {
    SigningKeys theirs = new SigningKeys(folder.resolve("theirs"));
    theirs.createIfMissing();
    String forged =
        new TokenMinter(theirs.loadPrivateKey())
            .mint("eve", Set.of(Roles.ADMIN), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    assertThatThrownBy(() -> cache.verify(forged, counted)).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> cache.verify(forged, counted)).isInstanceOf(ParseException.class);
    assertThat(verifications).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void theCacheEvictsBeyondItsMaxSize() throws Exception {
    VerifiedTokenCache cache = new VerifiedTokenCache(3, Duration.ofMinutes(5));
    for (int i = 0; i < 10; i++) {
      cache.verify(minter.mint("user" + i, Set.of(), Duration.ofMinutes(5)), counted);
    }

    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void manyThreadsSharingOneTokenAllGetItsIdentity() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
    int threads = 16;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(countAda(cache, token, perThread)));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.hits() + cache.misses()).isEqualTo((long) threads * perThread);
    // At most one verification per thread that raced the first one in.
    assertThat(verifications.get()).isBetween(1, threads);
  }

  @Test
  void aRepeatedHeaderIsAnsweredFromTheThreadWithoutAnotherVerification() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    // Each request's header is a new string, as the HTTP decoder makes one per request.
    VerifiedToken first = cache.verifyBearer(new String("Bearer " + token), counted);
    VerifiedToken again = cache.verifyBearer(new String("Bearer " + token), counted);

    assertThat(verifications).hasValue(1);
    assertThat(again).isSameAs(first);
    assertThat(first.token().getName()).isEqualTo("ada");
    assertThat(first.token().getRawToken()).isEqualTo(token);
    assertThat(first.grants(Roles.INFERENCE)).isTrue();
    assertThat(first.grants(Roles.VIEWER)).isFalse();
  }

  @Test
  void aHeaderWithoutABearerTokenIsNoTokenAndReachesNoVerifier() throws Exception {
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer ", "Bearerabc"}) {
      assertThat(cache.verifyBearer(header, counted)).as(header).isNull();
    }
    assertThat(verifications).hasValue(0);
  }

  @Test
  void eachHeaderGetsItsOwnTokensIdentityWhenAThreadSwitchesBetweenThem() throws Exception {
    String ada = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    String bob = minter.mint("bob", Set.of(Roles.VIEWER), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    for (int i = 0; i < 3; i++) {
      assertThat(cache.verifyBearer("Bearer " + ada, counted).token().getName()).isEqualTo("ada");
      assertThat(cache.verifyBearer("bearer " + bob, counted).token().getName()).isEqualTo("bob");
      assertThat(cache.verify(ada, counted).getName()).isEqualTo("ada");
    }
    // Each token was verified once; every switch after that was a hit in the shared cache.
    assertThat(verifications).hasValue(2);
  }

  @Test
  void aHeaderRememberedByTheThreadIsNotTakenForATokenOfTheSameText() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
    cache.verifyBearer("Bearer " + token, counted);

    // "Bearer <token>" as a token is not a valid token: the verifier must see it and refuse it.
    assertThatThrownBy(() -> cache.verify("Bearer " + token, counted))
        .isInstanceOf(ParseException.class);
    assertThat(verifications).hasValue(2);
  }

  @Test
  void aHeadersTokenPastItsExpiryGoesBackToTheVerifier() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    MutableClock clock = new MutableClock(Instant.now());
    VerifiedTokenCache cache =
        new VerifiedTokenCache(100, Duration.ofMinutes(10), clock, Ticker.systemTicker());
    cache.verifyBearer("Bearer " + token, counted);

    clock.now = clock.now.plus(Duration.ofMinutes(6));
    assertThatThrownBy(() -> cache.verifyBearer("Bearer " + token, t -> refuse()))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void aRefusedHeaderIsRefusedEveryTime() throws Exception {
    String token = minter.mint("ada", Set.of(Roles.INFERENCE), Duration.ofMinutes(5));
    String tampered = withPayloadRole(token, Roles.ADMIN);
    VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cache.verifyBearer("Bearer " + tampered, counted))
          .isInstanceOf(ParseException.class);
    }
    assertThat(verifications).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void refusesANonPositiveSizeOrLifetime() {
    assertThatThrownBy(() -> new VerifiedTokenCache(0, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VerifiedTokenCache(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Callable<Integer> countAda(VerifiedTokenCache cache, String token, int times) {
    return () -> {
      int ada = 0;
      for (int i = 0; i < times; i++) {
        JsonWebToken jwt = cache.verify(token, counted);
        if ("ada".equals(jwt.getName()) && jwt.getGroups().equals(Set.of(Roles.INFERENCE))) {
          ada++;
        }
      }
      return ada;
    };
  }

  private static JsonWebToken refuse() throws ParseException {
    throw new ParseException("expired");
  }

  /** The same header and signature around a payload whose groups were changed. */
  private static String withPayloadRole(String token, String role) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String changed = payload.replaceAll("\"groups\":\\[[^]]*]", "\"groups\":[\"" + role + "\"]");
    assertThat(changed).isNotEqualTo(payload);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes());
    return parts[0] + "." + encoded + "." + parts[2];
  }

  private java.security.PrivateKey loadOurKey() throws Exception {
    return new SigningKeys(folder.resolve("ours")).loadPrivateKey();
  }

  private static PublicKey publicKey(Path pem) throws Exception {
    String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static final class FakeTicker implements Ticker {
    volatile long nanos;

    @Override
    public long read() {
      return nanos;
    }
  }
}
