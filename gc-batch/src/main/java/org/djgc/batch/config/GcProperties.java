package org.djgc.batch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.djgc.core.layout.StoreLayout;
import org.djgc.core.quarantine.AgePolicy;
import org.djgc.core.sort.ExternalSorter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * dj-gc's own settings, under {@code gc.} (application.yml, {@code GC_*} environment variables,
 * {@code --gc.*} options). DataJoint's settings (database, stores) come from DataJoint's config.
 *
 * @param codecs custom codecs: name → {@code hash}, {@code schema} or {@code ignore}
 * @param trashPrefix the reserved trash prefix inside each store
 * @param workDir scratch directory for spill files; empty means {@code {java.io.tmpdir}/dj-gc-{user.name}}
 * @param sortBufferRecords records sorted in memory before spilling to disk
 * @param listingThreads sections listed concurrently in a run that scans each section whole
 * @param partitionThreads partitions a process scans concurrently, with {@code partitions} > 1
 *     (each holds up to {@code sortBufferRecords})
 * @param partitioning {@code local} (default): partitions run on threads of the process that runs
 *     the job; {@code remote}: on worker processes ({@code --worker}) over RabbitMQ, as {@code
 *     --remote-partitions} asks
 * @param partitions how many partitions {@code report} and {@code quarantine} scan in, over all
 *     sections (1 to {@value #MAX_PARTITIONS}; 1, the default, scans each section whole): each
 *     section is cut into {@code ceil(partitions / sections)} key ranges, at most 32, each a
 *     partition step
 * @param metadata where Spring Batch's tables and the ledger live
 * @param remote remote partitioning over RabbitMQ: the manager's waits and the worker's queue
 * @param workRetention how long the slice files of a failed partitioned run stay for its restart
 *     to reuse (the files of a completed run go when it completes)
 * @param graceSeconds minimum time an object stays quarantined before purge may delete it
 * @param minObjectAge objects younger than this (at the run's start, less the skew) are never
 *     quarantined
 * @param clockSkew margin for clocks of storage and database servers
 * @param maxCandidateFraction refuse a quarantine whose candidates exceed this share of the listed
 *     files, unless {@code --force}
 * @param maxCandidates refuse a run that would move or delete more than this many files, unless
 *     {@code --force} (0 = no limit)
 * @param allowUnsafeAges allow grace or min-age below their floors
 * @param chunkSize files per chunk (one commit of progress)
 * @param storageConcurrency storage calls (moves, deletes) a chunk makes at once, and rows restored,
 *     healed or recovered at once, 1 to {@value
 *     #MAX_STORAGE_CONCURRENCY}; 0 (the default) takes the backend's own default (64 for S3, 16 for
 *     Hadoop, 4 for a local directory)
 * @param testing hooks for tests and drills only
 * @param hadoop the Hadoop FileSystem backend: configuration and per-store choices
 * @param unknownStores {@code protect} (default) or {@code refuse}: rows naming a store the
 *     configuration does not know always protect their paths; {@code refuse} also fails closed
 * @param collectUserFileSections collect sections that can also hold user ({@code <filepath@>})
 *     files: with an empty prefix and no {@code filepath_prefix} fencing them off, such sections
 *     are skipped unless this is true
 * @param report what the {@code report} job's summary shows
 * @param connectTimeout how long connecting to a database server may take before the run fails
 *     naming it (the pipeline's and the metadata's; 1 s to 10 min)
 */
@ConfigurationProperties(prefix = "gc")
public record GcProperties(
    @DefaultValue Map<String, String> codecs,
    @DefaultValue(StoreLayout.DEFAULT_TRASH_PREFIX) String trashPrefix,
    Path workDir,
    @DefaultValue("" + ExternalSorter.DEFAULT_MAX_IN_MEMORY) int sortBufferRecords,
    @DefaultValue("2") int listingThreads,
    @DefaultValue("1") int partitions,
    @DefaultValue("2") int partitionThreads,
    @DefaultValue("local") String partitioning,
    @DefaultValue Metadata metadata,
    @DefaultValue Remote remote,
    @DefaultValue("P7D") Duration workRetention,
    @DefaultValue("" + AgePolicy.DEFAULT_GRACE_SECONDS) long graceSeconds,
    @DefaultValue("PT24H") Duration minObjectAge,
    @DefaultValue("PT5M") Duration clockSkew,
    @DefaultValue("0.5") double maxCandidateFraction,
    @DefaultValue("0") long maxCandidates,
    @DefaultValue("false") boolean allowUnsafeAges,
    @DefaultValue("500") int chunkSize,
    @DefaultValue("0") int storageConcurrency,
    @DefaultValue Testing testing,
    @DefaultValue Hadoop hadoop,
    @DefaultValue("protect") String unknownStores,
    @DefaultValue("false") boolean collectUserFileSections,
    @DefaultValue Report report,
    @DefaultValue("PT10S") Duration connectTimeout) {

  /**
   * The metadata database.
   *
   * @param database database on the DataJoint server (default {@code datajoint_gc})
   * @param url a full JDBC URL of another server instead; then {@code username}/{@code password}
   * @param username user for {@code url}
   * @param password password for {@code url}
   */
  public record Metadata(@DefaultValue("datajoint_gc") String database, String url, String username,
      String password) {
    @Override
    public String toString() {
      return "Metadata[database=" + database + ", url=" + url + ", username=" + username + "]";
    }
  }

  /**
   * Remote partitioning (spec §4.6b).
   *
   * @param queue the RabbitMQ queue partitions travel on; managers and workers of one metadata
   *     database use the same one (a worker refuses requests of another metadata database)
   * @param timeout a manager fails (exit 5, restartable) when partitions wait this long with no
   *     worker taking any, or as soon as a worker running one is gone
   * @param pollInterval how often the manager reads its partitions' state from the job repository
   * @param workerIdleExit a worker stops (exit 0) after this long without a partition; unset: it
   *     runs until stopped
   */
  public record Remote(@DefaultValue("djgc.partitions") String queue, @DefaultValue("PT5M") Duration timeout,
      @DefaultValue("PT2S") Duration pollInterval, Duration workerIdleExit) {}

  /**
   * The {@code report} job's summary.
   *
   * @param top how many of the largest orphans it names (0: none)
   * @param pricePerGbMonth what keeping one GB (10^9 bytes) for a month costs where the store lives,
   *     for the estimated monthly cost of the orphans (default: S3 Standard's list price in USD)
   */
  public record Report(@DefaultValue("10") int top, @DefaultValue("0.023") double pricePerGbMonth) {
    public Report {
      if (top < 0 || top > 10_000) {
        throw new org.djgc.core.config.ConfigurationException("Invalid gc.report.top: " + top
            + " (expected 0 to 10000)");
      }
      if (!(pricePerGbMonth >= 0) || Double.isInfinite(pricePerGbMonth)) {
        throw new org.djgc.core.config.ConfigurationException("Invalid gc.report.price-per-gb-month: "
            + pricePerGbMonth + " (expected a price of 0 or more)");
      }
    }
  }

  /**
   * Test and drill hooks; never set in production.
   *
   * @param clockOffset added to the database clock (simulates time passing)
   * @param crashAt {@code point[:n]}: halt the JVM (as kill -9 would) the n-th time a crash point
   *     is reached
   */
  public record Testing(@DefaultValue("PT0S") Duration clockOffset, String crashAt) {}

  /**
   * The Hadoop FileSystem backend (azure, gcs, and any store switched to it). Map keys contain dots
   * and store names may contain characters Spring normalises, so write them in brackets:
   * {@code gc.hadoop.conf[fs.azure.account.hns.enabled]=true},
   * {@code gc.hadoop.backend[my_store]=hadoop}, {@code gc.hadoop.uri[volumes]=dbfs:/Volumes/c/s/v/dj}.
   *
   * @param conf Hadoop configuration keys for every Hadoop-backed store; they win over the keys
   *     dj-gc derives from the DataJoint store spec
   * @param backend store name → {@code native} or {@code hadoop}; unset means native for
   *     {@code file}/{@code s3} and Hadoop for {@code azure}/{@code gcs}
   * @param uri store name → the Hadoop URI of the store root, replacing the derived one (HDFS,
   *     Databricks volumes); implies the Hadoop backend
   */
  public record Hadoop(@DefaultValue Map<String, String> conf, @DefaultValue Map<String, String> backend,
      @DefaultValue Map<String, String> uri) {
    @Override
    public String toString() {
      return "Hadoop[conf keys=" + (conf == null ? "[]" : new java.util.TreeSet<>(conf.keySet())) + ", backend="
          + backend + ", uri=" + (uri == null ? "{}" : uri.keySet()) + "]";
    }
  }

  /** The most storage calls at once {@code gc.storage-concurrency} may ask for. */
  public static final int MAX_STORAGE_CONCURRENCY = org.djgc.core.storage.BackendOptions.MAX_STORAGE_CONCURRENCY;

  /** The most partitions {@code gc.partitions} may ask for. */
  public static final int MAX_PARTITIONS = 4096;

  public GcProperties {
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new org.djgc.core.config.ConfigurationException("gc.partitions must be between 1 and " + MAX_PARTITIONS
          + ", found " + partitions);
    }
    if (!partitioning.equals("local") && !partitioning.equals("remote")) {
      throw new org.djgc.core.config.ConfigurationException("gc.partitioning must be local or remote, found '"
          + partitioning + "'");
    }
    if (workRetention != null && (workRetention.isNegative() || workRetention.isZero())) {
      throw new org.djgc.core.config.ConfigurationException("gc.work-retention must be positive, found "
          + workRetention);
    }
    if (partitionThreads < 1) {
      throw new org.djgc.core.config.ConfigurationException("gc.partition-threads must be at least 1, found "
          + partitionThreads);
    }
    if (remote != null && (remote.pollInterval().isNegative() || remote.pollInterval().isZero()
        || remote.timeout().compareTo(remote.pollInterval()) <= 0)) {
      throw new org.djgc.core.config.ConfigurationException("gc.remote.timeout (" + remote.timeout()
          + ") must be longer than gc.remote.poll-interval (" + remote.pollInterval() + "), which must be positive");
    }
    if (connectTimeout != null && (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || connectTimeout.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw new org.djgc.core.config.ConfigurationException("gc.connect-timeout must be between PT1S and PT10M,"
          + " found " + connectTimeout);
    }
    if (storageConcurrency < 0 || storageConcurrency > MAX_STORAGE_CONCURRENCY) {
      throw new org.djgc.core.config.ConfigurationException("gc.storage-concurrency must be between 0 (the"
          + " backend's default) and " + MAX_STORAGE_CONCURRENCY + ", found " + storageConcurrency);
    }
  }

  /** {@code gc.storage-concurrency} for {@code store}: the setting, or the backend's default when it is 0. */
  public int storageConcurrency(org.djgc.core.storage.ObjectStore store) {
    return storageConcurrency == 0 ? store.capabilities().concurrency() : storageConcurrency;
  }

  /** {@code gc.unknown-stores}, parsed. */
  public org.djgc.core.reference.UnknownStorePolicy unknownStorePolicy() {
    return org.djgc.core.reference.UnknownStorePolicy.parse(unknownStores);
  }

  /** Whether {@code gc.partitioning=remote}. */
  public boolean remotePartitioning() {
    return partitioning.equals("remote");
  }

  /**
   * The scratch directory: {@code gc.work-dir}, else {@code {java.io.tmpdir}/dj-gc-{user.name}}, one
   * per user (a directory shared by users is one only its creator can write).
   */
  public Path workDirectory() {
    if (workDir != null) {
      return workDir;
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "dj-gc-" + user);
  }
}
