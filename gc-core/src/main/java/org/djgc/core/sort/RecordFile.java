package org.djgc.core.sort;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * A file of records: a count-free stream of {@code (marker, record)} pairs ending with an end
 * marker, so a truncated file is detected instead of read as a shorter one.
 */
public final class RecordFile {
  private static final byte RECORD = 1;
  private static final byte END = 0;

  private RecordFile() {}

  /** Appends records to a new file; {@link Writer#close()} writes the end marker. */
  public static <T> Writer<T> writer(Path file, RecordCodec<T> codec) {
    try {
      return new Writer<>(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)), codec);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Reads a file written by {@link #writer}. */
  public static <T> CloseableIterator<T> read(Path file, RecordCodec<T> codec) {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      return new Reader<>(in, codec, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Writes records and, on close, the end marker. */
  public static final class Writer<T> implements AutoCloseable {
    private final DataOutputStream out;
    private final RecordCodec<T> codec;
    private long count;

    private Writer(DataOutputStream out, RecordCodec<T> codec) {
      this.out = out;
      this.codec = codec;
    }

    public void write(T record) {
      try {
        out.writeByte(RECORD);
        codec.write(out, record);
        count++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public long count() {
      return count;
    }

    @Override
    public void close() {
      try (out) {
        out.writeByte(END);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Reader<T> implements CloseableIterator<T> {
    private final DataInputStream in;
    private final RecordCodec<T> codec;
    private final Path file;
    private T next;
    private boolean done;

    Reader(DataInputStream in, RecordCodec<T> codec, Path file) {
      this.in = in;
      this.codec = codec;
      this.file = file;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          byte marker = in.readByte();
          if (marker == END) {
            done = true;
          } else {
            next = codec.read(in);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Truncated or unreadable record file " + file, e);
        }
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T result = next;
      next = null;
      return result;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
