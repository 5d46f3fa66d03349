package org.djgc.batch.job.support;

import java.time.Duration;
import org.djgc.batch.config.GcProperties;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The age settings one execution runs with, from one source: its job parameters (spec §7.10).
 * A launch stores them ({@code graceSeconds} for purge, {@code minObjectAge} and {@code clockSkew}
 * for quarantine); a restart re-uses the stored values, and gate G5 judges exactly those
 * (spec §8.4). An execution launched before a value was stored runs with the current setting.
 *
 * @param graceSeconds grace of a purge
 * @param minObjectAge minimum object age of a quarantine
 * @param clockSkew the storage/database clock margin of a quarantine
 * @param fromSettings names of the values that were not stored and come from the current settings
 */
public record RunAges(long graceSeconds, Duration minObjectAge, Duration clockSkew,
    java.util.List<String> fromSettings) {

  /** The current settings, for a new launch. */
  public static RunAges configured(GcProperties properties) {
    return new RunAges(properties.graceSeconds(), properties.minObjectAge(), properties.clockSkew(),
        java.util.List.of());
  }

  /** The values stored with an execution; any value not stored comes from {@code properties}. */
  public static RunAges stored(JobParameters parameters, GcProperties properties) {
    java.util.List<String> fallback = new java.util.ArrayList<>();
    Long grace = parameters.getLong(JobParameterNames.GRACE_SECONDS);
    String minAge = parameters.getString(JobParameterNames.MIN_OBJECT_AGE);
    String skew = parameters.getString(JobParameterNames.CLOCK_SKEW);
    if (grace == null) {
      fallback.add("gc.grace-seconds");
    }
    if (minAge == null) {
      fallback.add("gc.min-object-age");
    }
    if (skew == null) {
      fallback.add("gc.clock-skew");
    }
    return new RunAges(grace != null ? grace : properties.graceSeconds(),
        minAge != null ? Duration.parse(minAge) : properties.minObjectAge(),
        skew != null ? Duration.parse(skew) : properties.clockSkew(), java.util.List.copyOf(fallback));
  }

  /** Stores the quarantine's minimum age and clock-skew margin as job parameters. */
  public JobParametersBuilder addQuarantineParameters(JobParametersBuilder parameters) {
    return parameters.addString(JobParameterNames.MIN_OBJECT_AGE, minObjectAge.toString())
        .addString(JobParameterNames.CLOCK_SKEW, clockSkew.toString());
  }
}
