package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.sluice.testkit.TestTokens;
import java.time.Duration;

/** Waits on the {@code champion} alias as the registry's REST API shows it. */
final class ChampionAlias {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private ChampionAlias() {}

  /** Waits until {@code model}'s champion alias points at {@code version}. */
  static void awaitChampion(String model, int version) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .get("/api/v1/models/{name}/aliases/champion", model)
                    .then()
                    .statusCode(200)
                    .body("version", equalTo(version))
                    .body("alias", equalTo("champion")));
  }
}
