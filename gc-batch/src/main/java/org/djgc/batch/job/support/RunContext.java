package org.djgc.batch.job.support;

import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.quarantine.QuarantineLedger;
import java.nio.file.Path;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StoreIdentity;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/** What every step of a run needs, in one bean: config, ledger, clock, counters, locks, crash points. */
@Component
public record RunContext(DataJointConfig config, GcProperties properties, PipelineDatabase pipeline,
    CodecClassifier classifier, WorkFiles workFiles, QuarantineLedger ledger, GcClock clock, RunCounters counters,
    RunLocks locks, CrashPoints crash, org.djgc.batch.config.StoreFactory stores) {

  /**
   * Opens the run's store. A run that holds the store lock fails (exit 5) unless the store is still
   * the place the lock was taken for: a symbolic link or mount swapped during a run is never followed.
   */
  public ObjectStore openStore(RunSetup setup, Path directory) {
    ObjectStore store = stores.open(setup.spec(), directory);
    try {
      locks.checkIdentity(store.identity());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The identity of the run's store, which keys its ledger rows (the store is opened and closed). */
  public StoreIdentity identity(RunSetup setup, Path directory) {
    try (ObjectStore store = openStore(setup, directory)) {
      return store.identity();
    }
  }

  /** The run an execution's parameters describe. */
  public RunSetup setup(JobExecution job) {
    return RunSetup.fromParameters(config, properties, job.getJobParameters());
  }
}
