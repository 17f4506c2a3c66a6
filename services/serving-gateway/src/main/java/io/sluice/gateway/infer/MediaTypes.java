package io.sluice.gateway.infer;

import io.sluice.gateway.api.Names;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The media types {@code /infer} takes and gives, as the REST layer's {@code @Consumes} and
 * {@code @Produces(application/json)} did: a body that says it is something else is 415 (no {@code
 * Content-Type} is read as JSON), an {@code Accept} that rules JSON out is 406.
 */
final class MediaTypes {

  static final String NOT_ACCEPTABLE = "the gateway answers application/json only";

  private MediaTypes() {}

  /** Why the request's media types are refused, or null. */
  static String problem(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !isJson(type)) {
      return "unsupported media type '"
          + Names.shown(type)
          + "': send the request as application/json";
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept == null || acceptsJson(accept) ? null : NOT_ACCEPTABLE;
  }

  /** 406 for the answer's type, 415 for the body's. */
  static int status(String problem) {
    return NOT_ACCEPTABLE.equals(problem) ? 406 : 415;
  }

  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return base.equalsIgnoreCase("application/json");
  }

  static boolean acceptsJson(String accept) {
    for (String range : accept.split(",")) {
      int semicolon = range.indexOf(';');
      String base = (semicolon < 0 ? range : range.substring(0, semicolon)).strip();
      if (base.isEmpty()
          || base.equals("*/*")
          || base.equalsIgnoreCase("application/*")
          || base.equalsIgnoreCase("application/json")) {
        return true;
      }
    }
    return false;
  }
}
