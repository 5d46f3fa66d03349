package org.djgc.batch.job.support;

import java.util.Set;

/**
 * What the command line, the usage text and the launcher know about one job, declared beside the
 * job itself ({@code *JobConfiguration.JOB}) and registered once, in the CLI's {@code JobCatalog}.
 * Nothing else lists jobs: parsing, {@code --help}, the schema requirement, the store lock and the
 * age parameters all come from here.
 *
 * @param name the {@code --job} value and the Spring Batch job's name
 * @param description the job's lines in {@code --help} (wrapped at 90 columns, without indent)
 * @param options the options it takes besides the common ones; any other is an error
 * @param needsSchemas whether it examines sections and so needs {@code --schema} or {@code --all-schemas}
 * @param locking when it takes the store lock (and adopts ledger rows) before it starts
 * @param ages which age settings it checks and stores as job parameters
 */
public record JobDescriptor(String name, String description, Set<String> options, boolean needsSchemas,
    StoreLocking locking, Ages ages) {

  public JobDescriptor {
    options = Set.copyOf(options);
  }

  /** When a job takes the store lock. */
  public enum StoreLocking {
    /** Read-only: never. */
    NEVER,
    /** Moves or deletes files, or changes ledger rows: always. */
    ALWAYS,
    /** Only with {@code --rebuild-ledger} ({@code verify}). */
    WHEN_REBUILDING_LEDGER;

    public boolean locks(boolean rebuildLedger) {
      return this == ALWAYS || (this == WHEN_REBUILDING_LEDGER && rebuildLedger);
    }
  }

  /** The age settings a job launches with (spec §7). */
  public enum Ages {
    NONE,
    /** {@code gc.min-object-age} and {@code gc.clock-skew}: what is too young to quarantine. */
    QUARANTINE,
    /** {@code gc.grace-seconds}: what has waited long enough to purge. */
    PURGE
  }
}
