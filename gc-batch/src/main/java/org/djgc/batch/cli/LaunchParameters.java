package org.djgc.batch.cli;

import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunSetup;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/** The job parameters of a launch, from the command line and the resolved run. */
final class LaunchParameters {
  private LaunchParameters() {}

  static JobParametersBuilder of(CommandLine commandLine, RunSetup setup,
      org.djgc.batch.config.GcProperties properties) {
    int partitions = commandLine.remotePartitions().orElse(properties.partitions());
    boolean remote = commandLine.remotePartitions().isPresent() || properties.remotePartitioning();
    JobParametersBuilder parameters = new JobParametersBuilder()
        .addString(JobParameterNames.STORE, setup.spec().name())
        .addString(JobParameterNames.SCHEMAS, String.join(",", setup.schemas()))
        .addString(JobParameterNames.CROSS_SCHEMA, String.valueOf(commandLine.crossSchemaReferences()))
        .addLong(JobParameterNames.RUN_TIME, System.currentTimeMillis())
        .addLong(JobParameterNames.PARTITIONS, (long) partitions)
        .addString(JobParameterNames.FORMAT, commandLine.format().name(), false)
        .addString(JobParameterNames.FORCE, String.valueOf(commandLine.force()), false);
    if (remote) {
      parameters.addString(JobParameterNames.PARTITIONING, "remote", false);
    }
    RestoreFilter filter = commandLine.restoreFilter();
    filter.path().ifPresent(p -> parameters.addString(JobParameterNames.PATH, p));
    filter.glob().ifPresent(g -> parameters.addString(JobParameterNames.GLOB, g));
    filter.quarantineRun().ifPresent(r -> parameters.addLong(JobParameterNames.QUARANTINE_RUN, r));
    filter.since().ifPresent(t -> parameters.addString(JobParameterNames.SINCE, t.toString()));
    filter.until().ifPresent(t -> parameters.addString(JobParameterNames.UNTIL, t.toString()));
    if (commandLine.list()) {
      parameters.addString(JobParameterNames.LIST, "true", false);
    }
    if (commandLine.rebuildLedger()) {
      parameters.addString(JobParameterNames.REBUILD_LEDGER, "true");
    }
    return parameters;
  }
}
