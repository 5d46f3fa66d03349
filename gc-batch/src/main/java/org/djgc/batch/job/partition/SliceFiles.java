package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.List;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordCodec;
import org.djgc.core.sort.RecordFile;

/** Record files of slices, joined. */
public final class SliceFiles {
  private SliceFiles() {}

  /** Writes every record of {@code files}, file by file, to {@code target}. */
  public static <T> void concatenate(List<Path> files, RecordCodec<T> codec, Path target) {
    try (RecordFile.Writer<T> out = RecordFile.writer(target, codec)) {
      for (Path file : files) {
        try (CloseableIterator<T> records = RecordFile.read(file, codec)) {
          records.forEachRemaining(out::write);
        }
      }
    }
  }
}
