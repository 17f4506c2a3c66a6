package io.sluice.gateway.artifact;

import io.sluice.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Downloads a model file and proves it is the one the registry hashed. A missing, oversized or
 * altered file is {@link UnusableArtifactException}; a store that cannot be reached is an {@link
 * ArtifactStoreUnavailableException}, which the caller retries.
 */
@ApplicationScoped
public class ArtifactDownloader {

  private static final int BUFFER = 64 * 1024;

  private final S3Client s3;
  private final long maxBytes;

  public ArtifactDownloader(S3Client s3, GatewayConfig config) {
    this.s3 = s3;
    this.maxBytes = config.maxModelBytes();
  }

  /**
   * The file's bytes, verified against {@code expectedSha256}.
   *
   * @throws UnusableArtifactException when the file is missing, too large or its hash differs
   */
  public byte[] download(ArtifactLocation location, String expectedSha256)
      throws UnusableArtifactException {
    byte[] bytes = fetch(location);
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new UnusableArtifactException(
          "sha256_mismatch",
          location + " has sha256 " + actual + ", the event promised " + expectedSha256);
    }
    return bytes;
  }

  private byte[] fetch(ArtifactLocation location) throws UnusableArtifactException {
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(location.bucket()).key(location.key()))) {
      Long length = in.response().contentLength();
      if (length != null && length > maxBytes) {
        throw tooLarge(location);
      }
      return readAtMost(in, location);
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new UnusableArtifactException("missing", location + " does not exist", e);
    } catch (S3Exception e) {
      if (e.statusCode() == 403 || e.statusCode() == 404) {
        throw new UnusableArtifactException("missing", location + ": " + e.getMessage(), e);
      }
      throw new ArtifactStoreUnavailableException(location + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new ArtifactStoreUnavailableException(location + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ArtifactStoreUnavailableException(location + ": " + e.getMessage(), e);
    }
  }

  private byte[] readAtMost(InputStream in, ArtifactLocation location)
      throws IOException, UnusableArtifactException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(location);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private UnusableArtifactException tooLarge(ArtifactLocation location) {
    return new UnusableArtifactException(
        "too_large", location + " is larger than the limit of " + maxBytes + " bytes");
  }

  /** Lower-case hex sha256 of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
