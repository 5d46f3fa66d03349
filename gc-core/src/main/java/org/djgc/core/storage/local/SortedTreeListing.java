package org.djgc.core.storage.local;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.sort.RecordCodec;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.LookAheadListing;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;

/**
 * Depth-first walk that yields files in key order. Each directory's entries are sorted by their
 * key form (a directory {@code d} sorts as {@code d/}), spilling to disk for very large
 * directories, so the whole walk is in {@link String#compareTo} order of the full keys and can
 * resume after any key. Subtrees entirely before {@code startAfter} are skipped unread.
 */
final class SortedTreeListing extends LookAheadListing {
  private static final int MAX_ENTRIES_IN_MEMORY = 50_000;

  private record Entry(String name, boolean directory, long size, long modifiedMillis) {
    String sortKey() {
      return directory ? name + "/" : name;
    }
  }

  private record Frame(Path directory, String keyPrefix, ExternalSorter<Entry> sorter, CloseableIterator<Entry> entries) {}

  private static final RecordCodec<Entry> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, Entry e) throws IOException {
      RecordCodec.writeString(out, e.name);
      out.writeBoolean(e.directory);
      out.writeLong(e.size);
      out.writeLong(e.modifiedMillis);
    }

    @Override
    public Entry read(DataInput in) throws IOException {
      return new Entry(RecordCodec.readString(in), in.readBoolean(), in.readLong(), in.readLong());
    }
  };

  private final Deque<Frame> stack = new ArrayDeque<>();
  private final String startAfter;
  private final Path tempDirectory;
  /** The listed directory, for messages. */
  private final String listed;

  SortedTreeListing(Path directory, ObjectKey prefix, Optional<String> startAfter, Path tempDirectory) {
    this.startAfter = startAfter.orElse(null);
    this.tempDirectory = tempDirectory;
    this.listed = directory == null ? "an empty listing" : directory.toString();
    if (directory != null) {
      push(directory, prefix.isRoot() ? "" : prefix.path() + "/");
    }
  }

  static SortedTreeListing empty() {
    return new SortedTreeListing(null, ObjectKey.ROOT, Optional.empty(), null);
  }

  @Override
  protected StoredObject computeNext() {
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (!frame.entries.hasNext()) {
        pop();
        continue;
      }
      Entry entry = frame.entries.next();
      String key = frame.keyPrefix + entry.name;
      if (entry.directory) {
        if (startAfter == null || startAfter.compareTo(key + "0") < 0) {
          push(frame.directory.resolve(entry.name), key + "/");
        }
      } else if (startAfter == null || key.compareTo(startAfter) > 0) {
        return StoredObject.of(ObjectKey.of(key), entry.size, Instant.ofEpochMilli(entry.modifiedMillis));
      }
    }
    return null;
  }

  @Override
  protected String describeListed() {
    return listed;
  }

  private void push(Path directory, String keyPrefix) {
    ExternalSorter<Entry> sorter =
        new ExternalSorter<>(Comparator.comparing(Entry::sortKey), CODEC, MAX_ENTRIES_IN_MEMORY, tempDirectory);
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
      for (Path child : children) {
        Entry entry = entry(child, keyPrefix);
        if (entry != null) {
          sorter.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      // removed while listing: nothing below it exists any more
    } catch (IOException | UncheckedIOException | java.nio.file.DirectoryIteratorException e) {
      sorter.close();
      throw new StorageException("Cannot list " + displayKey(keyPrefix) + ": " + e, e);
    } catch (StorageException e) {
      sorter.close();
      throw e;
    }
    stack.push(new Frame(directory, keyPrefix, sorter, sorter.sorted()));
  }

  private static Entry entry(Path child, String keyPrefix) throws IOException {
    String name = child.getFileName().toString();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (attributes.isSymbolicLink()) {
      throw new StorageException("Refusing to list " + keyPrefix + name
          + ": it is a symbolic link, which could lead outside the store root");
    }
    if (!attributes.isDirectory() && !attributes.isRegularFile()) {
      throw new StorageException("Refusing to list " + keyPrefix + name + ": not a regular file or directory");
    }
    return new Entry(name, attributes.isDirectory(), attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  private void pop() {
    Frame frame = stack.pop();
    frame.entries.close();
    frame.sorter.close();
  }

  private static String displayKey(String keyPrefix) {
    return keyPrefix.isEmpty() ? "store root" : keyPrefix;
  }

  @Override
  protected void release() {
    while (!stack.isEmpty()) {
      pop();
    }
  }
}
