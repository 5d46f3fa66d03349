package org.djgc.batch.job.purge;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.report.DiscoverReferencesTasklet;
import org.djgc.batch.job.support.BeginRunTasklet;
import org.djgc.batch.job.support.HealTasklet;
import org.djgc.batch.job.support.OutcomeReportTasklet;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import org.djgc.batch.job.partition.PartitionedScan;
import org.djgc.batch.job.partition.SliceActions;
import org.djgc.batch.job.partition.SliceCleanup;
import org.djgc.batch.job.partition.SliceServices;
import java.util.Set;
import org.djgc.batch.job.support.JobDescriptor;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code purge} job: {@code begin → discoverReferences → heal → selectExpired → deleteExpired
 * → writeReport}; with {@code partitions} > 1 the deletes are partitions ({@code deleteSlices},
 * {@link DeleteSlices}) on threads or remote workers. A fresh snapshot every run, read by this
 * process; heals whatever is referenced again, whatever its age; deletes from the trash only what
 * grace has expired and nothing references.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("purge", "Fresh reference discovery; heals every quarantined file referenced again; deletes\n"
          + "from the trash what has been quarantined longer than gc.grace-seconds.",
      Set.of("schema", "all-schemas", "reference-scope", "force", "remote-partitions"), true, JobDescriptor.StoreLocking.ALWAYS, JobDescriptor.Ages.PURGE);

  @Bean
  Job purge(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome, SliceServices slices) {
    Steps steps = new Steps(JOB.name(), repository, transactions, run.crash());
    DeleteExpiredStep delete = new DeleteExpiredStep(run);
    JobExecutionDecider mode = PartitionedScan.decider();
    Flow report = steps.tasklet("writeReport", new OutcomeReportTasklet(JOB.name(), run, console));
    return new JobBuilder(JOB.name(), repository)
        .listener(outcome)
        .listener(new SliceCleanup(slices.exchange(), repository))
        .start(steps.tasklet("begin", new BeginRunTasklet(run.clock())))
        .next(steps.tasklet("discoverReferences", new DiscoverReferencesTasklet(run.config(), run.properties(),
            run.pipeline(), run.classifier(), run.workFiles())))
        .next(steps.tasklet("heal", HealTasklet.beforeDeletes(run)))
        .next(steps.tasklet("selectExpired", new SelectExpiredTasklet(run)))
        .next(mode)
        .on(PartitionedScan.PARTITIONED)
        .to(SliceActions.flow(steps, "deleteSlices", "deleteSlice", new DeleteSlices(run), slices, run,
            repository))
        .next(report)
        .from(mode).on("*")
        .to(steps.chunk("deleteExpired", run.properties().chunkSize(), delete, delete, delete))
        .next(report)
        .end()
        .build();
  }
}
