package org.djgc.core.storage;

import java.util.NoSuchElementException;

/**
 * The iteration every backend's listing shares: one object looked ahead, a listing that failed
 * stays failed (it must never look like one that ended: an object missing from a listing would be
 * judged absent), and a closed listing refuses to go on. A backend supplies the next object and what
 * it releases on close.
 */
public abstract class LookAheadListing implements ObjectListing {
  private StoredObject next;
  private boolean closed;
  private StorageException failure;

  /** The next object, or null when the listing has ended; may throw {@link StorageException}. */
  protected abstract StoredObject computeNext();

  /** What is listed, for messages ({@code _hash/s in file:/data/store}). */
  protected abstract String describeListed();

  /** Releases what the listing holds (directory handles, pages, sort files); called once, by {@link #close()}. */
  protected void release() {}

  @Override
  public final boolean hasNext() {
    if (closed) {
      throw new IllegalStateException("listing of " + describeListed() + " is closed");
    }
    if (failure != null) {
      throw new StorageException(failure.getMessage(), failure);
    }
    if (next == null) {
      try {
        next = computeNext();
      } catch (StorageException e) {
        failure = e;
        throw e;
      }
    }
    return next != null;
  }

  @Override
  public final StoredObject next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    StoredObject result = next;
    next = null;
    return result;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      next = null;
      release();
    }
  }
}
