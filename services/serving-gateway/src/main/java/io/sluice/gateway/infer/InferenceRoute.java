package io.sluice.gateway.infer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.sluice.gateway.api.Names;
import io.sluice.gateway.api.VersionChoice;
import io.sluice.gateway.inference.ScoringCost;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.protocol.V2Exception;
import io.sluice.security.quarkus.HostileInputFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/models/{name}[/versions/{version}]/infer}, the hot path, as a plain Vert.x route
 * on Quarkus' router rather than a REST resource: the REST layer, Mutiny and Quarkus' HTTP security
 * handlers cost several times what scoring a small model does. The route sits after CORS and before
 * Quarkus' authentication (so it never runs for these paths) and does what they did, in the same
 * order: a hostile URL is 400, another method 405 with {@code Allow: POST}, then the caller's token
 * and role (401/403), the media types (415/406), the body's size (413), the version's choice
 * (routing, sticky key, pin; 400/404), and scoring on the thread the {@link Dispatcher} picks.
 * Every refusal is the protocol's {@code {"error": "..."}}.
 */
@Singleton
public class InferenceRoute {

  /** After CORS (-300), before authentication (-200): Quarkus orders filters by -priority. */
  static final int ORDER = -(SecurityHandlerPriorities.AUTHENTICATION + 50);

  private static final Logger LOG = Logger.getLogger(InferenceRoute.class);

  private final CallerCheck callers;
  private final VersionChoice versions;
  private final Dispatcher dispatcher;
  private final Scoring scoring;
  private final BodyReader bodies;
  private final V2Replies replies;

  public InferenceRoute(
      CallerCheck callers,
      VersionChoice versions,
      Dispatcher dispatcher,
      Scoring scoring,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
    this.callers = callers;
    this.versions = versions;
    this.dispatcher = dispatcher;
    this.scoring = scoring;
    this.replies = new V2Replies(registry);
    this.bodies =
        new BodyReader(maxBody.map(MemorySize::asLongValue).orElse(10L << 20), this.replies);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::route);
  }

  // Every request passes here; only the inference paths stop (InferencePath says why no template).
  private void route(RoutingContext context) {
    InferencePath path = InferencePath.parse(context.normalizedPath());
    if (path == null) {
      context.next();
    } else {
      handle(context, path.name(), path.version());
    }
  }

  private void handle(RoutingContext context, String name, String version) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    String hostile = HostileInputFilter.problem(request.path(), request.query());
    if (hostile != null) {
      replies.error(response, 400, hostile);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      response.putHeader(HttpHeaders.ALLOW, "POST");
      replies.error(response, 405, notAllowed(request));
      return;
    }
    AccessRefusal refusal = callers.refusal(name, request);
    if (refusal != null) {
      refuse(response, refusal);
      return;
    }
    String mediaProblem = MediaTypes.problem(request);
    if (mediaProblem != null) {
      replies.error(response, MediaTypes.status(mediaProblem), mediaProblem);
      return;
    }
    bodies.read(context, body -> infer(request, name, version, body));
  }

  /** Chooses the version on the event loop (headers only), then scores where dispatch says. */
  private void infer(HttpServerRequest request, String name, String version, byte[] body) {
    long start = System.nanoTime();
    ServedModel model;
    try {
      model = versions.acquire(name, version, request);
    } catch (V2Exception e) {
      replies.error(request.response(), e.status(), e.getMessage());
      return;
    }
    try {
      dispatcher.dispatch(
          model, body.length, cost -> score(request.response(), name, model, body, start, cost));
    } catch (RuntimeException e) {
      // The worker pool refused the task (shutting down): the request still gets an answer.
      model.release();
      failed(request.response(), e, 0);
    }
  }

  private void score(
      HttpServerResponse response,
      String name,
      ServedModel model,
      byte[] body,
      long start,
      ScoringCost cost) {
    int version = model.versionNumber();
    try {
      long began = System.nanoTime();
      byte[] answer;
      try {
        answer = scoring.measured(name, model, body, start);
      } finally {
        cost.record(System.nanoTime() - began);
      }
      replies.answer(response, version, answer);
    } catch (V2Exception e) {
      replies.error(response, e.status(), e.getMessage(), version);
    } catch (RuntimeException e) {
      failed(response, e, version);
    } finally {
      model.release();
    }
  }

  private void failed(HttpServerResponse response, RuntimeException e, int version) {
    LOG.error("inference failed unexpectedly", e);
    replies.error(
        response, 500, "the gateway failed to answer: " + e.getClass().getSimpleName(), version);
  }

  private void refuse(HttpServerResponse response, AccessRefusal refusal) {
    if (refusal.challenge() != null) {
      response.putHeader("WWW-Authenticate", refusal.challenge());
    }
    replies.error(response, refusal.status(), refusal.message());
  }

  private static String notAllowed(HttpServerRequest request) {
    return "method "
        + request.method().name()
        + " is not allowed on "
        + Names.shown(request.path())
        + "; allowed: POST";
  }
}
