package org.djgc.batch.job.stats;

import org.djgc.batch.GcBatchApplication.Console;
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

/** The read-only {@code stats} job: one step over the ledger. */
@Configuration(proxyBeanMethods = false)
public class StatsJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("stats", "From the ledger: counts and bytes per state, schema and section; due for purge.",
      Set.of("schema"), false, JobDescriptor.StoreLocking.NEVER, JobDescriptor.Ages.NONE);
  @Bean
  Job stats(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps(JOB.name(), repository, transactions, run.crash());
    return new JobBuilder(JOB.name(), repository).listener(outcome)
        .start(steps.tasklet("summarize", new StatsTasklet(run, console))).build().build();
  }
}
