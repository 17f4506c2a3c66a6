package io.sluice.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of a folder, used for step inputs and outputs and for dataset versions: sha256
 * over one line {@code <sha256> <size> <path>\n} per file, sorted by the UTF-8 bytes of the path.
 * Names and times of the folder itself do not count, so the same files anywhere hash the same.
 *
 * <p>Marker and hidden files are not content (the Hadoop/Spark convention): a file is left out when
 * any segment of its path starts with {@code _} or {@code .}, such as {@code _SUCCESS} or {@code
 * .crc} files. So a drop folder hashes the same with or without its completion marker, whether
 * ingest lists it or an executor downloads it.
 */
public final class FolderDigest {

  private static final Comparator<FileDigest> BY_PATH_BYTES =
      (a, b) -> Arrays.compareUnsigned(utf8(a.path()), utf8(b.path()));

  private FolderDigest() {}

  /** The folder hash (64 hex digits) of these files; their order does not matter. */
  public static String of(List<FileDigest> files) {
    List<FileDigest> sorted =
        files.stream().filter(file -> isContent(file.path())).sorted(BY_PATH_BYTES).toList();
    MessageDigest sha256 = newSha256();
    String previous = null;
    for (FileDigest file : sorted) {
      if (file.path().equals(previous)) {
        throw new IllegalArgumentException("path '" + previous + "' is listed twice");
      }
      previous = file.path();
      sha256.update(utf8(file.sha256() + " " + file.size() + " " + file.path() + "\n"));
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** False for marker and hidden files, which do not count towards a folder's hash. */
  public static boolean isContent(String path) {
    for (String segment : path.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
