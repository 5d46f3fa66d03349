package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.List;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.OrphanDiff;
import org.djgc.core.orphan.SectionCounts;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** {@code report}'s judge: a slice's orphans, merged into {@code orphans.bin}. */
public final class OrphanSlices implements SliceJudge {
  @Override
  public String merged() {
    return WorkFiles.ORPHANS;
  }

  @Override
  public List<SectionCounts> judge(JobExecution job, Path references, Path listing, Path output,
      List<SectionCounts> counts, ExecutionContext partition) {
    return OrphanDiff.diff(references, listing, output, counts);
  }

  @Override
  public void merge(JobExecution job, List<Path> outputs, List<ExecutionContext> partitions, Path merged) {
    SliceFiles.concatenate(outputs, ListedFile.CODEC, merged);
  }
}
