package io.sluice.gateway.api;

import io.sluice.security.quarkus.AccessProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every refusal under {@code /v2} the protocol's body, {@code {"error": "..."}}, whoever
 * produced it: the REST layer (404 for an unknown path, 405 for a wrong method, 415 for a body that
 * is not JSON), the shared security mappers (401, 403) and the hostile-URL filter (400), whose
 * problem details other services keep. Status and headers ({@code Allow}, {@code WWW-Authenticate})
 * stay as they are; only the body changes, so a V2 client can always read {@code error}.
 */
public class V2ErrorBodies {

  @ServerResponseFilter
  public void asV2Error(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400 || !isV2(request.getUriInfo().getPath())) {
      return;
    }
    Object entity = response.getEntity();
    if (entity instanceof Map<?, ?> map && map.get("error") instanceof String) {
      return; // already the protocol's shape (V2ExceptionMapper)
    }
    if (response.getStatus() == 405) {
      // RESTEasy Reactive names no allowed method; on V2 only /infer takes POST, the rest GET.
      response.getHeaders().putSingle(HttpHeaders.ALLOW, allowed(request.getUriInfo().getPath()));
    }
    String message = message(request, response, entity);
    response.setEntity(Map.of("error", message), null, MediaType.APPLICATION_JSON_TYPE);
  }

  static boolean isV2(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return relative.equals("v2") || relative.startsWith("v2/");
  }

  static String allowed(String path) {
    return path.endsWith("/infer") ? "POST" : "GET, HEAD";
  }

  private static String message(
      ContainerRequestContext request, ContainerResponseContext response, Object entity) {
    if (entity instanceof AccessProblem problem) {
      return problem.detail();
    }
    if (entity instanceof Map<?, ?> map && map.get("detail") instanceof String detail) {
      return detail;
    }
    String method = request.getMethod();
    String path = Names.shown(request.getUriInfo().getPath());
    return switch (response.getStatus()) {
      case 404 ->
          "no such endpoint: " + method + " " + path + " (see the V2 paths in docs/serving.md)";
      case 405 ->
          "method "
              + method
              + " is not allowed on "
              + path
              + "; allowed: "
              + response.getHeaderString(HttpHeaders.ALLOW);
      case 406 -> "the gateway answers application/json only";
      case 415 ->
          "unsupported media type '"
              + Names.shown(String.valueOf(request.getHeaderString(HttpHeaders.CONTENT_TYPE)))
              + "': send the request as application/json";
      default -> response.getStatusInfo().getReasonPhrase();
    };
  }
}
