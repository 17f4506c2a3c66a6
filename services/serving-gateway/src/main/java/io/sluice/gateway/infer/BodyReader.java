package io.sluice.gateway.infer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * Reads an inference request's body up to {@code quarkus.http.limits.max-body-size}, on the event
 * loop, without a body handler in front of the route. A body over the limit (by its {@code
 * Content-Length}, or counted as it arrives when chunked) is answered with the protocol's 413 and
 * the connection closed, since the rest of the body is never read.
 */
final class BodyReader {

  private final long maxBytes;
  private final V2Replies replies;

  BodyReader(long maxBytes, V2Replies replies) {
    this.maxBytes = maxBytes;
    this.replies = replies;
  }

  /** Calls {@code then} with the whole body on the event loop, or answers 413 itself. */
  void read(RoutingContext context, Consumer<byte[]> then) {
    HttpServerRequest request = context.request();
    long declared = declaredLength(request);
    if (declared > maxBytes) {
      tooLarge(request);
      return;
    }
    if (request.isEnded()) {
      then.accept(new byte[0]);
      return;
    }
    if (HttpHeaders.CONTINUE.toString().equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      // The client holds the body back until told to send it; the size was checked above.
      request.response().writeContinue();
    }
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
    boolean[] refused = {false};
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + (long) chunk.length() > maxBytes) {
            refused[0] = true;
            tooLarge(request);
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(
        end -> {
          if (!refused[0]) {
            then.accept(body.getBytes());
          }
        });
    request.resume();
  }

  private void tooLarge(HttpServerRequest request) {
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    replies
        .error(
            request.response(),
            413,
            "the request body is larger than "
                + maxBytes
                + " bytes (quarkus.http.limits.max-body-size): send smaller batches")
        .onComplete(done -> request.connection().close());
  }

  /** The {@code Content-Length}, or -1 when absent or unreadable (then the count decides). */
  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
