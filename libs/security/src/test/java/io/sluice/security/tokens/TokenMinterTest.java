package io.sluice.security.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMinterTest {

  @TempDir Path folder;

  @Test
  void tokenVerifiesWithThePublishedPublicKeyAndCarriesSubjectAndRoles() throws Exception {
    SigningKeys keys = new SigningKeys(folder);
    assertThat(keys.createIfMissing()).isTrue();
    String token =
        new TokenMinter(keys.loadPrivateKey())
            .mint("ada", Set.of(Roles.ML_ENGINEER), Duration.ofMinutes(5));

    JwtClaims claims = consumer(publicKey(keys.publicKeyFile())).processToClaims(token);

    assertThat(claims.getIssuer()).isEqualTo(TokenMinter.LOCAL_ISSUER);
    assertThat(claims.getSubject()).isEqualTo("ada");
    assertThat(claims.getClaimValueAsString("upn")).isEqualTo("ada");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly(Roles.ML_ENGINEER);
  }

  @Test
  void aTokenFromAnotherKeyIsRefused() throws Exception {
    SigningKeys ours = new SigningKeys(folder.resolve("ours"));
    SigningKeys theirs = new SigningKeys(folder.resolve("theirs"));
    ours.createIfMissing();
    theirs.createIfMissing();
    String forged =
        new TokenMinter(theirs.loadPrivateKey())
            .mint("eve", Set.of(Roles.ADMIN), Duration.ofMinutes(5));

    assertThatThrownBy(() -> consumer(publicKey(ours.publicKeyFile())).processToClaims(forged))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    SigningKeys keys = new SigningKeys(folder);
    keys.createIfMissing();
    Clock anHourAgo = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
    String token =
        new TokenMinter(keys.loadPrivateKey(), TokenMinter.LOCAL_ISSUER, anHourAgo)
            .mint("ada", Set.of(Roles.VIEWER), Duration.ofMinutes(5));

    assertThatThrownBy(() -> consumer(publicKey(keys.publicKeyFile())).processToClaims(token))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("no longer valid");
  }

  @Test
  void keysAreCreatedOnceAndThePrivateKeyIsOwnerOnly() throws Exception {
    SigningKeys keys = new SigningKeys(folder);
    assertThat(keys.createIfMissing()).isTrue();
    byte[] first = Files.readAllBytes(keys.privateKeyFile());

    assertThat(keys.createIfMissing()).isFalse();
    assertThat(Files.readAllBytes(keys.privateKeyFile())).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKeyFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void refusesUnknownRolesBlankSubjectsAndUnboundedLifetimes() throws Exception {
    SigningKeys keys = new SigningKeys(folder);
    keys.createIfMissing();
    TokenMinter minter = new TokenMinter(keys.loadPrivateKey());

    assertThatThrownBy(() -> minter.mint("ada", Set.of("root"), Duration.ofMinutes(1)))
        .hasMessageContaining("unknown role 'root'");
    assertThatThrownBy(() -> minter.mint(" ", Set.of(), Duration.ofMinutes(1)))
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> minter.mint("ada", Set.of(), Duration.ofDays(400)))
        .hasMessageContaining("at most 366 days");
    assertThatThrownBy(() -> minter.mint("ada", Set.of(), Duration.ZERO))
        .hasMessageContaining("more than 0");
  }

  @Test
  void aDamagedKeyFileIsSaidToBeOne() throws Exception {
    SigningKeys keys = new SigningKeys(folder);
    keys.createIfMissing();
    Files.writeString(keys.privateKeyFile(), "-----BEGIN PRIVATE KEY-----\n!!!\n");

    assertThatThrownBy(keys::loadPrivateKey).hasMessageContaining("not a PEM file");
  }

  private static JwtConsumer consumer(PublicKey key) {
    return new JwtConsumerBuilder()
        .setVerificationKey(key)
        .setExpectedIssuer(TokenMinter.LOCAL_ISSUER)
        .setRequireExpirationTime()
        .setRequireSubject()
        .build();
  }

  private static PublicKey publicKey(Path pem) throws Exception {
    byte[] der = Pem.decode(Files.readString(pem));
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
  }
}
