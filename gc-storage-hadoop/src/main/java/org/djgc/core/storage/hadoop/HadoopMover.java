package org.djgc.core.storage.hadoop;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves of a {@link HadoopObjectStore}: a rename where the file system's rename is atomic and
 * never replaces a file, else copy, verify and delete; the source stays until the target is proven.
 */
final class HadoopMover {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopMover.class);
  private static final int COPY_BUFFER = 1 << 20;

  private final HadoopObjectStore store;

  HadoopMover(HadoopObjectStore store) {
    this.store = store;
  }

  void moveFile(ObjectKey source, ObjectKey target) {
    String what = "Cannot move " + source + " to " + target + " in " + store.description;
    if (source.equals(target)) {
      throw new StorageException(what + ": source and target are the same");
    }
    Path from = store.pathOf(source);
    Path to = store.pathOf(target);
    FileStatus original = store.statusOrNull(from, source, "move");
    if (original == null || !original.isFile()) {
      throw new StorageException(what + ": no such file " + source);
    }
    if (store.statusOrNull(to, target, "move") != null) {
      throw new StorageException(what + ": target " + target + " exists");
    }
    if (store.capabilities.atomicRename()) {
      rename(from, to, source, target, what);
    } else {
      copyVerifyDelete(from, to, original, source, target, what);
    }
  }

  private void rename(Path from, Path to, ObjectKey source, ObjectKey target, String what) {
    boolean renamed;
    try {
      Path parent = to.getParent();
      if (parent != null && !store.fs.mkdirs(parent)) {
        throw new StorageException(what + ": cannot create the target's directory");
      }
      store.pathOf(target); // no link appeared on the way
      if (store.statusOrNull(to, target, "move") != null) {
        throw new StorageException(what + ": target " + target + " exists");
      }
      renamed = store.fs.rename(from, to);
    } catch (FileAlreadyExistsException e) {
      throw new StorageException(what + ": target " + target + " exists", store.cause(e));
    } catch (FileNotFoundException e) {
      throw new StorageException(what + ": no such file " + source + " (" + store.reason(e) + ")", store.cause(e));
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException storage) {
        throw storage;
      }
      throw new StorageException(what + ": " + store.reason(e) + "; the source was kept", store.cause(e));
    }
    if (!renamed) {
      // Hadoop's rename answers false for most refusals: say which
      if (store.statusOrNull(to, target, "move") != null) {
        throw new StorageException(what + ": target " + target + " exists");
      }
      if (store.statusOrNull(from, source, "move") == null) {
        throw new StorageException(what + ": no such file " + source + " (it vanished before the rename)");
      }
      throw new StorageException(what + ": the file system refused the rename; the source was kept");
    }
    FileStatus moved = store.statusOrNull(to, target, "verify");
    if (moved == null || !moved.isFile()) {
      throw new StorageException(what + ": the rename reported success but " + target
          + " is not a file; check both keys");
    }
  }

  private void copyVerifyDelete(Path from, Path to, FileStatus original, ObjectKey source, ObjectKey target,
      String what) {
    long size = original.getLen();
    long copied = copy(from, to, source, target, what);
    if (copied != size) {
      deleteOurCopy(to, target);
      throw new StorageException(what + ": read " + copied + " bytes but the source has " + size
          + "; the source was kept");
    }
    FileStatus copy = store.statusOrNull(to, target, "verify");
    if (copy == null || !copy.isFile()) {
      throw new StorageException(what + ": the copy is missing after copying; the source was kept");
    }
    if (copy.getLen() != size) {
      throw new StorageException(what + ": the copy has " + copy.getLen() + " bytes but the source has " + size
          + "; both were kept");
    }
    FileChecksum sourceChecksum = checksumOrNull(from);
    FileChecksum copyChecksum = checksumOrNull(to);
    if (sourceChecksum != null && copyChecksum != null
        && sourceChecksum.getAlgorithmName().equals(copyChecksum.getAlgorithmName())
        && !sourceChecksum.equals(copyChecksum)) {
      throw new StorageException(what + ": the copy's " + copyChecksum.getAlgorithmName()
          + " checksum differs from the source's; both were kept");
    }
    FileStatus now = store.statusOrNull(from, source, "verify");
    if (now == null) {
      throw new StorageException(what + ": the source vanished during the copy; the copy at " + target
          + " was kept");
    }
    if (changed(original, now)) {
      throw new StorageException(what + ": the source changed during the copy; both were kept");
    }
    try {
      if (!store.fs.delete(from, false) && store.statusOrNull(from, source, "move") != null) {
        throw new StorageException(what + ": copied and verified, but the file system refused to delete the"
            + " source, so the bytes are at both keys");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException storage) {
        throw storage;
      }
      throw new StorageException(what + ": copied and verified, but the source could not be deleted, so the bytes"
          + " are at both keys: " + store.reason(e), store.cause(e));
    }
  }

  /** Streams the source into a new target; removes a partial target it created when the copy fails. */
  private long copy(Path from, Path to, ObjectKey source, ObjectKey target, String what) {
    boolean created = false;
    try (FSDataInputStream in = store.fs.open(from)) {
      FSDataOutputStream out;
      try {
        out = store.fs.create(to, false);
      } catch (FileAlreadyExistsException e) {
        throw new StorageException(what + ": target " + target + " exists", store.cause(e));
      }
      created = true;
      long copied = 0;
      try (out) {
        byte[] buffer = new byte[COPY_BUFFER];
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          copied += read;
        }
      }
      return copied;
    } catch (StorageException e) {
      throw e;
    } catch (FileNotFoundException e) {
      if (created) {
        deleteOurCopy(to, target);
      }
      throw new StorageException(what + ": no such file " + source + " (" + store.reason(e) + ")", store.cause(e));
    } catch (IOException | RuntimeException e) {
      if (created) {
        deleteOurCopy(to, target);
      }
      throw new StorageException(what + ": copy failed, the source was kept: " + store.reason(e), store.cause(e));
    }
  }

  /** Best effort: removes a target this store created for a copy that failed. */
  private void deleteOurCopy(Path to, ObjectKey target) {
    try {
      store.fs.delete(to, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the incomplete copy {} in {}: {}", target, store.description, store.reason(e));
    }
  }

  private static boolean changed(FileStatus before, FileStatus after) {
    if (!after.isFile() || after.getLen() != before.getLen()
        || after.getModificationTime() != before.getModificationTime()) {
      return true;
    }
    String a = before instanceof EtagSource s ? s.getEtag() : null;
    String b = after instanceof EtagSource s ? s.getEtag() : null;
    return a != null && b != null && !a.equals(b);
  }

  private FileChecksum checksumOrNull(Path path) {
    try {
      return store.fs.getFileChecksum(path);
    } catch (IOException | RuntimeException e) {
      LOG.debug("No checksum for {} in {}: {}", path.getName(), store.description, store.reason(e));
      return null;
    }
  }
}
