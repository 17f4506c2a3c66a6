package io.sluice.gateway.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CallerCheckTest {

  @Test
  void bearerTokenIsTakenWhateverTheSchemesCase() {
    assertThat(CallerCheck.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
    assertThat(CallerCheck.bearerToken("bearer abc")).isEqualTo("abc");
  }

  @Test
  void anotherSchemeOrAnEmptyTokenIsNoToken() {
    assertThat(CallerCheck.bearerToken(null)).isNull();
    assertThat(CallerCheck.bearerToken("Basic dXNlcjpwYXNz")).isNull();
    assertThat(CallerCheck.bearerToken("Bearer ")).isNull();
    assertThat(CallerCheck.bearerToken("Bearer    ")).isNull();
    assertThat(CallerCheck.bearerToken("Bearerabc")).isNull();
  }

  @Test
  void aRepeatedHeaderGivesTheSameTokenInstanceAndAChangedOneItsOwnToken() {
    CallerCheck check = new CallerCheck(null, null, () -> true);
    // Each request's header is a new string, as the HTTP decoder makes one per request.
    String first = check.tokenOf(new String("Bearer aaa.bbb.ccc"));
    String again = check.tokenOf(new String("Bearer aaa.bbb.ccc"));
    String other = check.tokenOf("Bearer xxx.yyy.zzz");

    assertThat(first).isEqualTo("aaa.bbb.ccc");
    assertThat(again).isSameAs(first);
    assertThat(other).isEqualTo("xxx.yyy.zzz");
    assertThat(check.tokenOf(new String("Bearer aaa.bbb.ccc"))).isEqualTo("aaa.bbb.ccc");
    assertThat(check.tokenOf(null)).isNull();
    assertThat(check.tokenOf("Basic dXNlcjpwYXNz")).isNull();
    assertThat(check.tokenOf("Basic dXNlcjpwYXNz")).isNull();
  }

  @Test
  void eachTokensOwnRolesDecideAlsoWhenTheThreadRemembersTheLastVerdict() {
    CallerCheck check = new CallerCheck(null, null, () -> true);
    Token inference = new Token("inference");
    Token viewer = new Token("viewer");
    Token admin = new Token("admin");

    assertThat(check.grantsInference(inference)).isTrue();
    assertThat(check.grantsInference(viewer)).isFalse();
    assertThat(check.grantsInference(inference)).isTrue();
    assertThat(check.grantsInference(admin)).isTrue();
    assertThat(check.grantsInference(viewer)).isFalse();
    // Each switch of token read the roles again; none was read from another token's verdict.
    assertThat(inference.groupReads.get()).isEqualTo(2);
    assertThat(viewer.groupReads.get()).isEqualTo(2);
  }

  @Test
  void theSameTokenAgainIsNotReadAgain() {
    CallerCheck check = new CallerCheck(null, null, () -> true);
    Token inference = new Token("inference");
    for (int i = 0; i < 5; i++) {
      assertThat(check.grantsInference(inference)).isTrue();
    }
    assertThat(inference.groupReads.get()).isEqualTo(1);
  }

  /** A verified token with one role, counting how often its roles are read. */
  private static final class Token implements JsonWebToken {
    private final String role;
    final AtomicInteger groupReads = new AtomicInteger();

    Token(String role) {
      this.role = role;
    }

    @Override
    public Set<String> getGroups() {
      groupReads.incrementAndGet();
      return Set.of(role);
    }

    @Override
    public String getName() {
      return "caller-with-" + role;
    }

    @Override
    public Set<String> getClaimNames() {
      return Set.of("groups");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
      return "groups".equals(claimName) ? (T) List.of(role) : null;
    }
  }
}
