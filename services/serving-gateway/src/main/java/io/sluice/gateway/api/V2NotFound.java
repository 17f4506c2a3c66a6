package io.sluice.gateway.api;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a path under {@code /v2} that no endpoint serves (e.g. {@code /v2/models/x/versions})
 * with the protocol's {@code {"error": "..."}} and 404. The REST layer hands such requests on to
 * the HTTP router, whose own answer would be an HTML page; this route sits after the REST layer's
 * (which Quarkus places a little after {@code ROUTE_ORDER_AFTER_DEFAULT}), so it sees only what
 * nothing else took.
 */
@ApplicationScoped
public class V2NotFound {

  private static final int ORDER = RouteConstants.ROUTE_ORDER_AFTER_DEFAULT + 10_000;

  void install(@Observes Router router) {
    router.routeWithRegex("/v2(/.*)?").order(ORDER).handler(V2NotFound::answer);
  }

  private static void answer(RoutingContext context) {
    String method = context.request().method().name();
    String body =
        new JsonObject()
            .put("error", message(method, Names.shown(context.normalizedPath())))
            .encode();
    context.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(body);
  }

  static String message(String method, String path) {
    return "no such endpoint: "
        + method
        + " "
        + path
        + " (the V2 paths are /v2, /v2/health/{live,ready} and"
        + " /v2/models/{name}[/versions/{version}][/ready|/infer])";
  }
}
