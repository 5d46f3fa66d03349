package org.djgc.batch.job.report;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;
import org.djgc.core.sort.RecordCodec;

/** Record format of the findings file a run passes from discovery to its report. */
final class FindingsFile {
  static final RecordCodec<Finding> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, Finding finding) throws IOException {
      RecordCodec.writeString(out, finding.kind().name());
      RecordCodec.writeString(out, finding.column());
      out.writeBoolean(finding.row() != null);
      if (finding.row() != null) {
        RecordCodec.writeString(out, finding.row());
      }
      RecordCodec.writeString(out, finding.detail());
    }

    @Override
    public Finding read(DataInput in) throws IOException {
      FindingKind kind = FindingKind.valueOf(RecordCodec.readString(in));
      String column = RecordCodec.readString(in);
      String row = in.readBoolean() ? RecordCodec.readString(in) : null;
      return new Finding(kind, column, row, RecordCodec.readString(in));
    }
  };

  private FindingsFile() {}
}
