package io.sluice.security.quarkus;

import io.sluice.security.Roles;
import io.sluice.security.tokens.SigningKeys;
import io.sluice.security.tokens.TokenMinter;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Not a test: a loop that times one token's verification with and without the cache (run by hand,
 * numbers in the notes). Tests never assert wall-clock time.
 */
public final class VerifiedTokenCacheCost {

  public static void main(String[] args) throws Exception {
    Path folder = Files.createTempDirectory("token-cost");
    SigningKeys keys = new SigningKeys(folder);
    keys.createIfMissing();
    String token =
        new TokenMinter(keys.loadPrivateKey())
            .mint("ada", Set.of(Roles.INFERENCE), Duration.ofHours(1));
    String body = Files.readString(keys.publicKeyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
    var key =
        KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    DefaultJWTParser parser =
        new DefaultJWTParser(new JWTAuthContextInfo(key, TokenMinter.LOCAL_ISSUER));
    VerifiedTokenCache cache = new VerifiedTokenCache(10_000, Duration.ofMinutes(5));
    int n = 20_000;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        parser.parse(token);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        // A new String each time, as each request brings its own copy of the header.
        cache.verify(new String(token), parser::parse);
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "round %d: uncached %.1f us/token, cached %.2f us/token%n",
          round, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
    }
  }
}
