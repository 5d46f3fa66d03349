package org.djgc.batch.job.verify;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.support.OutcomeReportTasklet;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code verify} job: {@code compareTrash → writeReport}; repairs the ledger only with --rebuild-ledger. */
@Configuration(proxyBeanMethods = false)
public class VerifyJobConfiguration {
  @Bean
  Job verify(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps("verify", repository, transactions, run.crash());
    return new JobBuilder("verify", repository).listener(outcome)
        .start(steps.tasklet("compareTrash", new VerifyTasklet(run)))
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet("verify", run, console)))
        .build().build();
  }
}
