package io.sluice.security.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.Roles;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenTest {

  @Test
  void grantsWhatRolesGrantsForEveryRoleItCarries() {
    for (String carried : Roles.ALL) {
      VerifiedToken verified = VerifiedToken.of(new Token(Set.of(carried), 100));
      for (String asked : Roles.ALL) {
        assertThat(verified.grants(asked))
            .as("a token with %s asked for %s", carried, asked)
            .isEqualTo(Roles.grants(Set.of(carried), asked));
      }
    }
  }

  @Test
  void readsTheGroupsOnceHoweverOftenItIsAsked() {
    Token token = new Token(Set.of(Roles.INFERENCE), 100);
    VerifiedToken verified = VerifiedToken.of(token);

    for (int i = 0; i < 5; i++) {
      assertThat(verified.grants(Roles.INFERENCE)).isTrue();
      assertThat(verified.grants(Roles.VIEWER)).isFalse();
    }
    assertThat(token.groupReads).hasValue(1);
  }

  @Test
  void aTokenWithoutGroupsGrantsNothing() {
    VerifiedToken verified = VerifiedToken.of(new Token(null, 100));

    assertThat(Roles.ALL).noneMatch(verified::grants);
  }

  @Test
  void aTokenWithoutExpiryIsNeverUnexpired() {
    assertThat(VerifiedToken.of(new Token(Set.of(Roles.VIEWER), 0)).isUnexpiredAt(0)).isFalse();
    assertThat(VerifiedToken.of(new Token(Set.of(Roles.VIEWER), 100)).isUnexpiredAt(99)).isTrue();
    assertThat(VerifiedToken.of(new Token(Set.of(Roles.VIEWER), 100)).isUnexpiredAt(100)).isFalse();
  }

  /** A verified token with fixed groups and exp, counting how often its groups are read. */
  private static final class Token implements JsonWebToken {
    private final Set<String> groups;
    private final long exp;
    final AtomicInteger groupReads = new AtomicInteger();

    Token(Set<String> groups, long exp) {
      this.groups = groups;
      this.exp = exp;
    }

    @Override
    public Set<String> getGroups() {
      groupReads.incrementAndGet();
      return groups;
    }

    @Override
    public long getExpirationTime() {
      return exp;
    }

    @Override
    public String getName() {
      return "caller";
    }

    @Override
    public Set<String> getClaimNames() {
      return Set.of("groups", "exp");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
      return switch (claimName) {
        case "groups" -> groups == null ? null : (T) List.copyOf(groups);
        case "exp" -> (T) Long.valueOf(exp);
        default -> null;
      };
    }
  }
}
