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

  /** Takes the lock of one execution, or empty when a live process holds it. */
  public Optional<StoreLock> lockExecution(long executionId) {
    return StoreLock.tryAcquire(pipeline.dataSource(), StoreLock.executionLockName(executionId));
  }

  public void releaseStore() {
    for (StoreLock lock : storeLocks) {
      lock.close();
    }
    storeLocks.clear();
    lockedIdentity = null;
  }
}
