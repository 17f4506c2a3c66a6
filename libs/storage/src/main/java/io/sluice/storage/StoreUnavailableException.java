package io.sluice.storage;

/**
 * The store could not be reached or did not answer in time, or answered with a server error or with
 * something that is not S3 (a proxy's error page): transient, retry later.
 */
public class StoreUnavailableException extends StorageException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
