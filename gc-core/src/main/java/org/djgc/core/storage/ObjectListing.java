package org.djgc.core.storage;

import java.util.Iterator;

/**
 * A lazy, recursive, file-granular listing. Iteration may throw {@link StorageException} at any
 * point; a listing never ends early because of an error. Close it to release directory handles or
 * HTTP connections.
 */
public interface ObjectListing extends Iterator<StoredObject>, AutoCloseable {
  @Override
  void close();
}
