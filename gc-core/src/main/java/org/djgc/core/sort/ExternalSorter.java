package org.djgc.core.sort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more records than fit in memory: records are buffered up to {@code maxInMemory}, sorted
 * and spilled to temporary run files, then merged. Memory stays bounded by the buffer whatever
 * the input size; small inputs never touch the disk.
 */
public final class ExternalSorter<T> implements AutoCloseable {
  /** Default buffer: enough for fast in-memory sorts, small enough to keep heaps flat. */
  public static final int DEFAULT_MAX_IN_MEMORY = 100_000;

  private final Comparator<? super T> order;
  private final RecordCodec<T> codec;
  private final int maxInMemory;
  private final Path tempDirectory;
  private final List<Path> runs = new ArrayList<>();
  private final List<CloseableIterator<T>> openRuns = new ArrayList<>();
  private List<T> buffer = new ArrayList<>();
  private long count;

  public ExternalSorter(Comparator<? super T> order, RecordCodec<T> codec, int maxInMemory, Path tempDirectory) {
    if (maxInMemory < 1) {
      throw new IllegalArgumentException("maxInMemory must be positive: " + maxInMemory);
    }
    this.order = order;
    this.codec = codec;
    this.maxInMemory = maxInMemory;
    this.tempDirectory = tempDirectory;
  }

  public void add(T record) {
    buffer.add(record);
    count++;
    if (buffer.size() >= maxInMemory) {
      spill();
    }
  }

  /** Records added so far. */
  public long count() {
    return count;
  }

  /** All records in order. Call once, after the last {@link #add}. */
  public CloseableIterator<T> sorted() {
    buffer.sort(order);
    if (runs.isEmpty()) {
      List<T> records = buffer;
      buffer = new ArrayList<>();
      return new InMemory<>(records);
    }
    if (!buffer.isEmpty()) {
      spill();
    }
    List<CloseableIterator<T>> sources = new ArrayList<>();
    for (Path run : runs) {
      CloseableIterator<T> source = RecordFile.read(run, codec);
      sources.add(source);
      openRuns.add(source);
    }
    return new Merge<>(sources, order);
  }

  /** Writes all records in order to {@code target} and returns how many there were. */
  public long writeSorted(Path target) {
    try (CloseableIterator<T> records = sorted(); RecordFile.Writer<T> out = RecordFile.writer(target, codec)) {
      while (records.hasNext()) {
        out.write(records.next());
      }
      return out.count();
    }
  }

  /**
   * Merges record files that are each already in {@code order} into {@code target}.
   *
   * @return the number of records written
   */
  public static <T> long merge(List<Path> sortedFiles, RecordCodec<T> codec, Comparator<? super T> order,
      Path target) {
    List<CloseableIterator<T>> sources = new ArrayList<>();
    try (RecordFile.Writer<T> out = RecordFile.writer(target, codec)) {
      for (Path file : sortedFiles) {
        sources.add(RecordFile.read(file, codec));
      }
      Merge<T> merged = new Merge<>(sources, order);
      while (merged.hasNext()) {
        out.write(merged.next());
      }
      return out.count();
    } finally {
      sources.forEach(CloseableIterator::close);
    }
  }

  private void spill() {
    buffer.sort(order);
    try {
      Path run = Files.createTempFile(tempDirectory, "run-", ".bin");
      runs.add(run);
      try (RecordFile.Writer<T> out = RecordFile.writer(run, codec)) {
        buffer.forEach(out::write);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill sort run to " + tempDirectory, e);
    }
    buffer = new ArrayList<>();
  }

  @Override
  public void close() {
    openRuns.forEach(CloseableIterator::close);
    for (Path run : runs) {
      try {
        Files.deleteIfExists(run);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class InMemory<T> implements CloseableIterator<T> {
    private final java.util.Iterator<T> records;

    InMemory(List<T> records) {
      this.records = records.iterator();
    }

    @Override
    public boolean hasNext() {
      return records.hasNext();
    }

    @Override
    public T next() {
      return records.next();
    }

    @Override
    public void close() {}
  }

  private static final class Merge<T> implements CloseableIterator<T> {
    private record Head<T>(T record, CloseableIterator<T> source) {}

    private final PriorityQueue<Head<T>> heads;

    Merge(List<CloseableIterator<T>> sources, Comparator<? super T> order) {
      heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.record, b.record));
      for (CloseableIterator<T> source : sources) {
        if (source.hasNext()) {
          heads.add(new Head<>(source.next(), source));
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public T next() {
      Head<T> head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      if (head.source.hasNext()) {
        heads.add(new Head<>(head.source.next(), head.source));
      }
      return head.record;
    }

    @Override
    public void close() {
      heads.forEach(h -> h.source.close());
    }
  }
}
