package io.sluice.orchestrator.api;

import io.sluice.eventing.Transactor;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.orchestrator.run.RunStore;
import io.sluice.orchestrator.run.StepRow;
import io.sluice.orchestrator.run.StepState;
import io.sluice.orchestrator.storage.StepLogObjects;
import io.sluice.security.Roles;
import io.sluice.storage.ObjectContent;
import io.sluice.storage.StorageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A finished attempt's log, as the launcher kept it in the artifact store: streamed as UTF-8 text,
 * bounded, optionally only its last lines. 404 says which of run, step, attempt or log is missing.
 */
@Path("/api/v1/runs/{id}/steps/{step}/logs")
@Blocking
@RolesAllowed(Roles.VIEWER)
public class StepLogResource {

  static final String TEXT = "text/plain; charset=utf-8";
  static final int MAX_TAIL_LINES = 10_000;

  /** A step name as a spec allows it: anything else names no step, and is refused as such. */
  // A step name, or an instance of a fanned-out step (train.0).
  private static final Pattern STEP_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}(\\.[0-9]{1,4})?");

  private final Transactor transactor;
  private final StepLogObjects logs;
  private final long maxBytes;
  private final RunStore store = new RunStore();

  public StepLogResource(Transactor transactor, StepLogObjects logs, OrchestratorConfig config) {
    this.transactor = transactor;
    this.logs = logs;
    this.maxBytes = config.stepLogMaxBytes();
  }

  /**
   * @param attemptText the attempt (default: the step's latest)
   * @param tailText only the last this many lines (1 to {@value #MAX_TAIL_LINES})
   */
  @GET
  @Produces(TEXT)
  public Response log(
      @PathParam("id") String id,
      @PathParam("step") String step,
      @QueryParam("attempt") String attemptText,
      @QueryParam("tail") String tailText,
      @Context UriInfo uri) {
    onceAtMost(uri, "attempt");
    onceAtMost(uri, "tail");
    UUID runId = runId(id);
    String stepName = stepName(step);
    Integer wanted = attemptText == null ? null : number(attemptText, "attempt", 1, 1_000_000);
    Integer tail = tailText == null ? null : number(tailText, "tail", 1, MAX_TAIL_LINES);
    StepRow row = stepOf(runId, stepName);
    int attempt = attemptOf(runId, row, wanted);
    ObjectContent content = open(runId, row, attempt);
    StreamingOutput body =
        out -> {
          try (content) {
            if (tail == null) {
              LogText.copy(content, out, maxBytes);
            } else {
              out.write(LogText.tail(content, maxBytes, tail));
            }
          }
        };
    return Response.ok(body, TEXT).build();
  }

  private StepRow stepOf(UUID runId, String stepName) {
    Optional<Optional<StepRow>> found =
        transactor.inTransaction(
            c ->
                store.run(c, runId).isEmpty()
                    ? Optional.<Optional<StepRow>>empty()
                    : Optional.of(
                        store.steps(c, runId).stream()
                            .filter(row -> row.stepName().equals(stepName))
                            .findFirst()));
    if (found.isEmpty()) {
      throw notFound("no run " + runId);
    }
    return found
        .get()
        .orElseThrow(() -> notFound("run " + runId + " has no step '" + stepName + "'"));
  }

  private static int attemptOf(UUID runId, StepRow row, Integer wanted) {
    String step = "step '" + row.stepName() + "' of run " + runId;
    if (row.attempt() == 0) {
      throw notFound(step + " has not run yet (" + row.state() + "): it has no log");
    }
    if (wanted != null && wanted > row.attempt()) {
      throw notFound(step + " has no attempt " + wanted + " (its latest is " + row.attempt() + ")");
    }
    return wanted == null ? row.attempt() : wanted;
  }

  private ObjectContent open(UUID runId, StepRow row, int attempt) {
    Optional<ObjectContent> content;
    try {
      content = logs.open(runId, row.stepName(), attempt);
    } catch (StorageException e) {
      throw new ProblemException(
          Problem.of(
              Response.Status.SERVICE_UNAVAILABLE,
              "the artifact store cannot be read now: " + e.getMessage()));
    }
    return content.orElseThrow(() -> notStored(runId, row, attempt));
  }

  private static ProblemException notStored(UUID runId, StepRow row, int attempt) {
    String what =
        "the log of attempt " + attempt + " of step '" + row.stepName() + "' of run " + runId;
    boolean running = attempt == row.attempt() && row.state() == StepState.REQUESTED;
    return notFound(
        running
            ? what + " is not stored yet: it is kept when the attempt ends"
            : what
                + " is not stored: the attempt ended before its command started, or the launcher"
                + " could not keep it");
  }

  /** {@code ?attempt=1&attempt=2} asks for two things; answering one of them would be a guess. */
  private static void onceAtMost(UriInfo uri, String parameter) {
    List<String> values = uri.getQueryParameters().get(parameter);
    if (values != null && values.size() > 1) {
      throw badRequest(parameter + " may be given once");
    }
  }

  private static UUID runId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw badRequest("run id must be a UUID");
    }
  }

  private static String stepName(String text) {
    if (!STEP_NAME.matcher(text).matches()) {
      throw badRequest("step must match " + STEP_NAME.pattern());
    }
    return text;
  }

  /** Read as text: a parameter JAX-RS cannot convert would be a 404, which tells nothing. */
  private static int number(String text, String what, int min, int max) {
    int value = text.matches("[0-9]{1,7}") ? Integer.parseInt(text) : -1;
    if (value < min || value > max) {
      throw badRequest(what + " must be a whole number between " + min + " and " + max);
    }
    return value;
  }

  private static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(Response.Status.NOT_FOUND, detail));
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }
}
