package org.djgc.batch.job.stats;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The read-only {@code stats} job: one step over the ledger. */
@Configuration(proxyBeanMethods = false)
public class StatsJobConfiguration {
  @Bean
  Job stats(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps("stats", repository, transactions, run.crash());
    return new JobBuilder("stats", repository).listener(outcome)
        .start(steps.tasklet("summarize", new StatsTasklet(run, console))).build().build();
  }
}
