package org.djgc.batch.job.support;

import java.util.Optional;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.storage.StoreIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The store lock of this process's destructive run (taken before the job execution is created,
 * held until the process ends) and the per-execution lock of every run.
 */
@Component
public class RunLocks {
  private static final Logger LOG = LoggerFactory.getLogger(RunLocks.class);
  private final PipelineDatabase pipeline;
  private final java.util.List<StoreLock> storeLocks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile StoreIdentity lockedIdentity;
  private volatile StoreLock executionLock;

  public RunLocks(PipelineDatabase pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Takes the store's lock.
   *
   * @throws GcException with category LOCKED (exit 4) when another run holds it
   */
  public void lockStore(StoreIdentity identity, String storeName) {
    for (String name : identity.lockNames()) {
      Optional<StoreLock> lock = StoreLock.tryAcquire(pipeline.dataSource(), name);
      if (lock.isEmpty()) {
        releaseStore();
        throw new GcException(FailureCategory.LOCKED, "Another dj-gc run holds the lock of store " + storeName + " ("
            + name + "); nothing was changed");
      }
      storeLocks.add(lock.get());
    }
    lockedIdentity = identity;
    LOG.info("Took the store lock {} of store {} ({}; ledger key {})", identity.lockNames(), storeName,
        identity.place(), identity.id());
  }

  /**
   * Fails the run (exit 5) when it holds the store lock and {@code identity}, of a store it just
   * opened, is not the one the lock was taken for (a link or mount changed during the run).
   */
  public void checkIdentity(StoreIdentity identity) {
    StoreIdentity locked = lockedIdentity;
    if (!storeLocks.isEmpty() && locked != null && !locked.equals(identity)) {
      throw new GcException(FailureCategory.TRANSIENT, "The store is no longer the place its lock was taken for ("
          + locked.place() + ", now " + identity.place() + "); stopping before changing anything more");
    }
  }

  /** Whether the process that ran an execution is gone: nobody holds its execution lock. */
  public boolean executionGone(long executionId) {
    return StoreLock.isFree(pipeline.dataSource(), StoreLock.executionLockName(executionId));
  }

  /** Fails the run when the store lock was lost (checked before every chunk that moves or deletes). */
  public void checkStoreLock() {
    if (storeLocks.isEmpty() || !storeLocks.stream().allMatch(StoreLock::held)) {
      throw new GcException(FailureCategory.TRANSIENT, "Lost the store lock; stopping before changing anything more");
    }
  }

  /** Whether nobody holds the lock {@code name}. */
  public boolean isFree(String name) {
    return StoreLock.isFree(pipeline.dataSource(), name);
  }

  /**
   * Fails (exit 4) while a process holds the lock of {@code partition} (spec §4.6: a restart never
   * scans a slice beside a worker still scanning it).
   */
  public void checkPartitionEnded(org.springframework.batch.core.step.StepExecution partition) {
    if (!isFree(PartitionLocks.name(partition.getId()))) {
      throw stillRuns(partition);
    }
  }

  /**
   * Takes the lock of {@code partition}, so no worker starts or ends it while it is held; fails
   * (exit 4) as {@link #checkPartitionEnded} does while a worker holds it.
   */
  public StoreLock lockPartition(org.springframework.batch.core.step.StepExecution partition) {
    return tryLock(PartitionLocks.name(partition.getId())).orElseThrow(() -> stillRuns(partition));
  }

  private static GcException stillRuns(org.springframework.batch.core.step.StepExecution partition) {
    return new GcException(FailureCategory.LOCKED, "Partition " + partition.getStepName() + " of execution "
        + partition.getJobExecutionId() + " still runs on a worker (it holds " + PartitionLocks.name(partition.getId())
        + "); restart when it has ended");
  }

  /** Takes lock {@code name} without waiting, or empty when another session holds it. */
  public Optional<StoreLock> tryLock(String name) {
    return StoreLock.tryAcquire(pipeline.dataSource(), name);
  }

  /** Takes the lock of one execution, or empty when a live process holds it. */
  public Optional<StoreLock> lockExecution(long executionId) {
    return StoreLock.tryAcquire(pipeline.dataSource(), StoreLock.executionLockName(executionId));
  }

  /**
   * Takes and keeps the lock of the execution this process runs (released by {@link
   * #releaseExecution}); false when another process holds it.
   */
  public boolean holdExecution(long executionId) {
    releaseExecution();
    executionLock = lockExecution(executionId).orElse(null);
    return executionLock != null;
  }

  /** Releases the lock {@link #holdExecution} took, if any. */
  public void releaseExecution() {
    StoreLock lock = executionLock;
    executionLock = null;
    if (lock != null) {
      lock.close();
    }
  }

  /**
   * The locks this process holds for its run, by name, with the server session holding each: what
   * partition checks, before it reads or writes anything, to prove its manager still holds them
   * (spec §4.6).
   */
  public java.util.Map<String, Long> heldLocks() {
    java.util.Map<String, Long> held = new java.util.LinkedHashMap<>();
    StoreLock execution = executionLock;
    if (execution != null) {
      held.put(execution.name(), execution.sessionId());
    }
    for (StoreLock lock : storeLocks) {
      held.put(lock.name(), lock.sessionId());
    }
    return held;
  }

  /**
   * Fails (exit 5) unless each lock in {@code held} is still held by the session recorded for it:
   * the process that recorded them is alive and still runs the execution (and, for a destructive
   * run, still holds the store).
   */
  public void checkHeldBy(java.util.Map<String, Long> held, String what) {
    if (held.isEmpty()) {
      throw new GcException(FailureCategory.TRANSIENT, what + " names no lock of its manager; refusing to act for it");
    }
    held.forEach((name, session) -> {
      java.util.OptionalLong holder = StoreLock.holder(pipeline.dataSource(), name);
      if (holder.isEmpty() || holder.getAsLong() != session) {
        throw new GcException(FailureCategory.TRANSIENT, "The manager of " + what + " no longer holds lock " + name
            + " (session " + session + (holder.isEmpty() ? ", now free" : ", now session " + holder.getAsLong())
            + "); stopping before acting for it");
      }
    });
  }

  public void releaseStore() {
    for (StoreLock lock : storeLocks) {
      lock.close();
    }
    storeLocks.clear();
    lockedIdentity = null;
  }
}
