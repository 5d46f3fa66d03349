package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The partition step of an action ({@code moveSlice}, {@code deleteSlice}), on a thread of the
 * manager or in a remote worker: proves the manager still holds the run's locks, fetches the
 * partition's input, and has the {@link SliceAction} act on it with counters of its own, which go
 * into the partition's context ({@link #COUNTERS}, {@link #ERRORS}, {@link #ERROR_COUNT}) for the
 * manager to sum ({@link ActionCounters}), also when the action fails half-way.
 */
final class ActOnSliceTasklet implements Tasklet {
  static final String COUNTERS = "gc.partitionCounters";
  static final String ERRORS = "gc.partitionErrors";
  static final String ERROR_COUNT = "gc.partitionErrorCount";

  private final SliceAction action;
  private final SliceServices services;
  private final WorkFiles workFiles;

  ActOnSliceTasklet(SliceAction action, SliceServices services, WorkFiles workFiles) {
    this.action = action;
    this.services = services;
    this.workFiles = workFiles;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    StepExecution step = chunkContext.getStepContext().getStepExecution();
    JobExecution job = step.getJobExecution();
    ExecutionContext context = step.getExecutionContext();
    Map<String, Long> manager = SlicePartitioner.managerLocks(context);
    String what = "partition " + step.getStepName() + " of execution " + job.getId();
    Runnable proveLocks = () -> services.locks().checkHeldBy(manager, what);
    proveLocks.run();
    boolean remote = SliceExchange.remote(job.getJobParameters());
    Path directory = workFiles.partitionDirectory(step, remote);
    RunCounters counters = new RunCounters();
    try {
      Path input = directory.resolve("input.bin");
      services.exchange().fetch(job.getJobParameters(), context.getLong(ActionPartitioner.INPUT_EXECUTION),
          context.getString(ActionPartitioner.INPUT_NAME), input);
      String managerStore = context.getString(ActionPartitioner.STORE);
      action.act(step, input, directory, new ActionScope(counters, proveLocks,
          (name, target) -> services.exchange().fetch(job.getJobParameters(), job.getId(), name, target),
          opened -> {
            if (!opened.toString().equals(managerStore)) {
              throw new GcException(FailureCategory.CONFIGURATION, "Partition " + step.getStepName()
                  + " of execution " + job.getId() + ": the manager judged the store " + managerStore
                  + ", but this process opens " + opened + "; workers must run with the manager's DataJoint"
                  + " configuration, settings and build. Nothing was changed");
            }
          }));
    } finally {
      Map<String, Long> counted = new LinkedHashMap<>();
      counters.snapshot().forEach((name, value) -> {
        if (value != 0) {
          counted.put(name, value);
        }
      });
      context.put(COUNTERS, counted);
      context.put(ERRORS, new ArrayList<>(counters.errors()));
      context.putLong(ERROR_COUNT, counters.errorCount());
      workFiles.deletePartition(step, remote);
    }
    return RepeatStatus.FINISHED;
  }
}
