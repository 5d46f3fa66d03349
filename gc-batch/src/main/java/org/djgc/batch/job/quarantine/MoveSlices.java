package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.job.partition.ActionInputs;
import org.djgc.batch.job.partition.ActionScope;
import org.djgc.batch.job.partition.SliceAction;
import org.djgc.batch.job.partition.SlicePlan;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.StorageCalls;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The moves of a partitioned quarantine ({@code moveSlices}, spec §4.6d): partition {@code i}
 * moves the candidate units slice {@code i}'s scan selected (its output in the slice exchange),
 * {@code gc.chunk-size} units a chunk, with a {@link TrashMover} of its own that proves the
 * manager's locks before each chunk. The paths recovery owns are published once by the manager. A
 * refused run makes no partition.
 */
final class MoveSlices implements SliceAction {
  /** The paths recovery owns ({@link PendingMoves}), as the manager publishes them. */
  static final String PENDING_MOVES = "run-pending-moves.bin";

  private final RunContext run;
  private final String scanStep;

  MoveSlices(RunContext run, String scanStep) {
    this.run = run;
    this.scanStep = scanStep;
  }

  @Override
  public List<Input> inputs(JobExecution job, ActionInputs inputs) {
    if (job.getExecutionContext().containsKey(ContextKeys.REFUSAL)) {
      return List.of();
    }
    inputs.publish(job, PENDING_MOVES,
        run.workFiles().directory(job).resolve(RecoverInterruptedTasklet.PENDING_MOVES));
    int slices = SlicePlan.of(run.config(), run.properties(), job.getJobParameters()).slices().size();
    return inputs.sliceOutputs(job, scanStep, slices);
  }

  /** Partition {@code i} always moves slice {@code i}'s candidates: a restart skips the slices moved already. */
  @Override
  public boolean stablePartitions() {
    return true;
  }

  @Override
  public void act(StepExecution partition, Path input, Path directory, ActionScope scope) {
    JobExecution job = partition.getJobExecution();
    RunSetup setup = run.setup(job);
    Path pending = directory.resolve(RecoverInterruptedTasklet.PENDING_MOVES);
    scope.runFiles().fetch(PENDING_MOVES, pending);
    try (ObjectStore store = run.openStore(setup, directory);
        StorageCalls calls = new StorageCalls(run.properties().storageConcurrency(store), partition.getStepName())) {
      scope.checkStore(store.identity());
      TrashMover mover = TrashMover.forRun(run, job, setup, store, scope.counters(), scope.proveLocks(), calls,
          PendingMoves.read(run.ledger(), store.identity(), pending), -1);
      scope.writeAll(input, CandidateUnit.CODEC, run.properties().chunkSize(), mover, partition);
      mover.finish();
    }
  }
}
