package org.djgc.core.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One file found by listing a store.
 *
 * @param key its path relative to the store root
 * @param sizeBytes its size, or 0 when the size could not be read (then {@code sizeKnown} is false)
 * @param lastModified its modification time, or {@link Instant#EPOCH} when unknown
 * @param etag the backend's entity tag or checksum, when it has one
 * @param sizeKnown false when the backend could not report the size (upstream keeps such files
 *     with size 0 and warns)
 */
public record StoredObject(ObjectKey key, long sizeBytes, Instant lastModified, Optional<String> etag,
    boolean sizeKnown) {
  public StoredObject {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(lastModified, "lastModified is null");
    Objects.requireNonNull(etag, "etag is null");
  }

  /** A file with a known size and no etag. */
  public static StoredObject of(ObjectKey key, long sizeBytes, Instant lastModified) {
    return new StoredObject(key, sizeBytes, lastModified, Optional.empty(), true);
  }
}
