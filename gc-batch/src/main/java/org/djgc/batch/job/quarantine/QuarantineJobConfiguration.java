package org.djgc.batch.job.quarantine;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.job.report.DiscoverReferencesTasklet;
import org.djgc.batch.job.report.ListSectionsTasklet;
import org.djgc.batch.job.support.BeginRunTasklet;
import org.djgc.batch.job.support.HealTasklet;
import org.djgc.batch.job.support.OutcomeReportTasklet;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.Steps;
import java.util.Set;
import org.djgc.batch.job.support.JobDescriptor;
import org.springframework.batch.core.job.Job;
import org.djgc.batch.job.partition.PartitionedScan;
import org.djgc.batch.job.partition.SliceActions;
import org.djgc.batch.job.partition.SliceCleanup;
import org.djgc.batch.job.partition.SliceServices;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code quarantine} job: {@code begin → (discoverReferences ∥ listSections) →
 * selectCandidates → recoverInterrupted → moveToTrash → verifyReferences → writeReport}; with
 * {@code partitions} > 1 the scan is {@code discoverReferences → routeReferences → scanSlices →
 * mergeSlices} ({@link PartitionedScan}), {@code selectCandidates} judges the gates alone, and the
 * moves are partitions too ({@code moveSlices}, {@link MoveSlices}), each moving its slice's
 * candidates. It moves orphans older than the minimum age into the trash and never deletes anything.
 */
@Configuration(proxyBeanMethods = false)
public class QuarantineJobConfiguration {
  /** The job as the command line and {@code --help} know it. */
  public static final JobDescriptor JOB = new JobDescriptor("quarantine", "Moves orphans older than gc.min-object-age into {trash}/{run}/{path} and records\n"
          + "them in the gc_quarantine ledger; then re-reads references and heals anything\n"
          + "referenced meanwhile. Never deletes.",
      Set.of("schema", "all-schemas", "reference-scope", "force", "remote-partitions"), true, JobDescriptor.StoreLocking.ALWAYS, JobDescriptor.Ages.QUARANTINE);

  @Bean
  Job quarantine(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome, SliceServices slices) {
    Steps steps = new Steps(JOB.name(), repository, transactions, run.crash());
    MoveToTrashStep move = new MoveToTrashStep(run);
    JobExecutionDecider mode = PartitionedScan.decider();
    Flow[] partitioned = PartitionedScan.flows(steps, run.config(), run.properties(), run.workFiles(), run.stores(),
        run.crash(), repository, new CandidateSlices(run.config(), run.properties(), run.counters()), slices);
    RecoverInterruptedTasklet recover = new RecoverInterruptedTasklet(run);
    Flow verify = steps.tasklet("verifyReferences", HealTasklet.afterMoves(run));
    DiscoverReferencesTasklet discover = new DiscoverReferencesTasklet(run.config(), run.properties(),
        run.pipeline(), run.classifier(), run.workFiles());
    return new JobBuilder(JOB.name(), repository)
        .listener(outcome)
        .listener(new SliceCleanup(slices.exchange(), repository))
        .start(steps.tasklet("begin", new BeginRunTasklet(run.clock())))
        .next(mode)
        .on(PartitionedScan.PARTITIONED)
        .to(steps.tasklet("discoverReferences", discover))
        .next(partitioned[0]).next(partitioned[1]).next(partitioned[2])
        .next(steps.tasklet("selectCandidates", SelectCandidatesTasklet.afterSlices(run.config(), run.properties(),
            run.workFiles(), run.counters())))
        .next(steps.tasklet("recoverInterrupted", recover))
        .next(SliceActions.flow(steps, "moveSlices", "moveSlice", new MoveSlices(run, JOB.name() + ".scanSlice"),
            slices, run, repository))
        .next(verify)
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet(JOB.name(), run, console)))
        .from(mode).on("*")
        .to(steps.parallel("scan",
            steps.tasklet("discoverReferences", discover),
            steps.tasklet("listSections", new ListSectionsTasklet(run.config(), run.properties(), run.workFiles(), run.stores()))))
        .next(steps.tasklet("selectCandidates", SelectCandidatesTasklet.fromListing(run.config(), run.properties(),
            run.workFiles(), run.counters())))
        .next(steps.tasklet("recoverInterrupted", recover))
        .next(steps.chunk("moveToTrash", run.properties().chunkSize(), move, move, move))
        .next(verify)
        .end()
        .build();
  }
}
