package org.djgc.batch.job.verify;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import org.djgc.core.sort.RecordCodec;

/**
 * One side of the verify merge: a trash path with its size, and the ledger row id when it comes
 * from the ledger (0 for a listed file).
 */
record TrashRecord(String trashPath, long sizeBytes, long ledgerId, String state) {
  static final Comparator<TrashRecord> ORDER = Comparator.comparing(TrashRecord::trashPath);

  static final RecordCodec<TrashRecord> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, TrashRecord r) throws IOException {
      RecordCodec.writeString(out, r.trashPath);
      out.writeLong(r.sizeBytes);
      out.writeLong(r.ledgerId);
      RecordCodec.writeString(out, r.state);
    }

    @Override
    public TrashRecord read(DataInput in) throws IOException {
      return new TrashRecord(RecordCodec.readString(in), in.readLong(), in.readLong(), RecordCodec.readString(in));
    }
  };
}
