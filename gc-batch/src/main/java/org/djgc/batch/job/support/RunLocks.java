package org.djgc.batch.job.support;

import java.util.Optional;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.lock.StoreLock;
import org.springframework.stereotype.Component;

/**
 * The store lock of this process's destructive run (taken before the job execution is created,
 * held until the process ends) and the per-execution lock of every run.
 */
@Component
public class RunLocks {
  private final PipelineDatabase pipeline;
  private volatile StoreLock storeLock;

  public RunLocks(PipelineDatabase pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Takes the store's lock.
   *
   * @throws GcException with category LOCKED (exit 4) when another run holds it
   */
  public void lockStore(String storeIdentity, String storeName) {
    String name = StoreLock.storeLockName(storeIdentity);
    Optional<StoreLock> lock = StoreLock.tryAcquire(pipeline.dataSource(), name);
    storeLock = lock.orElseThrow(() -> new GcException(FailureCategory.LOCKED, "Another dj-gc run holds the lock of"
        + " store " + storeName + " (" + name + "); nothing was changed"));
  }

  /** Fails the run when the store lock was lost (checked before every chunk that moves or deletes). */
  public void checkStoreLock() {
    if (storeLock == null || !storeLock.held()) {
      throw new GcException(FailureCategory.TRANSIENT, "Lost the store lock; stopping before changing anything more");
    }
  }

  /** Takes the lock of one execution, or empty when a live process holds it. */
  public Optional<StoreLock> lockExecution(long executionId) {
    return StoreLock.tryAcquire(pipeline.dataSource(), StoreLock.executionLockName(executionId));
  }

  public void releaseStore() {
    if (storeLock != null) {
      storeLock.close();
      storeLock = null;
    }
  }
}
