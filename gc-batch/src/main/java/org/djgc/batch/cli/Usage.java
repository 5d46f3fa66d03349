package org.djgc.batch.cli;

import org.djgc.batch.job.support.JobDescriptor;

/** The {@code --help} text: every flag and exit code; the jobs from their descriptors ({@link JobCatalog}). */
public final class Usage {
  private Usage() {}

  public static final String TEXT = """
      dj-gc: transaction-safe garbage collection for DataJoint object storage

      Usage:
        java -jar gc-batch.jar --job=JOB [--store=NAME] (--schema=S ... | --all-schemas) [options]
        java -jar gc-batch.jar JOB [options]          (the same; JOB --help lists its options)
        java -jar gc-batch.jar --restart=<jobExecutionId>
        java -jar gc-batch.jar --worker
        java -jar gc-batch.jar --help
        java -jar gc-batch.jar --version

      Jobs:
      %s

      Options:
        --store=NAME            Store from DataJoint's config (default: stores.default).
        --schema=S              Schema whose sections are examined; repeat or comma-separate.
        --all-schemas           Every schema on the server with a column declared on the store.
        --reference-scope=all|requested
                                Where references are read: 'all' (default) reads every schema on
                                the server that uses the store, since rows may point into another
                                schema's section; 'requested' reads only --schema (warns).
        --format=text|json|csv  Output on stdout (default text). Logs go to stderr. csv: report's
                                orphans as rows (path, size, section, schema, table, attribute).
        --list                  report: print every orphan after the summary (by table and
                                attribute, the largest, the monthly cost).
        --dj-config=PATH        datajoint.json to use (default: searched upward from the working
                                directory, as DataJoint does; .secrets/ beside it; DJ_* env).
        --restart=ID            Restart a failed, stopped or killed execution (a killed one only once its
                                process is proven gone). Re-runs discovery; ledger progress is kept.
                                Grace, min-age and clock skew are the ones stored at launch.
        --force                 Override the count gates (zero references, gc.max-candidate-fraction,
                                gc.max-candidates). Never overrides findings, scan errors or locks.
        --path=P --glob=G --quarantine-run=ID --since=T --until=T
                                restore's selection (AND-combined; T is ISO-8601 or a date).
        --remote-partitions=N   report, quarantine, purge: run the scan, the moves and the deletes in N
                                (2 to 4096) partitions that workers take from RabbitMQ
                                (spring.rabbitmq.*); this process discovers, heals, verifies and
                                reports. Without workers it fails after gc.remote.timeout (exit 5,
                                restartable); a restart re-runs only unfinished scan and move partitions.
        --worker                Run partitions that managers send, until stopped (SIGTERM) or idle for
                                gc.remote.worker-idle-exit. Needs the managers' DataJoint config and
                                metadata database; holds no lock: each partition first proves its
                                manager still holds the run's locks.
        --rebuild-ledger        verify: insert rows for untracked trash files, mark missing ones.
        --dry-run=true|false    collect only (default true).
        --limit=N               history: how many executions (default 20).
        --metrics-file=PATH     Write the run's metrics in Prometheus text format (node_exporter's
                                textfile collector); gc.metrics.pushgateway-url also pushes them.
        --execution-id-file=PATH
                                Write each job execution's id to PATH as it starts (whole, by a
                                rename), for schedulers that restart a failed run with --restart=ID.
        --run-key=K             A scheduler's name for this run (Airflow's {{ run_id }}, a cron date):
                                launched again with the same key, job and store it restarts the
                                failed execution, or does nothing when that run completed.
        --log-format=text|json  Logs on stderr as text (default) or JSON (ECS), with job, store,
                                schemas and run (execution id) in every line.
        --help, -h              This text; with a job, that job's options.
        --version               The build's version (from the jar's manifest) and Java's.
        --debug                 A failure's stack trace after its one-line message, and DEBUG logs.
                                An option the job does not take is an error (exit 2), never ignored.
                                A value follows its option after = or a space; an unknown option
                                is named with the nearest known one.
        --gc.KEY=VALUE          Any dj-gc setting (see README), e.g. --gc.codecs.mycodec=schema;
                                an unknown gc.* key is an error naming the nearest valid one.
        --spring.KEY=VALUE      Any Spring Boot setting.

      Settings (application.yml, GC_* environment or --gc.*):
        gc.codecs.<name>=hash|schema|ignore
                                Declare a custom codec; an undeclared codec on a storage column
                                makes every run refuse (exit 3).
        gc.metadata.database    dj-gc's database beside the pipeline (default datajoint_gc): Spring
                                Batch's BATCH_* tables.
        gc.metadata.url         JDBC URL of a different metadata server (user/password from
                                gc.metadata.username / gc.metadata.password).
        gc.trash-prefix         Reserved trash prefix inside the store (default _trash).
        gc.unknown-stores=protect|refuse
                                Rows naming a store this config does not know protect their paths
                                (default protect, with a WARN and a count); refuse also exits 3.
        gc.collect-user-file-sections
                                Collect sections that can hold <filepath@> user files (an empty
                                prefix without filepath_prefix); skipped otherwise (default false).
        gc.work-dir             Scratch space for sorted spill files (default: {java.io.tmpdir}/dj-gc-{user.name}).
        gc.sort-buffer-records  Records sorted in memory before spilling (default 100000).
        gc.listing-threads      Sections listed concurrently in a whole scan (default 2).
        gc.partitions           Partitions (key ranges of sections) report and quarantine scan in (default 1).
        gc.partition-threads    Partitions one process scans at once (default 2).
        gc.partitioning=local|remote
                                Partitions on threads here (default) or on --worker processes;
                                --remote-partitions=N is gc.partitions=N with remote.
        gc.remote.queue         RabbitMQ queue of partition requests (default djgc.partitions).
        gc.remote.timeout       A manager fails when no worker takes a partition this long (default PT5M).
        gc.remote.poll-interval How often a manager reads its partitions' state (default PT2S).
        gc.remote.worker-idle-exit  A worker stops after this long without a partition (default: never).
        gc.work-retention       How long a failed partitioned run's slice files wait for its restart (P7D).
        gc.grace-seconds        Minimum quarantine time before purge (default 604800, floor 86400).
        gc.min-object-age       Younger files are never quarantined (default PT24H, floor PT1H).
        gc.clock-skew           Margin for storage/database clocks (default PT5M).
        gc.allow-unsafe-ages    Allow grace or min-age below their floors (default false).
        gc.max-candidate-fraction  Refuse when candidates exceed this share of files (default 0.5).
        gc.max-candidates       Refuse when more files would move or be deleted (default 0: no limit).
        gc.chunk-size           Files per committed chunk (default 500).
        gc.connect-timeout      How long connecting to a database server may take (default PT10S).
        gc.report.top           How many of the largest orphans report names (default 10).
        gc.report.price-per-gb-month
                                Price of a GB-month, for report's estimated cost (default 0.023).

      Exit codes:
        0  done            1  done with per-object errors     2  usage or configuration error
        3  refused by a safety gate (findings, scan errors)   4  another run holds the lock
        5  failed: restart with --restart=<jobExecutionId>
      """.formatted(jobs());

