package org.djgc.batch.job.purge;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.report.DiscoverReferencesTasklet;
import org.djgc.batch.job.support.BeginRunTasklet;
import org.djgc.batch.job.support.HealTasklet;
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

/**
 * The {@code purge} job: {@code begin → discoverReferences → heal → selectExpired → deleteExpired
 * → writeReport}. A fresh snapshot every run; heals whatever is referenced again, whatever its
 * age; deletes from the trash only what grace has expired and nothing references.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeJobConfiguration {
  public static final String JOB_NAME = "purge";

  @Bean
  Job purge(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps(JOB_NAME, repository, transactions, run.crash());
    DeleteExpiredStep delete = new DeleteExpiredStep(run);
    return new JobBuilder(JOB_NAME, repository)
        .listener(outcome)
        .start(steps.tasklet("begin", new BeginRunTasklet(run.clock())))
        .next(steps.tasklet("discoverReferences", new DiscoverReferencesTasklet(run.config(), run.properties(),
            run.pipeline(), run.classifier(), run.workFiles())))
        .next(steps.tasklet("heal", new HealTasklet(false, run)))
        .next(steps.tasklet("selectExpired", new SelectExpiredTasklet(run)))
        .next(steps.chunk("deleteExpired", run.properties().chunkSize(), delete, delete, delete))
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet(JOB_NAME, run, console)))
        .build()
        .build();
  }
}
