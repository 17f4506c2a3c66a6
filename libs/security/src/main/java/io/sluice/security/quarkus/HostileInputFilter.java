package io.sluice.security.quarkus;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any resource runs, a request whose path or query string holds a control character
 * (NUL, line breaks, ...), a malformed percent-escape or bytes that are not UTF-8. No name Sluice
 * knows can hold these; passed on they would reach Postgres (whose driver refuses NUL in text: a
 * 500), log lines and object keys. The answer is a 400 problem detail naming the part at fault
 * without echoing the value. Every service with a REST edge picks this filter up from the index.
 */
public class HostileInputFilter {

  /** The media type of problem details (RFC 9457). */
  static final String PROBLEM_JSON = "application/problem+json";

  private static final int MAX_SHOWN_NAME = 64;

  @ServerRequestFilter(preMatching = true)
  public Response refuseHostileUrl(HttpServerRequest request) {
    String uri = request.uri();
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String query = question < 0 ? null : uri.substring(question + 1);
    String problem = problem(path, query);
    return problem == null ? null : badRequest(problem);
  }

  /** Why a raw (still percent-encoded) path and query are refused, or null when they are fine. */
  public static String problem(String rawPath, String rawQuery) {
    String pathProblem = partProblem(rawPath, false);
    if (pathProblem != null) {
      return "the path " + pathProblem;
    }
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String nameProblem = partProblem(name, true);
      if (nameProblem != null) {
        return "a query parameter name " + nameProblem;
      }
      String valueProblem = equals < 0 ? null : partProblem(pair.substring(equals + 1), true);
      if (valueProblem != null) {
        return "query parameter " + shown(decode(name, true)) + " " + valueProblem;
      }
    }
    return null;
  }

  /** Why one percent-encoded part is refused, or null. */
  private static String partProblem(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !hasControlCharacter(raw)) {
      return null; // the common case: nothing encoded, nothing to decode
    }
    String decoded;
    try {
      decoded = decode(raw, plusIsSpace);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return decoded.codePoints().anyMatch(Character::isISOControl)
        ? "holds a control character (NUL, line break, ...)"
        : null;
  }

  // A loop, not chars().noneMatch(...): the inference route checks every request's path.
  private static boolean hasControlCharacter(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Percent-decodes strictly: a malformed escape or bytes that are not UTF-8 are refused. */
  private static String decode(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException("holds a malformed percent-escape");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded");
    }
  }

  /** A parameter name fit to repeat in an answer: plain and short, else a placeholder. */
  private static String shown(String name) {
    return name.matches("[A-Za-z0-9._-]{1," + MAX_SHOWN_NAME + "}") ? "'" + name + "'" : "(name)";
  }

  private static Response badRequest(String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Bad Request");
    problem.put("status", 400);
    problem.put("detail", detail);
    return Response.status(Response.Status.BAD_REQUEST).type(PROBLEM_JSON).entity(problem).build();
  }
}
