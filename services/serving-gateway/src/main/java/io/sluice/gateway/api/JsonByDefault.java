package io.sluice.gateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads a V2 body sent without a {@code Content-Type} as JSON, the only body the protocol has, so
 * that a bare client is served; a body that says it is something else (a form, text, XML) is still
 * refused with 415.
 */
public class JsonByDefault {

  @ServerRequestFilter(preMatching = true)
  public void assumeJson(ContainerRequestContext request) {
    if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
        && V2ErrorBodies.isV2(request.getUriInfo().getPath())) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    }
  }
}
