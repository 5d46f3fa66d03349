package org.djgc.core.sort;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads one record of a spill file. Strings are length-prefixed, so paths may contain
 * any character, newlines included.
 */
public interface RecordCodec<T> {
  void write(DataOutput out, T record) throws IOException;

  T read(DataInput in) throws IOException;

  /** Writes a string of any length as a length-prefixed UTF-8 byte sequence. */
  static void writeString(DataOutput out, String value) throws IOException {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a string written by {@link #writeString}. */
  static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
