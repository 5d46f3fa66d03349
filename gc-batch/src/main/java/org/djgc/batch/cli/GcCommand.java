package org.djgc.batch.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.batch.job.purge.PurgeJobConfiguration;
import org.djgc.batch.job.quarantine.QuarantineJobConfiguration;
import org.djgc.batch.job.report.ReportJobConfiguration;
import org.djgc.batch.job.support.JobDescriptor;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunAges;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.config.StoreSpecResolver;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.quarantine.AgePolicy;
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
  private final RunLocks locks;
  private final org.djgc.batch.config.StoreFactory stores;
  private final org.djgc.batch.job.support.LedgerAdoption adoption;
  private final org.djgc.batch.job.remote.OrphanedPartitions orphanedPartitions;
  private final org.djgc.batch.job.support.ExecutionIdFile executionIdFile;
  private final AuditCommands audit;
  private final org.djgc.batch.metrics.RunMetrics metrics;
  private final org.djgc.batch.job.support.WorkFiles workFiles;
  private final RunKeys runKeys;
  private final PrintStream out;
  private final PrintStream err;

  public GcCommand(JobOperator operator, JobRepository repository, List<Job> jobs, DataJointConfig config,
      GcProperties properties, PipelineDatabase pipeline, CodecClassifier classifier, Console console,
      RunLocks locks, AuditCommands audit, org.djgc.batch.metrics.RunMetrics metrics,
      org.djgc.batch.config.StoreFactory stores, org.djgc.batch.job.support.LedgerAdoption adoption,
      org.djgc.batch.job.remote.OrphanedPartitions orphanedPartitions,
      org.djgc.batch.job.support.ExecutionIdFile executionIdFile, org.djgc.batch.job.support.WorkFiles workFiles,
      RunKeys runKeys) {
    this.runKeys = runKeys;
    this.executionIdFile = executionIdFile;
    this.workFiles = workFiles;
    this.orphanedPartitions = orphanedPartitions;
    this.stores = stores;
    this.adoption = adoption;
    this.operator = operator;
    this.repository = repository;
    this.jobs = jobs.stream().collect(java.util.stream.Collectors.toMap(Job::getName, j -> j));
    this.config = config;
    this.properties = properties;
    this.pipeline = pipeline;
    this.classifier = classifier;
    this.err = console.err();
    this.locks = locks;
    this.audit = audit;
    this.metrics = metrics;
    this.out = console.out();
  }

  /** Executes the command line and returns the process exit code. */
  public ExitCode execute(CommandLine commandLine) {
    try {
      executionIdFile.target(commandLine.executionIdFile());
      JobExecution execution = commandLine.restart().isPresent()
          ? restart(commandLine.restart().get())
          : start(commandLine);
      if (execution == null) {
        return ExitCode.OK;
      }
      ExitCode code = outcome(execution);
      metrics.publish(execution, code, commandLine.metricsFile());
      return code;
    } catch (Exception e) {
      return FailureReporter.report(e, commandLine.job(), commandLine.format(), commandLine.debug(), out, err);
    } finally {
      locks.releaseStore();
    }
  }

  private JobExecution start(CommandLine commandLine) throws Exception {
    if (JobCatalog.isAudit(commandLine.job())) {
      audit(commandLine);
      return null;
    }
    workFiles.checkWritable();
    if (commandLine.job().equals(JobCatalog.COLLECT.name())) {
      return collect(commandLine);
    }
    Job job = jobs.get(commandLine.job());
    if (job == null) {
      throw new UsageException("Unknown job '" + commandLine.job() + "'");
    }
    StoreSpec spec = StoreSpecResolver.resolve(config, commandLine.store());
    List<String> schemas = commandLine.allSchemas() ? discoverSchemas(spec) : commandLine.schemas();
    RunSetup setup = RunSetup.resolve(config, properties, spec.name(), schemas, commandLine.crossSchemaReferences());
    checkSchemasExist(commandLine, setup);
    if (!commandLine.crossSchemaReferences()) {
      LOG.warn("--reference-scope=requested: rows in other schemas that point into {} are not read; their files"
          + " may be reported orphaned", schemas);
    }
    if (commandLine.runKey().isPresent()) {
      java.util.Optional<Long> earlier = runKeys.lastExecution(job.getName(), spec.name(), commandLine.runKey().get());
      if (earlier.isPresent()) {
        return again(earlier.get(), commandLine.runKey().get(), setup);
      }
    }
    JobParametersBuilder parameters = LaunchParameters.of(commandLine, setup, properties);
    commandLine.runKey().ifPresent(key -> parameters.addString(RunKeys.PARAMETER, key));
    if (repository instanceof org.springframework.batch.core.repository.support.ResourcelessJobRepository) {
      parameters.addString(org.djgc.batch.job.support.JobParameterNames.RECORDED, "false", false);
    }
    RunAges ages = RunAges.configured(properties);
    JobDescriptor descriptor = JobCatalog.get(commandLine.job());
    switch (descriptor.ages()) {
      case QUARANTINE -> {
        checkAges(descriptor, ages);
        ages.addQuarantineParameters(parameters);
      }
      case PURGE -> {
        checkAges(descriptor, ages);
        parameters.addLong(JobParameterNames.GRACE_SECONDS, ages.graceSeconds());
      }
      case NONE -> { }
    }
    if (descriptor.locking().locks(commandLine.rebuildLedger())) {
      lockStore(spec);
    }
    LOG.info("Starting job {} on store {} ({}) for schemas {}", job.getName(), spec.name(), spec.describe(), schemas);
    return operator.start(job, parameters.toJobParameters());
  }

  /**
   * A launch whose run key an earlier execution carries: the same run again. Refused (exit 2) when
   * it asks for other schemas; a completed run is not run twice (its outcome stands, and its id is
   * written to {@code --execution-id-file}); any other is restarted as {@code --restart} would.
   */
  private JobExecution again(long executionId, String key, RunSetup setup) throws Exception {
    JobExecution earlier = repository.getJobExecution(executionId);
    List<String> schemas = RunSetup.schemasOf(earlier.getJobParameters());
    if (!schemas.equals(setup.schemas())) {
      throw new UsageException("--run-key=" + key + " names execution " + executionId + " of job "
          + earlier.getJobInstance().getJobName() + " on schemas [" + String.join(",", schemas)
          + "]; this launch asks for "
          + setup.schemas() + ". A run key names one run: use a new key for other schemas");
    }
    JobExecution last = repository.getLastJobExecution(earlier.getJobInstance());
    if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
      LOG.info("Run key {} already ran to its end as execution {} ({}); not running it again", key, last.getId(),
          last.getExitStatus().getExitCode());
      err.println("dj-gc: run key " + key + " already ran to its end as execution " + last.getId()
          + "; nothing to do");
      executionIdFile.writeCompleted(last.getId());
      return last;
    }
    LOG.info("Run key {} names execution {} ({}); restarting it", key, executionId, earlier.getStatus());
    return restart(executionId);
  }

  /**
   * Upstream's single call, kept for parity and deprecated: a dry run is {@code report}; otherwise
   * {@code quarantine}, then {@code purge} with grace 0 of what that execution quarantined.
   */
  private JobExecution collect(CommandLine commandLine) throws Exception {
    err.println("dj-gc: WARNING: --job=collect is deprecated and kept for parity with DataJoint's"
        + " GarbageCollector.collect(); use quarantine and purge (a grace window protects concurrent inserts)");
    StoreSpec spec = StoreSpecResolver.resolve(config, commandLine.store());
    List<String> schemas = commandLine.allSchemas() ? discoverSchemas(spec) : commandLine.schemas();
    RunSetup setup = RunSetup.resolve(config, properties, spec.name(), schemas, commandLine.crossSchemaReferences());
    checkSchemasExist(commandLine, setup);
    if (commandLine.dryRun()) {
      return operator.start(jobs.get(ReportJobConfiguration.JOB.name()),
          LaunchParameters.of(commandLine, setup, properties).toJobParameters());
    }
    RunAges ages = RunAges.configured(properties);
    checkAges(QuarantineJobConfiguration.JOB, ages);
    lockStore(spec);
    JobExecution quarantined = operator.start(jobs.get(QuarantineJobConfiguration.JOB.name()),
        ages.addQuarantineParameters(LaunchParameters.of(commandLine, setup, properties)).toJobParameters());
    if (outcomeOf(quarantined) != ExitCode.OK) {
      return quarantined;
    }
    JobParameters purge = LaunchParameters.of(commandLine, setup, properties)
        .addLong(JobParameterNames.GRACE_SECONDS, 0L)
        .addLong(JobParameterNames.ONLY_EXECUTION, quarantined.getId())
        .toJobParameters();
    return operator.start(jobs.get(PurgeJobConfiguration.JOB.name()), purge);
  }

  private void audit(CommandLine commandLine) throws java.io.IOException {
    if (commandLine.job().equals("history")) {
      audit.history(commandLine.store().orElse(null), commandLine.limit(), commandLine.format(), out);
    } else {
      StoreSpec spec = StoreSpecResolver.resolve(config, commandLine.store());
      org.djgc.core.storage.StoreIdentity identity;
      try (org.djgc.core.storage.ObjectStore store = open(spec)) {
        identity = store.identity();
      }
      audit.trace(spec.name(), identity, commandLine.restoreFilter().path().orElseThrow(), commandLine.format(), out);
    }
  }

  /**
   * Before any destructive job: refuses a file system where paths do not compare as strings, takes
   * the lock of the store's place (spec §8.2) from what the store is, not how the config spells it,
   * refuses while a worker still acts for a manager that is gone (spec §4.6d), then adopts the
   * ledger rows proven to be this store's (spec §6.3).
   */
  private void lockStore(StoreSpec spec) {
    refuseFoldingFileSystem(spec);
    try (org.djgc.core.storage.ObjectStore store = open(spec)) {
      locks.lockStore(store.identity(), spec.name());
      orphanedPartitions.refuseWhileAnyRuns();
      adoption.adopt(spec.name(), store);
    }
  }

  /** The schemas a sectioned job was asked for by name exist, on the server or in the store (else exit 2). */
  private void checkSchemasExist(CommandLine commandLine, RunSetup setup) {
    if (!commandLine.allSchemas() && JobCatalog.get(commandLine.job()).needsSchemas()) {
      RequestedSchemas.checkExist(setup.schemas(), pipeline, setup.layout(), () -> open(setup.spec()));
    }
  }

  /** Opens a store before any execution exists (its identity, adoption), spilling to the JVM's temp directory. */
  private org.djgc.core.storage.ObjectStore open(StoreSpec spec) {
    return stores.open(spec, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Gate G5 for the job about to run, with the ages it will run with (on restart: the stored job
   * parameters), and loud warnings for every override.
   */
  private void checkAges(JobDescriptor job, RunAges ages) {
    AgePolicy.checkClockSkew(ages.clockSkew());
    if (job.ages() == JobDescriptor.Ages.QUARANTINE) {
      AgePolicy.checkMinObjectAge(ages.minObjectAge(), properties.allowUnsafeAges());
    } else if (job.ages() == JobDescriptor.Ages.PURGE) {
      AgePolicy.checkGrace(ages.graceSeconds(), properties.allowUnsafeAges());
    }
    if (properties.allowUnsafeAges()) {
      if (job.ages() == JobDescriptor.Ages.PURGE) {
        LOG.warn("gc.allow-unsafe-ages=true: {} runs with grace {} s; below its floor, files whose rows are"
            + " written by transactions still open may be deleted", job.name(), ages.graceSeconds());
      } else if (job.ages() == JobDescriptor.Ages.QUARANTINE) {
        LOG.warn("gc.allow-unsafe-ages=true: {} runs with min-age {} (clock skew {}); below its floor, files written"
            + " by transactions still open may be quarantined", job.name(), ages.minObjectAge(), ages.clockSkew());
      }
    }
    if (!properties.testing().clockOffset().isZero()) {
      LOG.warn("gc.testing.clock-offset={} shifts dj-gc's clock: the grace and min-age guarantees do not hold."
          + " For tests and drills only", properties.testing().clockOffset());
    }
  }

  /**
   * A {@code file} store on a file system that folds case or Unicode normalisation, or changes the
   * names it stores: a listed spelling may differ from the one a row holds, so coverage by path
   * cannot be trusted; destructive jobs refuse (exit 3). Probed read-only below the root, and by
   * writing in the trash, which destructive jobs write to anyway (spec §9, assumption 7).
   */
  private void refuseFoldingFileSystem(StoreSpec spec) {
    if (!spec.protocol().equals("file")) {
      return;
    }
    java.nio.file.Path root = java.nio.file.Path.of(spec.location());
    refuseUnwritableTrash(spec, root);
    org.djgc.core.storage.local.CaseProbe.caseInsensitiveDirectory(root)
        .or(() -> org.djgc.core.storage.local.CaseProbe.foldingDirectory(
            root.resolve(org.djgc.core.layout.StoreLayout.of(spec, properties.trashPrefix()).trashPrefix())))
        .ifPresent(reason -> {
          throw new GcException(FailureCategory.SAFETY_GATE, "Store " + spec.name() + ": " + reason
              + "; a row's spelling of a path may differ from the listed one, so nothing is moved or deleted there");
        });
  }

  /**
   * A {@code file} store's trash must be a directory this user can write before anything moves
   * (exit 2 naming it, nothing recorded), checked before the case probe, which writes there too and
   * would otherwise call the file system unprobeable.
   */
  private void refuseUnwritableTrash(StoreSpec spec, java.nio.file.Path root) {
    if (!java.nio.file.Files.isDirectory(root)) {
      return; // opening the store refuses a missing root; nothing is created here
    }
    java.nio.file.Path trash = root.resolve(org.djgc.core.layout.StoreLayout.of(spec, properties.trashPrefix())
        .trashPrefix());
    try {
      java.nio.file.Files.createDirectories(trash);
      java.nio.file.Files.delete(java.nio.file.Files.createTempFile(trash, ".dj-gc-probe-", ".tmp"));
    } catch (java.io.IOException | SecurityException e) {
      throw new org.djgc.core.config.ConfigurationException("Store " + spec.name() + ": its trash " + trash
          + " is not a directory this user can write (" + e + "); nothing was moved or deleted");
    }
  }

  /**
   * G5 for a restart: the restarted execution runs with its stored ages (one source, spec §8.4), so
   * the gate judges those, and says when this process's settings differ and do not apply.
   */
  private void checkRestartAges(long executionId, String jobName, JobParameters parameters) {
    RunAges stored = RunAges.stored(parameters, properties);
    JobDescriptor.Ages policy = JobCatalog.get(jobName).ages();
    if (policy == JobDescriptor.Ages.PURGE && parameters.getLong(JobParameterNames.ONLY_EXECUTION) != null) {
      // collect's purge: grace 0 by design, of what one quarantine moved (checked when collect was launched)
      AgePolicy.checkClockSkew(properties.clockSkew());
      LOG.warn("Execution {} is the purge of a collect: grace 0 (no grace window) for the files execution {}"
          + " quarantined", executionId, parameters.getLong(JobParameterNames.ONLY_EXECUTION));
      return;
    }
    if (policy != JobDescriptor.Ages.NONE) {
      RunAges today = RunAges.configured(properties);
      boolean purge = policy == JobDescriptor.Ages.PURGE;
      List<String> notStored = stored.fromSettings().stream()
          .filter(key -> purge == key.equals("gc.grace-seconds")).toList();
      if (!notStored.isEmpty()) {
        LOG.warn("Execution {} was launched without stored {}; it runs with this process's settings", executionId,
            notStored);
      }
      if (purge && stored.graceSeconds() != today.graceSeconds()) {
        LOG.warn("Execution {} runs with its stored grace {} s; this process's gc.grace-seconds={} does not apply"
            + " to it", executionId, stored.graceSeconds(), today.graceSeconds());
      }
      if (!purge && (!stored.minObjectAge().equals(today.minObjectAge())
          || !stored.clockSkew().equals(today.clockSkew()))) {
        LOG.warn("Execution {} runs with its stored min-age {} and clock skew {}; this process's"
            + " gc.min-object-age={} and gc.clock-skew={} do not apply to it", executionId, stored.minObjectAge(),
            stored.clockSkew(), today.minObjectAge(), today.clockSkew());
      }
    }
    checkAges(JobCatalog.get(jobName), stored);
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
    workFiles.checkWritable();
    JobExecution previous;
    try {
      previous = repository.getJobExecution(executionId);
    } catch (org.springframework.dao.EmptyResultDataAccessException e) {
      previous = null;
    }
    if (previous == null) {
      throw new UsageException("No job execution with id " + executionId);
    }
    String jobName = previous.getJobInstance().getJobName();
    JobExecution last = repository.getLastJobExecution(previous.getJobInstance());
    if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
      throw new UsageException("Execution " + executionId + " of job " + jobName
          + " already completed (as execution " + last.getId() + "); nothing to restart");
    }
    boolean rebuild = Boolean.parseBoolean(previous.getJobParameters().getString(JobParameterNames.REBUILD_LEDGER,
        "false"));
    if (JobCatalog.get(jobName).locking().locks(rebuild)) {
      checkRestartAges(executionId, jobName, previous.getJobParameters());
      StoreSpec spec = StoreSpecResolver.resolve(config,
          java.util.Optional.of(previous.getJobParameters().getString(JobParameterNames.STORE)));
      lockStore(spec);
    }
    if (previous.getStatus().isRunning()) {
      // Killed, or still alive? Its process holds djgc-exec-<id> until it dies.
      try (var alive = locks.lockExecution(executionId).orElseThrow(() -> new GcException(FailureCategory.LOCKED,
          "Execution " + executionId + " is still running (its process holds " + StoreLock.executionLockName(executionId)
          + "); not restarting it"))) {
        orphanedPartitions.failAbandoned(previous);
        LOG.warn("Execution {} was left {} by a process that is gone; marking it failed before restarting", executionId,
            previous.getStatus());
        previous = operator.recover(repository.getJobExecution(executionId));
      }
    } else {
      // ended, but a worker killed after its manager ended leaves its partition marked running
      orphanedPartitions.failAbandoned(previous);
      previous = repository.getJobExecution(executionId);
    }
    LOG.info("Restarting execution {} of job {} (status {})", executionId, jobName, previous.getStatus());
    try {
      return operator.restart(previous);
    } catch (org.springframework.batch.core.launch.JobRestartException e) {
      if (FailureReporter.find(e, org.springframework.batch.core.launch.JobExecutionAlreadyRunningException.class)
          == null) {
        throw e;
      }
      throw new GcException(FailureCategory.LOCKED, "Execution " + executionId + " of job " + jobName + " is being"
          + " restarted by another process (its job instance has a running execution); not restarting it twice", e);
    }
  }

  /** The exit code of an execution, without printing. */
  private static ExitCode outcomeOf(JobExecution execution) {
    ExitCode code = ExitCode.ofExecution(execution.getStatus().name(), execution.getExitStatus().getExitCode());
    return code == null ? ExitCode.FAILED : code;
  }

  private ExitCode outcome(JobExecution execution) {
    String jobName = execution.getJobInstance().getJobName();
    if (execution.getStartTime() != null && execution.getEndTime() != null) {
      LOG.info("Job {} execution {} ended {} ({}) in {} ms", jobName, execution.getId(), execution.getStatus(),
          execution.getExitStatus().getExitCode(),
          java.time.Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis());
    }
    if (execution.getStatus() == BatchStatus.COMPLETED) {
      ExitCode code = outcomeOf(execution);
      if (code == ExitCode.REFUSED) {
        err.println("dj-gc: " + jobName + " execution " + execution.getId() + " refused: "
            + execution.getExitStatus().getExitDescription());
      } else if (code == ExitCode.OBJECT_ERRORS) {
        err.println("dj-gc: " + jobName + " execution " + execution.getId() + " completed with "
            + execution.getExitStatus().getExitDescription());
      }
      return code;
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
