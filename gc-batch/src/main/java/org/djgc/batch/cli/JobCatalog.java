package org.djgc.batch.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.purge.PurgeJobConfiguration;
import org.djgc.batch.job.quarantine.QuarantineJobConfiguration;
import org.djgc.batch.job.report.ReportJobConfiguration;
import org.djgc.batch.job.restore.RestoreJobConfiguration;
import org.djgc.batch.job.stats.StatsJobConfiguration;
import org.djgc.batch.job.support.JobDescriptor;
import org.djgc.batch.job.support.JobDescriptor.Ages;
import org.djgc.batch.job.support.JobDescriptor.StoreLocking;
import org.djgc.batch.job.verify.VerifyJobConfiguration;

/**
 * Every job the command line runs, in {@code --help}'s order: the one registration of a job. The
 * Spring Batch jobs declare their descriptors beside their configuration; the commands composed in
 * the CLI ({@code collect} of report, quarantine and purge; {@code history} and {@code trace} read
 * the metadata directly) are declared here.
 */
public final class JobCatalog {
  /** Upstream's single call, deprecated: report, or quarantine then purge of that run with grace 0. */
  static final JobDescriptor COLLECT = new JobDescriptor("collect",
      "Deprecated single call kept for parity: --dry-run (default) is report;\n"
          + "--dry-run=false quarantines, then purges that run's files with grace 0.",
      Set.of("schema", "all-schemas", "reference-scope", "force", "dry-run"), true, StoreLocking.ALWAYS, Ages.NONE);
  static final JobDescriptor HISTORY = new JobDescriptor("history",
      "Past executions from Spring Batch's tables, newest first (--limit=N, --store).", Set.of("limit"), false,
      StoreLocking.NEVER, Ages.NONE);
  static final JobDescriptor TRACE = new JobDescriptor("trace",
      "Everything dj-gc did to one file: --path=P (ledger rows and their transitions).", Set.of("path"), false,
      StoreLocking.NEVER, Ages.NONE);

  /** All of them. */
  public static final List<JobDescriptor> ALL = List.of(ReportJobConfiguration.JOB, QuarantineJobConfiguration.JOB,
      PurgeJobConfiguration.JOB, RestoreJobConfiguration.JOB, StatsJobConfiguration.JOB, VerifyJobConfiguration.JOB,
      COLLECT, HISTORY, TRACE);

  private JobCatalog() {}

  /** The job named {@code name}, if there is one. */
  public static Optional<JobDescriptor> find(String name) {
    return ALL.stream().filter(job -> job.name().equals(name)).findFirst();
  }

  /** The job named {@code name}, which the command line has already checked exists. */
  static JobDescriptor get(String name) {
    return find(name).orElseThrow(() -> new UsageException("Unknown job '" + name + "'"));
  }

  /** Whether {@code job} is {@code history} or {@code trace}: it reads the metadata and launches no execution. */
  static boolean isAudit(String job) {
    return HISTORY.name().equals(job) || TRACE.name().equals(job);
  }

  /** Every job's name, sorted, for messages. */
  static String names() {
    return String.join(", ", ALL.stream().map(JobDescriptor::name).sorted().toList());
  }
}
