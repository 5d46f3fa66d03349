package org.djgc.batch.job.partition;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The slice files' life in a job that may scan in partitions: as a run starts, the files no restart
 * will reuse go ({@link SliceExchange#sweep}); as it ends, its references, and when it completed,
 * every file of its job instance ({@link SliceExchange#endOfRun}). Cleaning is best effort: a
 * failure is logged and never changes a run's outcome (files left behind go with a later sweep).
 */
public final class SliceCleanup implements JobExecutionListener {
  private final SliceExchange exchange;
  private final JobRepository repository;

  public SliceCleanup(SliceExchange exchange, JobRepository repository) {
    this.exchange = exchange;
    this.repository = repository;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SliceCleanup.class);

  @Override
  public void beforeJob(JobExecution job) {
    if (SlicePlan.partitions(job.getJobParameters()) > 1) {
      bestEffort(job, () -> exchange.sweep(repository, SliceExchange.remote(job.getJobParameters())));
    }
  }

  @Override
  public void afterJob(JobExecution job) {
    if (SlicePlan.partitions(job.getJobParameters()) > 1) {
      bestEffort(job, () -> exchange.endOfRun(job, repository));
    }
  }

  private static void bestEffort(JobExecution job, Runnable cleaning) {
    try {
      cleaning.run();
    } catch (RuntimeException e) {
      LOG.warn("Execution {}: could not remove slice files ({}); a later run's sweep removes them", job.getId(),
          e.getMessage());
    }
  }
}
