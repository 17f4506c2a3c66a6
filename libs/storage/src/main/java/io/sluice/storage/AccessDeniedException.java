package io.sluice.storage;

/**
 * The store refused the credentials or the policy forbids the call ({@code AccessDenied}, {@code
 * InvalidAccessKeyId}, {@code SignatureDoesNotMatch}): retrying will not help.
 */
public class AccessDeniedException extends StorageException {

  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
