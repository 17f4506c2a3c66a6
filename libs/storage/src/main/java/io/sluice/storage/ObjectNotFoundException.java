package io.sluice.storage;

/** The bucket or object does not exist ({@code NoSuchKey}, {@code NoSuchBucket}). */
public class ObjectNotFoundException extends StorageException {

  public ObjectNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
