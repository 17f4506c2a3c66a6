package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ModelAliasMovedTest {

  @Test
  void aRemovedAliasHasNoVersionAndReadsBack() throws Exception {
    ModelAliasMoved removed =
        new ModelAliasMoved("iris", "challenger", null, 4, "serving-gateway", "rolled back");

    JsonNode json = Json.mapper().valueToTree(removed);

    assertThat(json.get("version").isNull()).isTrue();
    assertThat(Json.mapper().treeToValue(json, ModelAliasMoved.class)).isEqualTo(removed);
  }

  @Test
  void aMoveNamesAtLeastOneVersion() {
    assertThatThrownBy(() -> new ModelAliasMoved("iris", "champion", null, null, "alice", "x"))
        .hasMessageContaining("version");
  }

  @Test
  void aMoveSaysWhoAndWhy() {
    assertThatThrownBy(() -> new ModelAliasMoved("iris", "champion", 2, 1, " ", "x"))
        .hasMessageContaining("movedBy");
    assertThatThrownBy(() -> new ModelAliasMoved("iris", "champion", 2, 1, "alice", ""))
        .hasMessageContaining("reason");
  }
}
