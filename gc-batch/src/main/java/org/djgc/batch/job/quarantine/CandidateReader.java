package org.djgc.batch.job.quarantine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads this run's candidate units. Returns nothing when the run was refused by a gate (then the
 * move step moves nothing) or when the candidate file is absent.
 */
final class CandidateReader implements ItemStreamReader<CandidateUnit> {
  private final Path file;
  private final boolean refused;
  private CloseableIterator<CandidateUnit> units;

  CandidateReader(Path file, boolean refused) {
    this.file = file;
    this.refused = refused;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    if (!refused && Files.exists(file)) {
      units = RecordFile.read(file, CandidateUnit.CODEC);
    }
  }

  @Override
  public CandidateUnit read() {
    return units != null && units.hasNext() ? units.next() : null;
  }

  @Override
  public void close() {
    if (units != null) {
      units.close();
      units = null;
    }
  }
}
