package org.djgc.batch.job.support;

import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.reference.CodecClassifier;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/** What every step of a run needs, in one bean: config, ledger, clock, counters, locks, crash points. */
@Component
public record RunContext(DataJointConfig config, GcProperties properties, PipelineDatabase pipeline,
    CodecClassifier classifier, WorkFiles workFiles, QuarantineLedger ledger, GcClock clock, RunCounters counters,
    RunLocks locks, CrashPoints crash, org.djgc.batch.config.StoreFactory stores) {

  /** The run an execution's parameters describe. */
  public RunSetup setup(JobExecution job) {
    return RunSetup.fromParameters(config, properties, job.getJobParameters());
  }
}
