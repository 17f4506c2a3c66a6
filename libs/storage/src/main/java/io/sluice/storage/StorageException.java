package io.sluice.storage;

/**
 * A call to the object store failed. The subclasses say what a caller can do about it: {@link
 * ObjectNotFoundException} (nothing there), {@link AccessDeniedException} (fix the credentials or
 * the policy), {@link StoreUnavailableException} (retry later), {@link RequestRejectedException}
 * (the request itself is wrong). This class alone is used for failures that fit none of them.
 */
public class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
