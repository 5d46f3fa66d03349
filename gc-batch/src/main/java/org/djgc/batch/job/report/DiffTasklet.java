package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.orphan.OrphanDiff;
import org.djgc.core.orphan.SectionCounts;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step {@code diff}: one merge of the sorted references and listing into the orphan file. */
class DiffTasklet implements Tasklet {
  private final WorkFiles workFiles;

  DiffTasklet(WorkFiles workFiles) {
    this.workFiles = workFiles;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    Path directory = workFiles.directory(job);
    List<SectionCounts> stored = (List<SectionCounts>) job.getExecutionContext().get(ContextKeys.SECTION_COUNTS);
    List<SectionCounts> counts = OrphanDiff.diff(directory.resolve(WorkFiles.REFERENCES),
        directory.resolve(WorkFiles.LISTING), directory.resolve(WorkFiles.ORPHANS), stored);
    job.getExecutionContext().put(ContextKeys.SECTION_COUNTS, new ArrayList<>(counts));
    contribution.incrementWriteCount(counts.stream().mapToLong(SectionCounts::orphaned).sum());
    return RepeatStatus.FINISHED;
  }
}
