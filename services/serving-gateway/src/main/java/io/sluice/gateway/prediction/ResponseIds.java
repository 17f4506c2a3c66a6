package io.sluice.gateway.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** The {@code id} of a V2 inference response, read without building a tree. */
final class ResponseIds {

  private static final JsonFactory JSON = new JsonFactory();

  private ResponseIds() {}

  /** The top-level {@code id}, or an empty string when the answer has none. */
  static String idOf(byte[] response) {
    try (JsonParser parser = JSON.createParser(response)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }
}
