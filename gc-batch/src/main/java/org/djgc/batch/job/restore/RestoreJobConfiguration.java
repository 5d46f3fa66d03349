package org.djgc.batch.job.restore;

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

/**
 * The {@code restore} job: {@code selectEntries → moveBack → writeReport}. No discovery and no
 * count gates: restoring never deletes bytes that are not kept elsewhere.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("restore", "Moves quarantined files back (never overwriting): select with --path, --glob,\n"
          + "--schema, --quarantine-run, --since, --until.",
      Set.of("schema", "path", "glob", "quarantine-run", "since", "until"), false, JobDescriptor.StoreLocking.ALWAYS, JobDescriptor.Ages.NONE);

  @Bean
  Job restore(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps(JOB.name(), repository, transactions, run.crash());
    MoveBackStep moveBack = new MoveBackStep(run);
    return new JobBuilder(JOB.name(), repository)
        .listener(outcome)
        .start(steps.tasklet("selectEntries", new SelectEntriesTasklet(run)))
        .next(steps.chunk("moveBack", run.properties().chunkSize(), moveBack, moveBack, moveBack))
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet(JOB.name(), run, console)))
        .build()
        .build();
  }

}
