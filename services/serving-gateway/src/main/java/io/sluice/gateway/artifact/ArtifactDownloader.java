package io.sluice.gateway.artifact;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.storage.AccessDeniedException;
import io.sluice.storage.ObjectContent;
import io.sluice.storage.ObjectNotFoundException;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads a model file and proves it is the one the registry hashed. A missing, oversized or
 * altered file is {@link UnusableArtifactException}; a store that cannot be reached is an {@link
 * ArtifactStoreUnavailableException}, which the caller retries.
 */
@ApplicationScoped
public class ArtifactDownloader {

  private static final int BUFFER = 64 * 1024;

  private final StorageClient storage;
  private final long maxBytes;

  public ArtifactDownloader(StorageClient storage, GatewayConfig config) {
    this.storage = storage;
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
    try (ObjectContent in = storage.open(location.bucket(), location.key())) {
      if (in.size() > maxBytes) {
        throw tooLarge(location);
      }
      return readAtMost(in, location);
    } catch (ObjectNotFoundException e) {
      throw new UnusableArtifactException("missing", location + " does not exist", e);
    } catch (AccessDeniedException e) {
      // As before: an object we may not read is as good as missing for this event.
      throw new UnusableArtifactException("missing", location + ": " + e.getMessage(), e);
    } catch (StorageException | IOException e) {
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
