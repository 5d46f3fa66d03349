package org.djgc.batch.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunExitStatus;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.config.StoreSpecResolver;
import org.djgc.core.error.GcException;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.jdbc.JdbcReferenceScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/** Runs the command the command line asks for: launches or restarts one job and maps its outcome. */
@Component
public class GcCommand {
  private static final Logger LOG = LoggerFactory.getLogger(GcCommand.class);

  private final JobOperator operator;
  private final JobRepository repository;
  private final Map<String, Job> jobs;
  private final DataJointConfig config;
  private final GcProperties properties;
  private final PipelineDatabase pipeline;
  private final CodecClassifier classifier;
  private final PrintStream err;

  public GcCommand(JobOperator operator, JobRepository repository, List<Job> jobs, DataJointConfig config,
      GcProperties properties, PipelineDatabase pipeline, CodecClassifier classifier, Console console) {
    this.operator = operator;
    this.repository = repository;
    this.jobs = jobs.stream().collect(java.util.stream.Collectors.toMap(Job::getName, j -> j));
    this.config = config;
    this.properties = properties;
    this.pipeline = pipeline;
    this.classifier = classifier;
    this.err = console.err();
  }

  /** Executes the command line and returns the process exit code. */
  public ExitCode execute(CommandLine commandLine) {
    try {
      JobExecution execution = commandLine.restart().isPresent()
          ? restart(commandLine.restart().get())
          : start(commandLine);
      return outcome(execution);
    } catch (GcException e) {
      err.println("dj-gc: " + e.getMessage());
      return FailureReporter.forCategory(e);
    } catch (Exception e) {
      return FailureReporter.report(e, err);
    }
  }

  private JobExecution start(CommandLine commandLine) throws Exception {
    Job job = jobs.get(commandLine.job());
    if (job == null) {
      throw new UsageException("Unknown job '" + commandLine.job() + "'");
    }
    StoreSpec spec = StoreSpecResolver.resolve(config, commandLine.store());
    List<String> schemas = commandLine.allSchemas() ? discoverSchemas(spec) : commandLine.schemas();
    RunSetup setup = RunSetup.resolve(config, properties, spec.name(), schemas, commandLine.crossSchemaReferences());
    if (!commandLine.crossSchemaReferences()) {
      LOG.warn("--reference-scope=requested: rows in other schemas that point into {} are not read; their files"
          + " may be reported orphaned", schemas);
    }
    JobParameters parameters = new JobParametersBuilder()
        .addString(JobParameterNames.STORE, setup.spec().name())
        .addString(JobParameterNames.SCHEMAS, String.join(",", setup.schemas()))
        .addString(JobParameterNames.CROSS_SCHEMA, String.valueOf(commandLine.crossSchemaReferences()))
        .addLong(JobParameterNames.RUN_TIME, System.currentTimeMillis())
        .addString(JobParameterNames.FORMAT, commandLine.format().name(), false)
        .toJobParameters();
    LOG.info("Starting job {} on store {} ({}) for schemas {}", job.getName(), spec.name(), spec.describe(), schemas);
    return operator.start(job, parameters);
  }

  private List<String> discoverSchemas(StoreSpec spec) {
    RunSetup probe = RunSetup.resolve(config, properties, spec.name(), List.of(), true);
    List<String> schemas = new JdbcReferenceScanner(pipeline.dataSource(), classifier).schemasUsing(probe.scope());
    if (schemas.isEmpty()) {
      throw new ConfigurationException("--all-schemas: no schema on " + pipeline.description()
          + " declares a column on store '" + spec.name() + "'");
    }
    return schemas;
  }

  private JobExecution restart(long executionId) throws Exception {
    JobExecution previous;
    try {
      previous = repository.getJobExecution(executionId);
    } catch (org.springframework.dao.EmptyResultDataAccessException e) {
      previous = null;
    }
    if (previous == null) {
      throw new UsageException("No job execution with id " + executionId);
    }
    LOG.info("Restarting execution {} of job {} (status {})", executionId,
        previous.getJobInstance().getJobName(), previous.getStatus());
    JobExecution last = repository.getLastJobExecution(previous.getJobInstance());
    if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
      throw new UsageException("Execution " + executionId + " of job " + previous.getJobInstance().getJobName()
          + " already completed (as execution " + last.getId() + "); nothing to restart");
    }
    return operator.restart(previous);
  }

  private ExitCode outcome(JobExecution execution) {
    String jobName = execution.getJobInstance().getJobName();
    if (execution.getStartTime() != null && execution.getEndTime() != null) {
      LOG.info("Job {} execution {} ended {} ({}) in {} ms", jobName, execution.getId(), execution.getStatus(),
          execution.getExitStatus().getExitCode(),
          java.time.Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis());
    }
    if (execution.getStatus() == BatchStatus.COMPLETED) {
      if (RunExitStatus.FAILED_CLOSED.equals(execution.getExitStatus().getExitCode())) {
        err.println("dj-gc: " + jobName + " execution " + execution.getId() + " refused: "
            + execution.getExitStatus().getExitDescription());
        return ExitCode.REFUSED;
      }
      return ExitCode.OK;
    }
    for (Throwable failure : execution.getAllFailureExceptions()) {
      GcException gc = FailureReporter.find(failure, GcException.class);
      if (gc != null) {
        err.println("dj-gc: " + jobName + " execution " + execution.getId() + " failed: " + gc.getMessage());
        ExitCode code = FailureReporter.forCategory(gc);
        if (code == ExitCode.FAILED) {
          err.println("dj-gc: restart it with --restart=" + execution.getId());
        }
        return code;
      }
    }
    err.println("dj-gc: " + jobName + " execution " + execution.getId() + " ended " + execution.getStatus()
        + "; restart it with --restart=" + execution.getId());
    execution.getAllFailureExceptions().forEach(f -> err.println("  cause: " + f));
    return ExitCode.FAILED;
  }
}
