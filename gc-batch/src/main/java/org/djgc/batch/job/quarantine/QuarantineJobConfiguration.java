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
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code quarantine} job: {@code begin → (discoverReferences ∥ listSections) →
 * selectCandidates → recoverInterrupted → moveToTrash → verifyReferences → writeReport}. It moves
 * orphans older than the minimum age into the trash and never deletes anything.
 */
@Configuration(proxyBeanMethods = false)
public class QuarantineJobConfiguration {
  public static final String JOB_NAME = "quarantine";

  @Bean
  Job quarantine(JobRepository repository, PlatformTransactionManager transactions, RunContext run, Console console,
      RunOutcomeListener outcome) {
    Steps steps = new Steps(JOB_NAME, repository, transactions, run.crash());
    MoveToTrashStep move = new MoveToTrashStep(run);
    return new JobBuilder(JOB_NAME, repository)
        .listener(outcome)
        .start(steps.tasklet("begin", new BeginRunTasklet(run.clock())))
        .next(steps.parallel("scan",
            steps.tasklet("discoverReferences", new DiscoverReferencesTasklet(run.config(), run.properties(),
                run.pipeline(), run.classifier(), run.workFiles())),
            steps.tasklet("listSections", new ListSectionsTasklet(run.config(), run.properties(), run.workFiles(), run.stores(),
                run.crash()))))
        .next(steps.tasklet("selectCandidates",
            new SelectCandidatesTasklet(run.config(), run.properties(), run.workFiles(), run.counters())))
        .next(steps.tasklet("recoverInterrupted", new RecoverInterruptedTasklet(run)))
        .next(steps.chunk("moveToTrash", run.properties().chunkSize(), move, move, move))
        .next(steps.tasklet("verifyReferences", new HealTasklet(true, run)))
        .next(steps.tasklet("writeReport", new OutcomeReportTasklet(JOB_NAME, run, console)))
        .build()
        .build();
  }
}
