package io.sluice.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

  private final ArgumentParser parser = new ArgumentParser();

  @Test
  void upStartsEverythingByDefault() {
    assertThat(parser.parse(List.of("up"))).isEqualTo(new Invocation.Up(false));
  }

  @Test
  void upWithInfraOnlySkipsTheServices() {
    assertThat(parser.parse(List.of("up", "--infra-only"))).isEqualTo(new Invocation.Up(true));
  }

  @Test
  void downKeepsDataUnlessPurgeIsGiven() {
    assertThat(parser.parse(List.of("down"))).isEqualTo(new Invocation.Down(false));
    assertThat(parser.parse(List.of("down", "--purge"))).isEqualTo(new Invocation.Down(true));
  }

  @Test
  void logsTakesOneNameAndAnOptionalFollowFlagInAnyOrder() {
    assertThat(parser.parse(List.of("logs", "kafka")))
        .isEqualTo(new Invocation.Logs("kafka", false));
    assertThat(parser.parse(List.of("logs", "-f", "registry")))
        .isEqualTo(new Invocation.Logs("registry", true));
    assertThat(parser.parse(List.of("logs", "s3", "--follow")))
        .isEqualTo(new Invocation.Logs("s3", true));
  }

  @Test
  void logsWithoutANameIsAUsageError() {
    assertThatThrownBy(() -> parser.parse(List.of("logs", "-f")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("exactly one component name");
  }

  @Test
  void logsWithTwoNamesIsAUsageError() {
    assertThatThrownBy(() -> parser.parse(List.of("logs", "kafka", "s3")))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void restartTakesTheNameOfOneService() {
    assertThat(parser.parse(List.of("restart", "serving-gateway")))
        .isEqualTo(new Invocation.Restart("serving-gateway"));
    assertThat(parser.parse(List.of("restart", "ingest")))
        .isEqualTo(new Invocation.Restart("ingest"));
  }

  @Test
  void restartWithoutANameWithTwoNamesOrWithAnOptionIsAUsageError() {
    for (List<String> args :
        List.of(
            List.of("restart"),
            List.of("restart", "registry", "ingest"),
            List.of("restart", "-f"),
            List.of("restart", "--all"))) {
      assertThatThrownBy(() -> parser.parse(args))
          .as("%s", args)
          .isInstanceOf(UsageException.class)
          .hasMessage(
              "'restart' takes exactly one service name, e.g. ./sluice restart serving-gateway");
    }
  }

  @Test
  void restartOfAnUnknownNameIsAUsageErrorListingTheServices() {
    assertThatThrownBy(() -> parser.parse(List.of("restart", "gateway")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "unknown service 'gateway'; valid names: ingest, orchestrator, trainer-launcher,"
                + " registry, serving-gateway");
  }

  @Test
  void restartOfInfrastructureIsAUsageErrorThatPointsAtDownAndUp() {
    for (String infrastructure : List.of("kafka", "s3", "postgres")) {
      assertThatThrownBy(() -> parser.parse(List.of("restart", infrastructure)))
          .as(infrastructure)
          .isInstanceOf(UsageException.class)
          .hasMessageContaining(infrastructure + " is infrastructure")
          .hasMessageContaining("./sluice down and ./sluice up");
    }
  }

  @Test
  void statusTakesNoArguments() {
    assertThat(parser.parse(List.of("status"))).isEqualTo(new Invocation.Status());
    assertThatThrownBy(() -> parser.parse(List.of("status", "kafka")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("takes no arguments");
  }

  @Test
  void helpIsShownForHelpItsFlagsAndNoArgumentsAtAll() {
    for (List<String> args :
        List.of(List.<String>of(), List.of("help"), List.of("--help"), List.of("-h"))) {
      assertThat(parser.parse(args)).as("%s", args).isEqualTo(new Invocation.Help());
    }
  }

  @Test
  void unknownCommandIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> parser.parse(List.of("launch")))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown command 'launch'");
  }

  @Test
  void unknownOptionIsAUsageErrorListingTheValidOnes() {
    assertThatThrownBy(() -> parser.parse(List.of("up", "--infra")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'--infra'")
        .hasMessageContaining("--infra-only");
  }

  @Test
  void usageErrorsExitWithCodeTwo() {
    assertThat(new UsageException("x").exitCode()).isEqualTo(2);
  }
}