  /**
   * The help of one job ({@code gc-batch.jar purge --help}): its description, how to call it, and
   * the entries of {@link #TEXT} for the options it takes; the whole text for a name that is not a job.
   */
  public static String forJob(String name) {
    java.util.Optional<JobDescriptor> found = JobCatalog.find(name);
    if (found.isEmpty()) {
      return TEXT;
    }
    JobDescriptor job = found.get();
    java.util.Set<String> taken = new java.util.HashSet<>(CommandLine.COMMON_OPTIONS);
    taken.addAll(job.options());
    taken.remove("job");
    StringBuilder text = new StringBuilder("dj-gc ").append(job.name()).append(": ")
        .append(job.description().replace("\n", " ")).append("\n\nUsage:\n  java -jar gc-batch.jar ")
        .append(job.name()).append(" [--store=NAME]")
        .append(job.needsSchemas() ? " (--schema=S ... | --all-schemas)" : "")
        .append(" [options]\n  java -jar gc-batch.jar --job=")
        .append(job.name()).append(" ... (the same)\n\nOptions:\n");
    for (String entry : optionEntries()) {
      java.util.regex.Matcher names = java.util.regex.Pattern.compile("--([a-z-]+)").matcher(entry.split("  +", 3)[1]);
      boolean takes = false;
      while (names.find()) {
        takes |= taken.contains(names.group(1));
      }
      if (takes) {
        text.append(entry);
      }
    }
    return text.append("\nSettings (--gc.KEY=VALUE) and exit codes: java -jar gc-batch.jar --help\n").toString();
  }

  /** The entries of {@link #TEXT}'s options section: an option line and the lines that continue it. */
  private static java.util.List<String> optionEntries() {
    String section = TEXT.substring(TEXT.indexOf("\nOptions:\n") + "\nOptions:\n".length(),
        TEXT.indexOf("\nSettings "));
    java.util.List<String> entries = new java.util.ArrayList<>();
    StringBuilder entry = null;
    for (String line : section.split("\n")) {
      if (line.startsWith("  --")) {
        if (entry != null) {
          entries.add(entry.toString());
        }
        entry = new StringBuilder();
      }
      if (entry != null && !line.isBlank()) {
        entry.append(line).append('\n');
      }
    }
    if (entry != null) {
      entries.add(entry.toString());
    }
    return entries;
  }

  /** Each job's name in a 12-column field, then its description, continuation lines indented. */
  private static String jobs() {
    StringBuilder text = new StringBuilder();
    for (JobDescriptor job : JobCatalog.ALL) {
      String[] lines = job.description().split("\n");
      text.append("  ").append(String.format("%-12s", job.name())).append(lines[0]).append('\n');
      for (int i = 1; i < lines.length; i++) {
        text.append(" ".repeat(14)).append(lines[i]).append('\n');
      }
    }
    return text.toString().stripTrailing();
  }
}
