package io.sluice.storage;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * An object's bytes as they stream from the store, with the size the store announced. Close it:
 * that releases the connection. A failure while reading is an {@link java.io.IOException}.
 */
public final class ObjectContent extends FilterInputStream {

  private final long size;

  ObjectContent(InputStream body, long size) {
    super(body);
    this.size = size;
  }

  /** The announced length in bytes, or -1 when the store did not say. */
  public long size() {
    return size;
  }
}
