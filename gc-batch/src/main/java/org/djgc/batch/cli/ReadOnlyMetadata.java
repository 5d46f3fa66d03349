package org.djgc.batch.cli;

import java.util.Set;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.MetadataAccess;
import org.djgc.batch.job.report.ReportJobConfiguration;
import org.djgc.batch.job.stats.StatsJobConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * {@code report} and {@code stats} under a database account that cannot write dj-gc's metadata
 * database (spec §12.1c): they run again with Spring Batch's in-memory job repository (profile
 * {@value #PROFILE}), and say that the run is not recorded. {@code history} and {@code trace} only
 * read and run as usual; every other job (and {@code --restart}) writes the ledger or needs a
 * recorded execution, so it stops before it starts: exit 2, naming the server's refusal.
 */
public final class ReadOnlyMetadata {
  /** The profile that swaps the JDBC job repository for the in-memory one. */
  public static final String PROFILE = "read-only-metadata";
  /** The jobs that read only: nothing of theirs needs to outlive the run. */
  static final Set<String> JOBS = Set.of(ReportJobConfiguration.JOB.name(), StatsJobConfiguration.JOB.name());

  private ReadOnlyMetadata() {}

  /**
   * Why this run goes without a recorded execution, or {@code null} when it is recorded as usual
   * (a writable metadata database, or a job that needs one).
   *
   * @throws UsageException when the metadata database is not writable and the run needs it to be:
   *     another job, {@code --restart}, or what only a recorded execution gives ({@code --run-key},
   *     {@code gc.partitions} above 1)
   */
  public static String reason(ApplicationContext context, CommandLine commandLine) {
    if (commandLine.worker() || JobCatalog.isAudit(commandLine.job())
        || context.getEnvironment().matchesProfiles(PROFILE)) {
      return null;
    }
    String denied = context.getBean(MetadataAccess.class).whyNotWritable();
    if (denied == null) {
      return null;
    }
    GcProperties properties = context.getBean(GcProperties.class);
    String database = properties.metadata().database();
    if (commandLine.job() == null || !JOBS.contains(commandLine.job())) {
      throw new UsageException((commandLine.job() == null ? "--restart" : commandLine.job()) + " needs a metadata"
          + " database this user can write (" + denied + "); nothing ran. Run it as a user that can write "
          + database + " (report and stats run without)");
    }
    if (commandLine.runKey().isPresent()) {
      throw new UsageException("--run-key needs a metadata database this user can write (" + denied + "); run "
          + commandLine.job() + " without it, or as a user that can write " + database);
    }
    if (properties.partitions() > 1) {
      throw new UsageException("gc.partitions=" + properties.partitions() + " needs a"
          + " metadata database this user can write (" + denied + "); run " + commandLine.job()
          + " with gc.partitions=1, or as a user that can write " + database);
    }
    return "this user cannot write dj-gc's metadata database (" + denied + "): " + commandLine.job()
        + " runs with an in-memory job repository and is not recorded (no history, no restart, execution ids"
        + " are this run's own)";
  }
}
