package io.sluice.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Rewrites PostgreSQL JDBC URLs. */
final class JdbcUrls {

  private static final String PREFIX = "jdbc:postgresql://";

  private JdbcUrls() {}

  /**
   * The same server and parameters with another database: {@code
   * jdbc:postgresql://h:5432/postgres?ssl=false} becomes {@code
   * jdbc:postgresql://h:5432/<database>?ssl=false}.
   */
  static String withDatabase(String url, String database) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
    }
    int query = url.indexOf('?', PREFIX.length());
    int end = query < 0 ? url.length() : query;
    int slash = url.indexOf('/', PREFIX.length());
    int pathStart = slash < 0 || slash > end ? end : slash;
    String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8);
    return url.substring(0, pathStart) + "/" + encoded + url.substring(end);
  }
}
