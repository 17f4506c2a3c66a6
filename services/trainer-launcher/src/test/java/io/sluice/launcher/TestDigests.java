package io.sluice.launcher;

import io.sluice.events.FileDigest;
import io.sluice.events.FolderDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The hashes a step's folders should have, computed the contract's way, for tests. */
public final class TestDigests {

  private TestDigests() {}

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The folder digest of a folder holding one file {@code path} with {@code content}. */
  public static String folderSha(String path, String content) {
    return FolderDigest.of(
        List.of(
            new FileDigest(
                path, content.getBytes(StandardCharsets.UTF_8).length, sha256(content))));
  }
}
