package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void replacesTheDatabaseAndKeepsParameters() {
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432/postgres?ssl=false", "registry"))
        .isEqualTo("jdbc:postgresql://db:5432/registry?ssl=false");
  }

  @Test
  void addsADatabaseWhereTheUrlNamesNone() {
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432", "registry"))
        .isEqualTo("jdbc:postgresql://db:5432/registry");
    assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432?user=x", "registry"))
        .isEqualTo("jdbc:postgresql://db:5432/registry?user=x");
  }

  @Test
  void rejectsUrlsOfOtherDatabases() {
    assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://db/x", "y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
