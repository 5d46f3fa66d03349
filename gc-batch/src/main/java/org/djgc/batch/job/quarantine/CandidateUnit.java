package org.djgc.batch.job.quarantine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.sort.RecordCodec;

/**
 * Files that move into the trash together: a directory object (its manifest and every file under
 * it) or a single file.
 *
 * @param unitPath the directory object's path, or the file's
 * @param files the files, in listing order
 */
record CandidateUnit(String unitPath, List<ListedFile> files) {
  static final RecordCodec<CandidateUnit> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, CandidateUnit unit) throws IOException {
      RecordCodec.writeString(out, unit.unitPath);
      out.writeInt(unit.files.size());
      for (ListedFile file : unit.files) {
        ListedFile.CODEC.write(out, file);
      }
    }

    @Override
    public CandidateUnit read(DataInput in) throws IOException {
      String unitPath = RecordCodec.readString(in);
      int count = in.readInt();
      List<ListedFile> files = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        files.add(ListedFile.CODEC.read(in));
      }
      return new CandidateUnit(unitPath, files);
    }
  };

  long bytes() {
    return files.stream().mapToLong(ListedFile::sizeBytes).sum();
  }
}
