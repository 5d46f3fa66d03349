package org.djgc.core.orphan;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.djgc.core.sort.RecordCodec;

/**
 * A distinct referenced path and which kinds of column referenced it.
 *
 * @param path the referenced path
 * @param fromHash referenced by a hash-addressed column
 * @param fromSchema referenced by a schema-addressed column
 */
public record ReferencedPath(String path, boolean fromHash, boolean fromSchema) {
  /** Spill-file format. */
  public static final RecordCodec<ReferencedPath> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, ReferencedPath ref) throws IOException {
      RecordCodec.writeString(out, ref.path);
      out.writeByte((ref.fromHash ? 1 : 0) | (ref.fromSchema ? 2 : 0));
    }

    @Override
    public ReferencedPath read(DataInput in) throws IOException {
      String path = RecordCodec.readString(in);
      byte kinds = in.readByte();
      return new ReferencedPath(path, (kinds & 1) != 0, (kinds & 2) != 0);
    }
  };

  ReferencedPath merge(ReferencedPath other) {
    return new ReferencedPath(path, fromHash || other.fromHash, fromSchema || other.fromSchema);
  }
}
