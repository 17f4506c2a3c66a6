package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {

  @Test
  void adminImpliesEveryRoleInferenceIncluded() {
    assertThat(Roles.effective(Set.of(Roles.ADMIN))).containsExactlyInAnyOrderElementsOf(Roles.ALL);
  }

  @Test
  void everyWritingRoleMayAlsoRead() {
    for (String role : Set.of(Roles.DATA_ENGINEER, Roles.ML_ENGINEER, Roles.APPROVER)) {
      assertThat(Roles.effective(Set.of(role))).containsExactlyInAnyOrder(role, Roles.VIEWER);
    }
  }

  @Test
  void inferenceAloneReadsNothing() {
    assertThat(Roles.effective(Set.of(Roles.INFERENCE))).containsExactly(Roles.INFERENCE);
  }

  @Test
  void viewerDoesNotImplyAWritingRole() {
    assertThat(Roles.effective(Set.of(Roles.VIEWER))).containsExactly(Roles.VIEWER);
  }

  @Test
  void unknownGroupsAreKeptButImplyNothing() {
    assertThat(Roles.effective(Set.of("sluice-admins"))).containsExactly("sluice-admins");
  }
}
