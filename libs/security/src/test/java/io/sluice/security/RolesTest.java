package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

  @Test
  void grantsAgreesWithEffectiveForEveryRoleAndEveryPairOfGrants() {
    List<String> names = new ArrayList<>(Roles.ALL);
    names.add("sluice-admins");
    int checked = 0;
    for (String first : names) {
      for (String second : names) {
        Set<String> granted = first.equals(second) ? Set.of(first) : Set.of(first, second);
        for (String role : names) {
          assertThat(Roles.grants(granted, role))
              .as("%s grants %s", granted, role)
              .isEqualTo(Roles.effective(granted).contains(role));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(names.size() * names.size() * names.size());
  }
}
