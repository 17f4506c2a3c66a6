package io.sluice.eventing.quarkus;

import io.sluice.eventing.DeadLetter;
import io.sluice.eventing.DeadLetterArchive;
import io.sluice.eventing.Eventing;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.AccessProblem;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The service's dead letters ({@code sluice.dlq.<service>}), in every service: list them, look at
 * one, replay one to the topic it came from. Reading needs {@link Roles#VIEWER}: a dead letter
 * holds the same event data the services' own read endpoints show. Replaying needs {@link
 * Roles#ADMIN}: it feeds input to the platform again.
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DeadLetterResource {

  private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  @Inject Eventing eventing;
  @Inject Caller caller;

  /** A dead letter without its value; {@code origin} is where it first arrived. */
  public record Summary(
      int partition,
      long offset,
      String key,
      String eventId,
      String eventType,
      String error,
      String origin,
      String deadLetteredAt) {

    static Summary of(DeadLetter letter) {
      return new Summary(
          letter.partition(),
          letter.offset(),
          letter.key(),
          letter.eventId(),
          letter.eventType(),
          letter.error(),
          letter.origin(),
          letter.deadLetteredAt());
    }
  }

  /** One page; {@code next} is the {@code after} of the next page, or null at the end. */
  public record Page(String topic, List<Summary> items, String next) {}

  /** One dead letter with every header and its value (text, or base64 when not UTF-8 text). */
  public record Detail(
      Summary summary, Map<String, String> headers, String value, String valueEncoding) {}

  /** Where a replay went. */
  public record Replayed(String deadLetter, String replayedTo) {}

  @GET
  @RolesAllowed(Roles.VIEWER)
  public Response list(
      @QueryParam("partition") Integer partition,
      @QueryParam("after") String after,
      @QueryParam("limit") Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      return problem(400, "Bad Request", "limit must be between 1 and " + MAX_LIMIT);
    }
    long[] cursor = {-1, -1};
    if (after != null && !parseCursor(after, cursor)) {
      return problem(400, "Bad Request", "after must be <partition>/<offset>, e.g. 0/41");
    }
    DeadLetterArchive archive = eventing.deadLetterArchive();
    List<Summary> items =
        archive.list(Optional.ofNullable(partition), (int) cursor[0], cursor[1], size).stream()
            .map(Summary::of)
            .toList();
    String next =
        items.size() < size
            ? null
            : items.get(size - 1).partition() + "/" + items.get(size - 1).offset();
    return Response.ok(new Page(archive.topic(), items, next)).build();
  }

  @GET
  @Path("/{partition}/{offset}")
  @RolesAllowed(Roles.VIEWER)
  public Response show(@PathParam("partition") int partition, @PathParam("offset") long offset) {
    return find(partition, offset)
        .map(letter -> Response.ok(detail(letter)).build())
        .orElseGet(() -> notFound(partition, offset));
  }

  @POST
  @Path("/{partition}/{offset}/replay")
  @RolesAllowed(Roles.ADMIN)
  public Response replay(@PathParam("partition") int partition, @PathParam("offset") long offset)
      throws Exception {
    Optional<DeadLetter> letter = find(partition, offset);
    if (letter.isEmpty()) {
      return notFound(partition, offset);
    }
    String to = eventing.deadLetterArchive().replay(letter.get());
    // A replay feeds input to the platform again: the audit trail says who did it.
    LOG.infof("%s replayed dead letter %s to %s", caller.subject(), letter.get().position(), to);
    return Response.ok(new Replayed(letter.get().position(), to)).build();
  }

  private Optional<DeadLetter> find(int partition, long offset) {
    if (partition < 0 || offset < 0) {
      return Optional.empty();
    }
    return eventing.deadLetterArchive().find(partition, offset);
  }

  private static Detail detail(DeadLetter letter) {
    byte[] value = letter.value();
    if (value == null) {
      return new Detail(Summary.of(letter), letter.headers(), null, null);
    }
    String text = letter.valueAsText();
    boolean isText = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), value);
    return isText
        ? new Detail(Summary.of(letter), letter.headers(), text, "utf-8")
        : new Detail(
            Summary.of(letter),
            letter.headers(),
            Base64.getEncoder().encodeToString(value),
            "base64");
  }

  private static boolean parseCursor(String after, long[] cursor) {
    String[] parts = after.split("/");
    try {
      cursor[0] = Integer.parseInt(parts[0]);
      cursor[1] = Long.parseLong(parts[1]);
      return parts.length == 2 && cursor[0] >= 0 && cursor[1] >= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Response notFound(int partition, long offset) {
    return problem(
        404,
        "Not Found",
        "no dead letter at "
            + partition
            + "/"
            + offset
            + " of "
            + eventing.deadLetterArchive().topic());
  }

  private static Response problem(int status, String title, String detail) {
    return Response.status(status)
        .type(AccessProblem.MEDIA_TYPE)
        .entity(new AccessProblem("about:blank", title, status, detail))
        .build();
  }
}
