package io.sluice.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenArgumentsTest {

  private final ArgumentParser parser = new ArgumentParser();

  @Test
  void aPlainTokenIsAnAdminTokenForTwelveHours() {
    assertThat(parser.parse(List.of("token")))
        .isEqualTo(new Invocation.Token(Set.of("admin"), Duration.ofHours(12), "local-admin"));
  }

  @Test
  void rolesRepeatOrComeCommaSeparatedAndNameTheDefaultSubject() {
    Invocation.Token token =
        (Invocation.Token)
            parser.parse(List.of("token", "--role", "viewer,approver", "--role", "inference"));

    assertThat(token.roles()).containsExactlyInAnyOrder("viewer", "approver", "inference");
    assertThat(token.subject()).startsWith("local-").contains("viewer");
  }

  @Test
  void ttlAndSubjectAreTaken() {
    assertThat(parser.parse(List.of("token", "--ttl", "30m", "--subject", "ada")))
        .isEqualTo(new Invocation.Token(Set.of("admin"), Duration.ofMinutes(30), "ada"));
  }

  @Test
  void unknownRolesBadLifetimesMissingValuesAndStrayArgumentsAreUsageErrors() {
    assertThatThrownBy(() -> parser.parse(List.of("token", "--role", "root")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown role 'root'");
    assertThatThrownBy(() -> parser.parse(List.of("token", "--role", "viewer,")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown role ''");
    assertThatThrownBy(() -> parser.parse(List.of("token", "--ttl", "forever")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("e.g. 30m or 7d");
    assertThatThrownBy(() -> parser.parse(List.of("token", "--ttl")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> parser.parse(List.of("token", "admin")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unexpected argument 'admin'");
  }
}
