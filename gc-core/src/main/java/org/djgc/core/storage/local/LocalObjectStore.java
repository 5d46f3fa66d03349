package org.djgc.core.storage.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreCapabilities;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.StoredObject;

/**
 * A store on a local or mounted file system ({@code protocol: file}). The root is resolved to its
 * real path once; below it, symbolic links are never followed: meeting one while listing or
 * operating is an error, because it could lead out of the store. Moves never overwrite: they link
 * the target (which fails if it exists) and then unlink the source, falling back to a rename
 * where the file system has no hard links.
 */
public final class LocalObjectStore implements ObjectStore {
  /** Storage calls at once by default: renames and unlinks are short system calls, so a few overlap the disk's waits. */
  public static final int DEFAULT_CONCURRENCY = 4;

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;
  private final Path tempDirectory;
  private final StoreIdentity identity;

  /**
   * Opens a store.
   *
   * @param root the store directory; must exist
   * @param tempDirectory where listings of very large directories spill while being sorted
   */
  public LocalObjectStore(Path root, Path tempDirectory) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new StorageException("Store directory " + root + " is not accessible: " + e, e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new StorageException("Store root " + root + " is not a directory");
    }
    this.tempDirectory = tempDirectory;
    this.identity = identityOf(this.root);
  }

  /**
   * The identity of a local directory given by its real path: place {@code file:<real path>}; the
   * canonical form adds the file system's device id and the directory's inode ({@code unix:dev},
   * {@code unix:ino}) where the platform has them, so one path on two file systems (another mount,
   * or two containers that mount different directories at one path) gives two identities; the
   * device and inode also name a second lock, which a bind mount of the directory elsewhere shares.
   */
  public static StoreIdentity identityOf(Path realRoot) {
    String place = "file:" + realRoot;
    try {
      String object = "dev=" + Files.getAttribute(realRoot, "unix:dev") + " ino=" + Files.getAttribute(realRoot,
          "unix:ino");
      return new StoreIdentity(place, place + " " + object, "file-object:" + object);
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return StoreIdentity.of(place);
    }
  }

  @Override
  public StoreIdentity identity() {
    return identity;
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public StoreCapabilities capabilities() {
    return new StoreCapabilities(true, true, 1, false, DEFAULT_CONCURRENCY);
  }

  @Override
  public ObjectListing list(ObjectKey prefix, Optional<ObjectKey> startAfter) {
    Path directory = confined(prefix);
    BasicFileAttributes attributes = attributesOrNull(directory, prefix);
    if (attributes == null || !attributes.isDirectory()) {
      return SortedTreeListing.empty();
    }
    return new SortedTreeListing(directory, prefix, startAfter.map(ObjectKey::path), tempDirectory);
  }

  @Override
  public Optional<StoredObject> stat(ObjectKey key) {
    Path path = confined(key);
    BasicFileAttributes attributes = attributesOrNull(path, key);
    if (attributes == null || !attributes.isRegularFile()) {
      return Optional.empty();
    }
    return Optional.of(StoredObject.of(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
  }

  /** Both names are regular files with the same file key (device and inode), read without following links. */
  @Override
  public boolean sameObject(ObjectKey first, ObjectKey second) {
    BasicFileAttributes a = attributesOrNull(confined(first), first);
    BasicFileAttributes b = attributesOrNull(confined(second), second);
    return a != null && b != null && a.isRegularFile() && b.isRegularFile() && a.fileKey() != null
        && a.fileKey().equals(b.fileKey());
  }

  /** Moves by name: this backend has no etags to hold the listed version to, and learns none from a move. */
  @Override
  public Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed) {
    moveFile(source, target);
    return Optional.empty();
  }

  private void moveFile(ObjectKey source, ObjectKey target) {
    Path from = confined(source);
    Path to = confined(target);
    BasicFileAttributes attributes = attributesOrNull(from, source);
    if (attributes == null || !attributes.isRegularFile()) {
      throw new StorageException("Cannot move " + source + ": no such file");
    }
    try {
      Files.createDirectories(to.getParent());
      confined(target);
      if (hardLink(from, to)) {
        Files.delete(from);
      } else {
        renameWithoutReplacing(from, to, target);
      }
    } catch (FileAlreadyExistsException e) {
      throw new StorageException("Cannot move " + source + " to " + target + ": target exists", e);
    } catch (IOException e) {
      throw new StorageException("Cannot move " + source + " to " + target + ": " + e, e);
    }
  }

  /**
   * Links {@code to} to {@code from}; the link fails atomically when {@code to} exists, which is
   * how a move never overwrites. Returns false when the file system has no hard links (then the
   * caller renames without replacing, which checks the target first).
   */
  private static boolean hardLink(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      return false;
    }
  }

  /**
   * The fallback where hard links are unavailable: an atomic rename, refused when the target
   * exists and never degraded to an unverified copy across file systems.
   */
  private static void renameWithoutReplacing(Path from, Path to, ObjectKey target) throws IOException {
    if (Files.exists(to, NOFOLLOW)) {
      throw new FileAlreadyExistsException(target.path());
    }
    try {
      Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      throw new StorageException("Cannot move to " + target + ": not on the same file system as its source", e);
    }
  }

  @Override
  public java.io.InputStream open(ObjectKey key) {
    Path path = confined(key);
    BasicFileAttributes attributes = attributesOrNull(path, key);
    if (attributes == null || !attributes.isRegularFile()) {
      throw new StorageException("Cannot read " + key + ": no such file");
    }
    try {
      return Files.newInputStream(path, NOFOLLOW);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + key + ": " + e, e);
    }
  }

  @Override
  public void pruneEmptyParents(ObjectKey key, ObjectKey boundary) {
    for (ObjectKey directory : key.ancestorsBelow(boundary)) {
      try {
        Files.delete(confined(directory));
      } catch (IOException | StorageException e) {
        return; // not empty, already gone or not ours: best effort
      }
    }
  }


  @Override
  public DeleteOutcome delete(ObjectKey key) {
    Path path = confined(key);
    BasicFileAttributes attributes = attributesOrNull(path, key);
    if (attributes == null) {
      return DeleteOutcome.ABSENT;
    }
    if (!attributes.isRegularFile()) {
      throw new StorageException("Cannot delete " + key + ": not a regular file");
    }
    try {
      return Files.deleteIfExists(path) ? DeleteOutcome.DELETED : DeleteOutcome.ABSENT;
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + key + ": " + e, e);
    }
  }

  /**
   * The file-system path of a key, after checking that no existing component below the root is a
   * symbolic link.
   */
  Path confined(ObjectKey key) {
    Path path = root;
    for (String segment : key.isRoot() ? new String[0] : key.path().split("/")) {
      path = path.resolve(segment);
      if (Files.isSymbolicLink(path)) {
        throw new StorageException("Refusing " + key + ": " + root.relativize(path)
            + " is a symbolic link, which could lead outside the store root");
      }
    }
    if (!path.normalize().startsWith(root)) {
      throw new StorageException("Refusing " + key + ": outside the store root");
    }
    return path;
  }

  private static BasicFileAttributes attributesOrNull(Path path, ObjectKey key) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("Cannot read attributes of " + key + ": " + e, e);
    }
  }
}
