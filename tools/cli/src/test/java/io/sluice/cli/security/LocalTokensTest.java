package io.sluice.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.config.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokensTest {

  @TempDir Path home;

  @Test
  void prepareCreatesTheKeyOnceAndWritesAnOwnerOnlyAdminToken() throws Exception {
    StateDir state = new StateDir(home);
    LocalTokens tokens = new LocalTokens(state);

    assertThat(tokens.prepare()).isTrue();
    byte[] key = Files.readAllBytes(state.keys().resolve("token-signing-key.pem"));
    String first = tokens.adminToken();
    assertThat(tokens.prepare()).isFalse();

    assertThat(Files.readAllBytes(state.keys().resolve("token-signing-key.pem"))).isEqualTo(key);
    assertThat(tokens.adminToken()).isNotEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.adminToken())))
        .isEqualTo("rw-------");
    assertThat(claims(tokens.adminToken()))
        .contains("\"sub\":\"local-admin\"")
        .contains("\"groups\":[\"admin\"]")
        .contains("\"iss\":\"sluice-local\"");
  }

  @Test
  void mintingBeforeUpSaysToRunUp() {
    LocalTokens tokens = new LocalTokens(new StateDir(home));

    assertThatThrownBy(() -> tokens.mint("ada", Set.of("viewer"), Duration.ofMinutes(5)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("run ./sluice up first");
    assertThatThrownBy(tokens::adminToken)
        .isInstanceOf(CliException.class)
        .hasMessageContaining("run ./sluice up first");
  }

  @Test
  void mintedTokensCarryTheAskedSubjectAndRoles() {
    LocalTokens tokens = new LocalTokens(new StateDir(home));
    tokens.prepare();

    String token = tokens.mint("ada", Set.of("viewer"), Duration.ofMinutes(5));

    assertThat(claims(token)).contains("\"sub\":\"ada\"").contains("\"groups\":[\"viewer\"]");
  }

  private static String claims(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
