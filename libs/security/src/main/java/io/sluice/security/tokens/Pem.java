package io.sluice.security.tokens;

import java.io.IOException;
import java.util.Base64;

/** Reads the base64 body of a single-object PEM file. */
final class Pem {

  private Pem() {}

  static byte[] decode(String pem) throws IOException {
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      if (der.length == 0) {
        throw new IOException("the PEM file holds no key");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new IOException("not a PEM file: " + e.getMessage(), e);
    }
  }
}
