package io.sluice.gateway.api;

import io.sluice.gateway.protocol.V2Exception;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers refused V2 requests as {@code {"error": "..."}}, the protocol's error shape. */
public class V2ExceptionMapper {

  @ServerExceptionMapper
  public Response map(V2Exception e) {
    return Response.status(e.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", e.getMessage()))
        .build();
  }
}
