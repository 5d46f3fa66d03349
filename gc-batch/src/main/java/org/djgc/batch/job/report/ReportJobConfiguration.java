package org.djgc.batch.job.report;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.reference.CodecClassifier;
import java.util.Set;
import org.djgc.batch.job.support.JobDescriptor;
import org.springframework.batch.core.job.Job;
import org.djgc.batch.job.partition.OrphanSlices;
import org.djgc.batch.job.partition.PartitionedScan;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The read-only {@code report} job: {@code report.discoverReferences} and {@code
 * report.listSections} in parallel (split flow {@code report.scan}), then {@code report.diff} and
 * {@code report.writeReport}; or, with {@code partitions} > 1, {@code discoverReferences →
 * routeReferences → scanSlices → mergeSlices → writeReport} ({@link PartitionedScan}). Every step re-runs on restart (a report never trusts a
 * previous execution's files), and nothing is moved or deleted.
 */
@Configuration(proxyBeanMethods = false)
public class ReportJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("report", "Read-only: which files in the store's sections are orphaned. Same stat keys as\n"
          + "DataJoint's GarbageCollector.collect(dry_run=True), plus the orphan paths with\n"
          + "sizes, reference findings and listing (scan) errors.",
      Set.of("schema", "all-schemas", "reference-scope", "remote-partitions", "list"), true,
      JobDescriptor.StoreLocking.NEVER, JobDescriptor.Ages.NONE);

  @Bean
  Job report(JobRepository repository, PlatformTransactionManager transactions, CrashPoints crash,
      DataJointConfig config, GcProperties properties, PipelineDatabase pipeline, CodecClassifier classifier,
      WorkFiles workFiles, Console console, RunOutcomeListener outcome, org.djgc.batch.config.StoreFactory stores,
      org.djgc.batch.job.partition.SliceServices slices) {
    Steps steps = new Steps(JOB.name(), repository, transactions, crash);
    JobExecutionDecider mode = PartitionedScan.decider();
    Flow[] partitioned = PartitionedScan.flows(steps, config, properties, workFiles, stores, crash, repository,
        new OrphanSlices(), slices);
    Flow writeReport = steps.tasklet("writeReport", new WriteReportTasklet(config, properties, workFiles, console));
    DiscoverReferencesTasklet discover = new DiscoverReferencesTasklet(config, properties, pipeline, classifier,
        workFiles);
    return new JobBuilder(JOB.name(), repository)
        .listener(outcome)
        .listener(new org.djgc.batch.job.partition.SliceCleanup(slices.exchange(), repository))
        .start(mode)
        .on(PartitionedScan.PARTITIONED)
        .to(steps.tasklet("discoverReferences", discover))
        .next(partitioned[0]).next(partitioned[1]).next(partitioned[2]).next(writeReport)
        .from(mode).on("*")
        .to(steps.parallel("scan",
            steps.tasklet("discoverReferences", discover),
            steps.tasklet("listSections", new ListSectionsTasklet(config, properties, workFiles, stores))))
        .next(steps.tasklet("diff", new DiffTasklet(workFiles)))
        .next(writeReport)
        .end()
        .build();
  }
}
