package org.djgc.core.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage port: one DataJoint store, addressed by {@link ObjectKey}s relative to its root.
 *
 * <p><b>Confinement.</b> Keys cannot express {@code ..}, absolute paths or empty segments, and
 * implementations refuse, before any I/O, any location whose real position would leave the root
 * (for example through a symbolic link). <b>Listing</b> is recursive and file-granular, returns
 * only objects strictly under the prefix, each once, in no promised order (S3-compatible servers
 * disagree on it; callers that need an order sort what they list), treats a missing prefix as
 * empty, and throws {@link StorageException} on any error, including a truncated page or a lost
 * continuation; it never ends early. <b>Moves and copies never overwrite</b> an
 * existing target. <b>Deletes are idempotent</b> and report per object; they never throw for one
 * object's failure. <b>Threads:</b> implementations are safe for concurrent calls from the threads
 * of one run ({@code gc.storage-concurrency}), on different keys and on keys sharing a directory.
 */
public interface ObjectStore extends AutoCloseable {

  /** Where the store lives, without credentials: for logs, reports and error messages. */
  String describe();

  /**
   * What the store is, independent of how its configuration spells it: its {@link
   * StoreIdentity#place()} names the store lock and its {@link StoreIdentity#id()} keys the ledger
   * rows. Two spellings of one place (a symbolic link, {@code a/../b}, a trailing slash, an
   * endpoint's case or default port) give one place; different places give different identities.
   * Computed when the store is opened, without credentials.
   */
  StoreIdentity identity();

  /** What this backend can do. */
  StoreCapabilities capabilities();

  /**
   * Lists every file strictly under {@code prefix}, each once, in the backend's order: {@link
   * String#compareTo} for local stores, the server's for S3 (UTF-8 bytes on Amazon S3, other orders
   * elsewhere). Callers must not rely on it.
   *
   * @param prefix a directory key, or {@link ObjectKey#ROOT}
   * @param startAfter when present, only keys after it in the backend's order are returned (for
   *     backends that list in order: a listing interrupted after key K resumes with {@code
   *     startAfter = K})
   * @throws StorageException when the listing cannot be completed (also during iteration)
   */
  ObjectListing list(ObjectKey prefix, Optional<ObjectKey> startAfter);

  /** The file at {@code key}, or empty when there is none (a directory is not a file). */
  Optional<StoredObject> stat(ObjectKey key);

  /**
   * Moves a file. Atomic where {@link StoreCapabilities#atomicRename()}; otherwise copy, verify,
   * then delete the source, so a crash leaves the bytes in at least one place.
   *
   * @return the etag of the file now at {@code target} when the move itself reported it (no extra
   *     call was made to learn it); empty otherwise
   * @throws StorageException when the source is missing, the target exists, or the move fails
   */
  default Optional<String> move(ObjectKey source, ObjectKey target) {
    return move(source, target, Optional.empty());
  }

  /**
   * Moves the version of a file a listing saw. Backends with etags move that version or nothing
   * (a source whose etag changed since is kept, with a {@link StorageException}), and may use the
   * listed size and etag instead of reading the source again; backends without etags move by name.
   *
   * @param listed the source as listed, if it was
   * @return as {@link #move(ObjectKey, ObjectKey)}
   * @throws StorageException as {@link #move(ObjectKey, ObjectKey)}, or when the source is no
   *     longer the listed version
   */
  Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed);

  /**
   * Deletes one file.
   *
   * @return {@link DeleteOutcome#ABSENT} when there was nothing to delete
   * @throws StorageException when the file exists and cannot be deleted
   */
  DeleteOutcome delete(ObjectKey key);

  /**
   * Deletes one file only if it is still the version recorded earlier. Backends without
   * conditional deletes ({@link StoreCapabilities#conditionalDelete()} false) ignore the etag.
   *
   * @param expectedEtag the etag recorded when the file was moved, if any
   * @return {@link DeleteOutcome#ABSENT} when there was nothing to delete, as far as the backend
   *     tells without another call ({@link DeleteOutcome#DELETED} otherwise: an S3 delete
   *     conditional on its etag is one request, and S3 answers it alike whether the key existed)
   * @throws EtagMismatchException when the file exists with another etag (nothing was deleted)
   * @throws StorageException when the file exists and cannot be deleted
   */
  default DeleteOutcome delete(ObjectKey key, Optional<String> expectedEtag) {
    return delete(key);
  }

  /**
   * Whether two keys name one and the same stored file, as two hard links of one inode do after a
   * local move died between its link and its unlink. Deleting either name then loses nothing.
   * Backends that cannot tell answer false (the default), never true for two distinct files.
   *
   * @throws StorageException when the backend cannot read the files' identities
   */
  default boolean sameObject(ObjectKey first, ObjectKey second) {
    return false;
  }

  /**
   * Opens a file for reading (to compare contents, e.g. a hash object's name with its MD5).
   *
   * @throws StorageException when the file is missing or unreadable
   */
  java.io.InputStream open(ObjectKey key);

  /**
   * Removes empty parent directories of {@code key}, deepest first, up to but excluding {@code
   * boundary}. Best effort: stops at the first non-empty directory and never fails. Backends
   * without directories do nothing.
   */
  default void pruneEmptyParents(ObjectKey key, ObjectKey boundary) {}

  /**
   * Deletes many files, reporting each. Not atomic. Backends with native batch deletes override
   * this; the default loops over {@link #delete}.
   */
  default BatchDeleteResult deleteAll(Collection<ObjectKey> keys) {
    List<ObjectKey> deleted = new ArrayList<>();
    List<ObjectKey> absent = new ArrayList<>();
    Map<ObjectKey, String> failed = new LinkedHashMap<>();
    for (ObjectKey key : keys) {
      try {
        (delete(key) == DeleteOutcome.DELETED ? deleted : absent).add(key);
      } catch (StorageException e) {
        failed.put(key, e.getMessage());
      }
    }
    return new BatchDeleteResult(deleted, absent, failed);
  }

  @Override
  default void close() {}
}
