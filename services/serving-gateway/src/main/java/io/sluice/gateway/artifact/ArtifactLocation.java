package io.sluice.gateway.artifact;

import io.sluice.events.S3Uri;
import java.util.regex.Pattern;

/**
 * Where a model file lies in the artifact store. The contract's artifact URI names the {@code
 * model.onnx} file itself ({@code s3://artifacts/runs/r1/train/1/model/model.onnx}); a URI naming
 * the model folder (ending in {@code /}) is read as that folder's {@code model.onnx}. The key is
 * decoded exactly once, as {@link S3Uri} reads it.
 *
 * @param bucket the bucket
 * @param key the object key of the ONNX file
 */
public record ArtifactLocation(String bucket, String key) {

  /** The ONNX file's name inside a model folder. */
  public static final String MODEL_FILE = "model.onnx";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final int MAX_KEY_BYTES = 1024;

  /**
   * Parses an artifact URI.
   *
   * @throws UnusableArtifactException when it is not an {@code s3://bucket/key} URI a store could
   *     hold
   */
  public static ArtifactLocation parse(String uri) throws UnusableArtifactException {
    S3Uri parsed;
    try {
      parsed = S3Uri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw invalid(uri, "it is not an s3://bucket/key URI (" + e.getMessage() + ")");
    }
    if (uri.indexOf('/', S3Uri.SCHEME.length()) < 0) {
      throw invalid(uri, "it names no object");
    }
    String key = parsed.key();
    if (!BUCKET.matcher(parsed.bucket()).matches()) {
      throw invalid(uri, "'" + parsed.bucket() + "' is not a bucket name");
    }
    if (key.isEmpty() || key.endsWith("/")) {
      key = key + MODEL_FILE;
    }
    checkKey(uri, key);
    return new ArtifactLocation(parsed.bucket(), key);
  }

  private static void checkKey(String uri, String key) throws UnusableArtifactException {
    if (key.startsWith("/")
        || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw invalid(uri, "the key is not a relative key of at most " + MAX_KEY_BYTES + " bytes");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(uri, "the key has an empty, '.' or '..' segment");
      }
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw invalid(uri, "the key holds control characters");
    }
  }

  private static UnusableArtifactException invalid(String uri, String why) {
    String shown = uri == null ? "null" : uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
    return new UnusableArtifactException(
        "invalid_uri", "artifact URI '" + shown.replaceAll("\\p{Cntrl}", "?") + "': " + why);
  }

  @Override
  public String toString() {
    return S3Uri.of(bucket, key);
  }
}
