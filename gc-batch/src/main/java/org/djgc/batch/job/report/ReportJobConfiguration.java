package org.djgc.batch.job.report;

import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.batch.job.support.RunOutcomeListener;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.reference.CodecClassifier;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The read-only {@code report} job: {@code report.discoverReferences} and {@code
 * report.listSections} in parallel (split flow {@code report.scan}), then {@code report.diff} and
 * {@code report.writeReport}. Every step re-runs on restart (a report never trusts a
 * previous execution's files), and nothing is moved or deleted.
 */
@Configuration(proxyBeanMethods = false)
public class ReportJobConfiguration {
  public static final String JOB_NAME = "report";

  @Bean
  Job report(JobRepository repository, PlatformTransactionManager transactions, DataJointConfig config,
      GcProperties properties, PipelineDatabase pipeline, CodecClassifier classifier, WorkFiles workFiles,
      Console console, RunOutcomeListener outcome, org.djgc.batch.config.StoreFactory stores) {
    Flow discover = flow(step("report.discoverReferences", repository, transactions,
        new DiscoverReferencesTasklet(config, properties, pipeline, classifier, workFiles)));
    Flow list = flow(step("report.listSections", repository, transactions,
        new ListSectionsTasklet(config, properties, workFiles, stores)));
    Flow scan = new FlowBuilder<SimpleFlow>("report.scan").split(new SimpleAsyncTaskExecutor("report-"))
        .add(discover, list).build();
    return new JobBuilder(JOB_NAME, repository)
        .listener(outcome)
        .start(scan)
        .next(step("report.diff", repository, transactions, new DiffTasklet(workFiles)))
        .next(step("report.writeReport", repository, transactions,
            new WriteReportTasklet(config, properties, workFiles, console)))
        .build()
        .build();
  }

  private static Flow flow(Step step) {
    return new FlowBuilder<SimpleFlow>(step.getName()).start(step).build();
  }

  private static Step step(String name, JobRepository repository, PlatformTransactionManager transactions,
      Tasklet tasklet) {
    return new StepBuilder(name, repository).tasklet(tasklet, transactions).allowStartIfComplete(true).build();
  }
}
