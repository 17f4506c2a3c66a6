package io.sluice.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.Json;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Where a command's answer goes: with {@code --output json} the server's JSON unchanged on stdout,
 * else a table; a refusal (an RFC 9457 problem) as {@code error: <detail>} on stderr, exit 1.
 */
public final class ApiOutput {

  /** Exit code of a call the server refused or failed. */
  public static final int FAILED = 1;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  public ApiOutput(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  public boolean json() {
    return json;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  /** Prints the body as it came (JSON mode) and returns 0. */
  public int raw(ApiClient.Answer answer) {
    out.print(answer.body());
    if (!answer.body().endsWith("\n")) {
      out.println();
    }
    out.flush();
    return 0;
  }

  /** Prints a refusal as {@code error: <detail>} and returns {@link #FAILED}. */
  public int refused(ApiClient.Answer answer) {
    err.println("error: " + detail(answer));
    err.flush();
    return FAILED;
  }

  /** The problem's detail, or the status and the start of the body when it is not a problem. */
  public static String detail(ApiClient.Answer answer) {
    JsonNode problem = parseOrNull(answer.body());
    if (problem != null && problem.hasNonNull("detail")) {
      return problem.get("detail").asText();
    }
    String body = answer.body() == null ? "" : answer.body().strip();
    return "HTTP "
        + answer.status()
        + (body.isEmpty()
            ? ""
            : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
  }

  /** The body as JSON; a body that is not JSON is a refusal of its own kind. */
  public static JsonNode parse(ApiClient.Answer answer) {
    JsonNode node = parseOrNull(answer.body());
    if (node == null) {
      throw new io.sluice.cli.CliException(
          "the orchestrator answered HTTP " + answer.status() + " with something that is not JSON");
    }
    return node;
  }

  private static JsonNode parseOrNull(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
