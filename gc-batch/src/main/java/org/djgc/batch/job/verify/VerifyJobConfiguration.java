package org.djgc.batch.job.verify;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.support.OutcomeReportTasklet;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import java.util.Set;
import org.djgc.batch.job.support.JobDescriptor;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code verify} job: {@code compareTrash → writeReport}; repairs the ledger only with --rebuild-ledger. */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("verify", "Compares the trash with the ledger and reports drift; --rebuild-ledger repairs it.",
      Set.of("rebuild-ledger"), false, JobDescriptor.StoreLocking.WHEN_REBUILDING_LEDGER, JobDescriptor.Ages.NONE);
  @Bean
  Job verify(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps(JOB.name(), repository, transactions, run.crash());
    return new JobBuilder(JOB.name(), repository).listener(outcome)
        .start(steps.tasklet("compareTrash", new VerifyTasklet(run)))
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet("verify", run, console)))
        .build().build();
  }
}
