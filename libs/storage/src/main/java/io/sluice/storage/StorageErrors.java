package io.sluice.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * Turns what the MinIO SDK throws into a {@link StorageException} that says what to do. The SDK
 * reports server answers as {@link ErrorResponseException} but a network failure as an {@code
 * IllegalStateException}, {@code CompletionException} or bare {@link MinioException} around the
 * {@link IOException}, so the cause chain is searched.
 */
final class StorageErrors {

  private static final Set<String> NOT_FOUND =
      Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NoSuchVersion", "ResourceNotFound");
  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied",
          "AllAccessDisabled",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken");
  private static final Set<String> TRANSIENT =
      Set.of(
          "InternalError",
          "ServiceUnavailable",
          "SlowDown",
          "RequestTimeout",
          "XMinioServerNotInitialized");

  private StorageErrors() {}

  /** The exception for a failed call; {@code what} names the call, e.g. {@code GET s3://b/k}. */
  static StorageException translate(String what, Throwable thrown) {
    Throwable error = unwrap(thrown);
    if (error instanceof ErrorResponseException answer) {
      return byCode(what, answer.errorResponse(), answer);
    }
    if (error instanceof ServerException server) {
      return new StoreUnavailableException(
          what + " failed: the store answered HTTP " + server.statusCode(), server);
    }
    if (error instanceof InvalidResponseException invalid) {
      return new StoreUnavailableException(
          what + " failed: the answer is not S3 (check sluice.s3.endpoint): " + first(invalid),
          invalid);
    }
    Throwable tls = tlsCause(error);
    if (tls != null) {
      return new StoreUnavailableException(
          what
              + " failed: TLS with the store failed (a private CA belongs in"
              + " sluice.s3.trust-certificates): "
              + tls,
          tls);
    }
    IOException io = ioCause(error);
    if (io != null) {
      return new StoreUnavailableException(
          what + " failed: the store is unreachable or did not answer in time: " + io, io);
    }
    if (error instanceof IllegalArgumentException refused) {
      return new RequestRejectedException(
          "InvalidRequest",
          refused.getMessage(),
          what + " refused before sending: " + refused.getMessage(),
          refused);
    }
    return new StorageException(what + " failed: " + error, error);
  }

  private static StorageException byCode(
      String what, ErrorResponse error, ErrorResponseException cause) {
    String code = error.code();
    String message = what + " failed: " + code + ": " + error.message();
    if (NOT_FOUND.contains(code)) {
      return new ObjectNotFoundException(message, cause);
    }
    if (DENIED.contains(code)) {
      return new AccessDeniedException(message + " (check sluice.s3.access-key/secret-key)", cause);
    }
    if (TRANSIENT.contains(code)) {
      return new StoreUnavailableException(message, cause);
    }
    return new RequestRejectedException(code, error.message(), message, cause);
  }

  /** The SDK's own wrappers around the real failure. */
  private static Throwable unwrap(Throwable thrown) {
    Throwable error = thrown;
    while (isWrapper(error) && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  private static boolean isWrapper(Throwable error) {
    return error instanceof CompletionException
        || error.getClass() == IllegalStateException.class
        || error.getClass() == MinioException.class;
  }

  /**
   * A failed handshake; the SDK may have dropped the {@link SSLException} and kept only its cause,
   * the certificate check's {@link GeneralSecurityException}.
   */
  private static Throwable tlsCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof GeneralSecurityException) {
        return t;
      }
    }
    return null;
  }

  private static IOException ioCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  private static String first(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
