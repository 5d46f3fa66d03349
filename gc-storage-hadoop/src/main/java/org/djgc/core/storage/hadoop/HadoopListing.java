package org.djgc.core.storage.hadoop;

import java.io.Closeable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.sort.RecordCodec;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.LookAheadListing;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listing of a Hadoop store: the whole prefix is listed on the first {@link #hasNext()} and
 * sorted externally (spilling to the store's temp directory), then the sorted entries are yielded.
 */
final class HadoopListing extends LookAheadListing {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopListing.class);

  private final HadoopObjectStore store;
  private final ObjectKey prefix;
  private final Path directory;
  private final String startAfter;
  private final String keyPrefix;
  private ExternalSorter<Entry> sorter;
  private CloseableIterator<Entry> sorted;
  private boolean started;
  private String previous;
  private java.nio.file.Path checkedLocalDirectory;

  HadoopListing(HadoopObjectStore store, ObjectKey prefix, Path directory, String startAfter) {
    this.store = store;
    this.prefix = prefix;
    this.directory = directory;
    this.startAfter = startAfter;
    this.keyPrefix = prefix.isRoot() ? "" : prefix.path() + "/";
  }

  @Override
  protected StoredObject computeNext() {
    try {
      if (!started) {
        started = true;
        load();
      }
      while (sorted.hasNext()) {
        Entry entry = sorted.next();
        if (entry.key.equals(previous)) {
          continue; // a path reported twice by the file system
        }
        previous = entry.key;
        return new StoredObject(ObjectKey.of(entry.key), entry.size,
            entry.modifiedMillis > 0 ? Instant.ofEpochMilli(entry.modifiedMillis) : Instant.EPOCH,
            Optional.ofNullable(entry.etag), true);
      }
      return null;
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StorageException("Cannot list " + store.where(prefix) + ": " + store.reason(e), store.cause(e));
    }
  }

  @Override
  protected String describeListed() {
    return store.where(prefix);
  }


  private void load() {
    sorted = emptyIterator();
    FileStatus status = store.statusOrNull(directory, prefix, "list");
    if (status == null || !status.isDirectory()) {
      return; // a missing prefix, or one naming a file, holds nothing
    }
    prepareTempDirectory();
    sorter = new ExternalSorter<>(Comparator.comparing(Entry::key), CODEC, store.sortBuffer, store.tempDirectory);
    RemoteIterator<LocatedFileStatus> files = null;
    long seen = 0;
    try {
      try {
        files = store.fs.listFiles(directory, true);
      } catch (FileNotFoundException e) {
        return; // removed since it was found: nothing below it exists any more
      }
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        seen++;
        if (file.isSymlink()) {
          throw new StorageException("Refusing to list " + keyOrPath(file.getPath())
              + " in " + store.description + ": it is a symbolic link, which could lead outside the store root");
        }
        if (!file.isFile()) {
          continue;
        }
        String key = store.keyOf(file.getPath());
        if (key == null) {
          continue;
        }
        if (!key.startsWith(keyPrefix)) {
          throw new StorageException("Cannot list " + store.where(prefix) + ": the file system returned " + key
              + ", which is not under the prefix");
        }
        if (startAfter != null && key.compareTo(startAfter) <= 0) {
          continue;
        }
        if (store.localRoot != null) {
          checkListedLocalFile(key);
        }
        String etag = file instanceof EtagSource source ? HadoopObjectStore.emptyToNull(source.getEtag()) : null;
        sorter.add(new Entry(key, file.getLen(), file.getModificationTime(), etag));
      }
      sorted = sorter.sorted();
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot list " + store.where(prefix) + " (after " + seen + " paths): "
          + store.reason(e) + "; refusing a partial listing", store.cause(e));
    } finally {
      if (files instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (IOException e) {
          LOG.debug("Cannot close a listing of {}: {}", store.description, store.reason(e));
        }
      }
    }
  }

  private String keyOrPath(Path path) {
    String absolute = path.toUri().getPath();
    return absolute != null && absolute.startsWith(store.childPrefix) ? absolute.substring(store.childPrefix.length())
        : store.settings.redact(path.toString());
  }

  /** Local file system only: the file is no link, and no directory between it and the root is one. */
  private void checkListedLocalFile(String key) {
    java.nio.file.Path file = store.localRoot.resolve(key);
    if (Files.isSymbolicLink(file)) {
      throw new StorageException("Refusing to list " + key + ": it is a symbolic link, which could lead outside"
          + " the store root");
    }
    java.nio.file.Path parent = file.getParent();
    if (parent.equals(checkedLocalDirectory)) {
      return;
    }
    try {
      if (!parent.toRealPath().equals(parent)) {
        throw new StorageException("Refusing to list " + key + ": a directory on its path is a symbolic link,"
            + " which could lead outside the store root");
      }
    } catch (IOException e) {
      throw new StorageException("Cannot list " + key + ": " + store.reason(e), e);
    }
    checkedLocalDirectory = parent;
  }

  @Override
  protected void release() {
    if (sorted != null) {
      sorted.close();
    }
    if (sorter != null) {
      try {
        sorter.close();
      } catch (UncheckedIOException e) {
        LOG.warn("Cannot remove the sort files of a listing of {}: {}", store.description, e.getMessage());
      }
    }
  }

  private record Entry(String key, long size, long modifiedMillis, String etag) {}

  private static final RecordCodec<Entry> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, Entry e) throws IOException {
      RecordCodec.writeString(out, e.key);
      out.writeLong(e.size);
      out.writeLong(e.modifiedMillis);
      out.writeBoolean(e.etag != null);
      if (e.etag != null) {
        RecordCodec.writeString(out, e.etag);
      }
    }

    @Override
    public Entry read(DataInput in) throws IOException {
      String key = RecordCodec.readString(in);
      long size = in.readLong();
      long modified = in.readLong();
      String etag = in.readBoolean() ? RecordCodec.readString(in) : null;
      return new Entry(key, size, modified, etag);
    }
  };

  private void prepareTempDirectory() {
    if (store.tempDirectory != null) {
      try {
        Files.createDirectories(store.tempDirectory);
      } catch (IOException e) {
        // reported by the sorter if it ever needs to spill
      }
    }
  }

  private static CloseableIterator<Entry> emptyIterator() {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return false;
      }

      @Override
      public Entry next() {
        throw new NoSuchElementException();
      }

      @Override
      public void close() {}
    };
  }
}
