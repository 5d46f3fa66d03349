package org.djgc.batch.job.support;

/**
 * Job parameter keys. The identifying ones ({@link #STORE}, {@link #SCHEMAS}, {@link
 * #CROSS_SCHEMA}, {@link #RUN_TIME}) define a job instance: every launch is a new instance (its
 * run time differs), and {@code --restart=<id>} continues an existing one.
 */
public final class JobParameterNames {
  /** The store name (identifying). */
  public static final String STORE = "store";
  /** Comma-separated requested schemas (identifying). */
  public static final String SCHEMAS = "schemas";
  /** {@code true} when references are read from every schema using the store (identifying). */
  public static final String CROSS_SCHEMA = "crossSchema";
  /** Epoch milliseconds when the run was launched (identifying). */
  public static final String RUN_TIME = "runTime";
  /** {@code true} when {@code --force} overrides the count gates (not identifying). */
  public static final String FORCE = "force";
  /**
   * {@code false} when the run has no record in the metadata database (in-memory job repository:
   * a user that cannot write it, spec §12.1c; not identifying); absent otherwise.
   */
  public static final String RECORDED = "recorded";

  /** Whether the execution launched with {@code parameters} has a record in the metadata database. */
  public static boolean recorded(org.springframework.batch.core.job.parameters.JobParameters parameters) {
    return !"false".equals(parameters.getString(RECORDED));
  }

  /** Restore filters (identifying): exact path, glob, quarantining execution, time bounds. */
  public static final String PATH = "path";
  public static final String GLOB = "glob";
  public static final String QUARANTINE_RUN = "quarantineRun";
  public static final String SINCE = "since";
  public static final String UNTIL = "until";
  /** {@code true} for {@code verify --rebuild-ledger} (identifying). */
  public static final String REBUILD_LEDGER = "rebuildLedger";
  /** Grace in seconds for this run (identifying; {@code collect} uses 0). */
  public static final String GRACE_SECONDS = "graceSeconds";
  /** {@code gc.min-object-age} at launch, ISO-8601 (identifying; quarantine, and collect's quarantine). */
  public static final String MIN_OBJECT_AGE = "minObjectAge";
  /** {@code gc.clock-skew} at launch, ISO-8601 (identifying; quarantine, and collect's quarantine). */
  public static final String CLOCK_SKEW = "clockSkew";
  /** Purge only rows quarantined by this execution ({@code collect}), 0 for all (identifying). */
  public static final String ONLY_EXECUTION = "onlyExecution";
  /**
   * {@code gc.partitions} at launch (identifying): how the scan is cut into slices, so a restart
   * cuts it the same way; absent in executions launched before it existed (then 1).
   */
  public static final String PARTITIONS = "partitions";
  /** {@code remote} when partitions go to worker processes over RabbitMQ; absent: threads of this process. */
  public static final String PARTITIONING = "partitioning";
  /** {@code TEXT}, {@code JSON} or, for {@code report}, {@code CSV} (not identifying). */
  public static final String FORMAT = "format";
  /** {@code report --list}: the text report prints every orphan (not identifying). */
  public static final String LIST = "list";

  private JobParameterNames() {}
}
