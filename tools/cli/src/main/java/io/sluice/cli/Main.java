package io.sluice.cli;

import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.args.ArgumentParser;
import io.sluice.cli.args.HelpText;
import io.sluice.cli.args.Invocation;
import io.sluice.cli.args.UsageException;
import io.sluice.cli.command.DemoCommand;
import io.sluice.cli.command.DownCommand;
import io.sluice.cli.command.LogsCommand;
import io.sluice.cli.command.ModelCompareCommand;
import io.sluice.cli.command.ModelVersionsCommand;
import io.sluice.cli.command.ModelsCommand;
import io.sluice.cli.command.PipelinesCommand;
import io.sluice.cli.command.RestartCommand;
import io.sluice.cli.command.RolloutsCommand;
import io.sluice.cli.command.RunsCommand;
import io.sluice.cli.command.StatusCommand;
import io.sluice.cli.command.TokenCommand;
import io.sluice.cli.command.UpCommand;
import io.sluice.cli.config.Settings;
import io.sluice.cli.security.LocalTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The entry point of the CLI behind {@code ./sluice}. The script passes the repository root as
 * {@code -Dsluice.repo}; everything else comes from the environment (see {@link Settings}).
 */
public final class Main {

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  public Main(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.getenv(), System.out, System.err).run(Arrays.asList(args)));
  }

  /** Runs one command line and returns the process exit code. */
  public int run(List<String> args) {
    try {
      return dispatch(new ArgumentParser().parse(args));
    } catch (UsageException e) {
      err.println("sluice: " + e.getMessage());
      err.println("Run './sluice help' for the commands.");
      return e.exitCode();
    } catch (CliException e) {
      err.println("sluice: " + e.getMessage());
      return e.exitCode();
    } catch (UncheckedIOException e) {
      err.println("sluice: " + e.getMessage());
      return CliException.FAILURE;
    }
  }

  private int dispatch(Invocation invocation) {
    if (invocation instanceof Invocation.Help) {
      out.print(HelpText.TEXT);
      return 0;
    }
    Settings settings = settings();
    if (invocation instanceof Invocation.Up up) {
      return new UpCommand(settings, out).run(up.infraOnly());
    }
    if (invocation instanceof Invocation.Status) {
      return new StatusCommand(settings, out).run();
    }
    if (invocation instanceof Invocation.Logs logs) {
      return new LogsCommand(settings, out).run(logs.component(), logs.follow());
    }
    if (invocation instanceof Invocation.Restart restart) {
      return new RestartCommand(settings, out).run(restart.service());
    }
    if (invocation instanceof Invocation.Demo demo) {
      return new DemoCommand(settings, out).run(demo.fresh());
    }
    if (invocation instanceof Invocation.Token token) {
      return new TokenCommand(settings, out).run(token.roles(), token.ttl(), token.subject());
    }
    if (invocation instanceof Invocation.Api call) {
      return api(call, settings);
    }
    if (invocation instanceof Invocation.Down down) {
      return new DownCommand(settings, out).run(down.purge());
    }
    throw new IllegalStateException("unhandled invocation " + invocation);
  }

  /**
   * {@code pipelines} and {@code runs}: the orchestrator at {@code --server}, else {@code
   * SLUICE_ORCHESTRATOR_URL}, else the local one; {@code models}: the registry at {@code --server},
   * else {@code SLUICE_REGISTRY_URL}, else the local one; {@code rollouts}: the serving gateway,
   * the same way with {@code SLUICE_GATEWAY_URL}; the token from {@code SLUICE_TOKEN}, else the
   * admin token {@code up} wrote.
   */
  private int api(Invocation.Api call, Settings settings) {
    String url = call.server();
    if (url == null) {
      url =
          switch (call.group()) {
            case "models" ->
                env.getOrDefault("SLUICE_REGISTRY_URL", settings.serviceUrl("registry"));
            case "rollouts" ->
                env.getOrDefault("SLUICE_GATEWAY_URL", settings.serviceUrl("serving-gateway"));
            default ->
                env.getOrDefault("SLUICE_ORCHESTRATOR_URL", settings.serviceUrl("orchestrator"));
          };
    }
    String token = env.get("SLUICE_TOKEN");
    ApiClient client =
        new ApiClient(
            url,
            token != null && !token.isBlank()
                ? () -> token.strip()
                : () -> new LocalTokens(settings.stateDir()).adminToken());
    ApiOutput output = new ApiOutput(out, err, call.json());
    return switch (call.group()) {
      case "pipelines" -> new PipelinesCommand(client, output).run(call);
      case "models" -> models(call, client, output);
      case "rollouts" -> new RolloutsCommand(client, output).run(call);
      default -> new RunsCommand(client, output, Clock.systemUTC()).run(call);
    };
  }

  private static int models(Invocation.Api call, ApiClient client, ApiOutput output) {
    return switch (call.action()) {
      case "compare" -> new ModelCompareCommand(client, output).run(call);
      case "versions" -> new ModelVersionsCommand(client, output).run(call);
      default -> new ModelsCommand(client, output).run(call);
    };
  }

  private Settings settings() {
    return Settings.fromEnvironment(
        env,
        repoRoot(),
        Path.of(System.getProperty("java.home"), "bin", "java"),
        version(),
        Path.of("").toAbsolutePath());
  }

  /**
   * The repository root: {@code -Dsluice.repo}, else the repository that holds the folder this
   * class was loaded from ({@code tools/cli/target/<jar or classes>}).
   */
  private static Path repoRoot() {
    String explicit = System.getProperty("sluice.repo");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    try {
      Path location =
          Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.getParent().getParent().getParent().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      throw new CliException("cannot tell where the repository is; pass -Dsluice.repo=<path>", e);
    }
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/sluice-cli.properties")) {
      if (in == null) {
        throw new IllegalStateException("sluice-cli.properties is missing from the CLI jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
