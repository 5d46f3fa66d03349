package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.List;
import org.djgc.core.orphan.SectionCounts;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a job makes of one slice's sorted listing ({@code report}: its orphans; {@code quarantine}:
 * its candidate units), and how the slices' results become the whole run's.
 */
public interface SliceJudge {
  /** The merged output file in the execution's work directory (e.g. {@code orphans.bin}). */
  String merged();

  /**
   * Diffs {@code listing} against {@code references} (both sorted for the diff) into {@code
   * output}, and returns {@code counts} (per section of the run; only the slice's own is non-zero)
   * with the slice's orphans added; values the merge needs go into {@code partition}, the
   * partition's own execution context.
   */
  List<SectionCounts> judge(JobExecution job, Path references, Path listing, Path output, List<SectionCounts> counts,
      ExecutionContext partition);

  /**
   * Concatenates the slices' {@code outputs}, in slice order, into {@code merged} and takes over
   * what {@link #judge} left in each partition's context.
   */
  void merge(JobExecution job, List<Path> outputs, List<ExecutionContext> partitions, Path merged);
}
