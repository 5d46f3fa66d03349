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
  /** {@code TEXT} or {@code JSON} (not identifying). */
  public static final String FORMAT = "format";

  private JobParameterNames() {}
}
