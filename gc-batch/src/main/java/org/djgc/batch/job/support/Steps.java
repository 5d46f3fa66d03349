package org.djgc.batch.job.support;

import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds a job's steps with dj-gc's conventions: names {@code <job>.<verbNoun>}, every step re-run
 * on restart (a restarted run re-discovers; per-object progress lives in the ledger), and flows
 * wrapped as {@link Flow}s. The one exception: the restart of a run that failed in its partitioned
 * scan re-scans only the partitions that did not complete (spec §4.6).
 */
public final class Steps {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Steps.class);

  /**
   * One summary line per step, and the crash points {@code <step>.start} and {@code <step>.end} at
   * every step boundary (tests pause, race or kill a run there).
   */
  private final StepExecutionListener boundaries = new StepExecutionListener() {
    @Override
    public void beforeStep(org.springframework.batch.core.step.StepExecution step) {
      crash.reached(step.getStepName() + ".start");
    }

    @Override
    public org.springframework.batch.core.ExitStatus afterStep(
        org.springframework.batch.core.step.StepExecution step) {
      long millis = step.getStartTime() == null ? 0
          : java.time.Duration.between(step.getStartTime(), java.time.LocalDateTime.now()).toMillis();
      LOG.info("Step {} {} in {} ms: read={}, write={}, skip={}, commits={}", step.getStepName(), step.getStatus(),
          millis, step.getReadCount(), step.getWriteCount(), step.getSkipCount(), step.getCommitCount());
      crash.reached(step.getStepName() + ".end");
      return step.getExitStatus();
    }
  };

  private final String job;
  private final JobRepository repository;
  private final PlatformTransactionManager transactions;
  private final CrashPoints crash;

  public Steps(String job, JobRepository repository, PlatformTransactionManager transactions, CrashPoints crash) {
    this.job = job;
    this.repository = repository;
    this.transactions = transactions;
    this.crash = crash;
  }

  /** A one-step flow running a tasklet. */
  public Flow tasklet(String name, Tasklet tasklet) {
    Step step = new StepBuilder(job + "." + name, repository).tasklet(tasklet, transactions)
        .listener(boundaries).allowStartIfComplete(true).build();
    return new FlowBuilder<SimpleFlow>(step.getName()).start(step).build();
  }

  /** A one-step flow running a chunk-oriented step; {@code listener} binds reader and writer to the run. */
  public <T> Flow chunk(String name, int chunkSize, ItemReader<T> reader, ItemWriter<T> writer,
      StepExecutionListener listener) {
    Step step = new StepBuilder(job + "." + name, repository).<T, T>chunk(chunkSize).transactionManager(transactions)
        .reader(reader).writer(writer).listener(listener).listener(boundaries).allowStartIfComplete(true).build();
    return new FlowBuilder<SimpleFlow>(step.getName()).start(step).build();
  }

  /** The step each partition runs, {@code <job>.<workerName>}, which re-runs only when a restart asks. */
  public Step workerStep(String workerName, Tasklet worker) {
    return new StepBuilder(job + "." + workerName, repository).tasklet(worker, transactions).listener(boundaries)
        .build();
  }

  /**
   * A partition step: {@code splitter} makes the partitions of {@code workerStep}, {@code handler}
   * runs them (threads here, or workers elsewhere).
   */
  public Flow partitioned(String name, Step workerStep,
      org.springframework.batch.core.partition.StepExecutionSplitter splitter,
      org.springframework.batch.core.partition.PartitionHandler handler) {
    return partitioned(name, workerStep, splitter, handler,
        new org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator());
  }

  /** A partition step whose partitions' outcomes {@code aggregator} gathers. */
  public Flow partitioned(String name, Step workerStep,
      org.springframework.batch.core.partition.StepExecutionSplitter splitter,
      org.springframework.batch.core.partition.PartitionHandler handler,
      org.springframework.batch.core.partition.StepExecutionAggregator aggregator) {
    Step step = new StepBuilder(job + "." + name, repository).partitioner(workerStep).splitter(splitter)
        .partitionHandler(handler).aggregator(aggregator).listener(boundaries).allowStartIfComplete(true).build();
    return new FlowBuilder<SimpleFlow>(step.getName()).start(step).build();
  }

  /** Runs {@code workerStep}'s partitions on up to {@code threads} threads of this process. */
  public org.springframework.batch.core.partition.PartitionHandler threads(Step workerStep, String workerName,
      int threads) {
    org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler handler =
        new org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler();
    handler.setStep(workerStep);
    SimpleAsyncTaskExecutor executor = executor(job + "-" + workerName + "-");
    executor.setConcurrencyLimit(Math.max(1, threads));
    handler.setTaskExecutor(executor);
    return handler;
  }

  /** Flows run side by side. */
  public Flow parallel(String name, Flow... flows) {
    return new FlowBuilder<SimpleFlow>(job + "." + name).split(executor(job + "-")).add(flows).build();
  }

  /** Threads named {@code prefix…} that carry the caller's logging context. */
  private static SimpleAsyncTaskExecutor executor(String prefix) {
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
    executor.setTaskDecorator(task -> {
      java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
      return () -> {
        if (mdc != null) {
          org.slf4j.MDC.setContextMap(mdc);
        }
        try {
          task.run();
        } finally {
          org.slf4j.MDC.clear();
        }
      };
    });
    return executor;
  }
}
