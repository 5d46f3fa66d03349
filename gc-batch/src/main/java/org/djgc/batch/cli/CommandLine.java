package org.djgc.batch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.support.JobDescriptor;

/**
 * The parsed command line. Options with a dot ({@code --gc.grace-seconds=...}, {@code
 * --spring.datasource.url=...}) are Spring properties and pass through untouched; every other
 * option must be one of dj-gc's, or parsing fails naming it.
 *
 * @param job the job name, or null with {@code --restart} or {@code --help}
 * @param store the store, or empty for {@code stores.default}
 * @param schemas the requested schemas, in order given
 * @param allSchemas whether {@code --all-schemas} was given
 * @param format output format
 * @param djConfig an explicit {@code datajoint.json}
 * @param restart a job execution id to restart
 * @param crossSchemaReferences false with {@code --reference-scope=requested}
 * @param help whether {@code --help} was given
 * @param force whether {@code --force} overrides the count gates
 * @param restoreFilter {@code restore}'s selection
 * @param rebuildLedger {@code verify --rebuild-ledger}
 * @param dryRun {@code collect --dry-run} (default true, as upstream)
 * @param limit how many executions {@code history} shows
 * @param metricsFile where to write Prometheus metrics at the end of a run
 * @param jsonLogs whether {@code --log-format=json} was given
 * @param worker {@code --worker}: run partitions of other processes' runs, taken from RabbitMQ
 * @param remotePartitions {@code --remote-partitions=N}: scan in N partitions run by workers
 * @param executionIdFile {@code --execution-id-file=PATH}: where the id of each job execution is
 *     written as it starts, for schedulers that restart a failed run by its id
 * @param version {@code --version}: print the build's version and stop
 * @param debug {@code --debug}: stack traces with failures, and dj-gc's DEBUG logs
 * @param list {@code report --list}: the text report prints every orphan, not only the summary
 * @param runKey {@code --run-key=K}: a scheduler's name for this run; launching it again restarts
 *     the execution that carries it (or, when that completed, does nothing)
 */
public record CommandLine(String job, Optional<String> store, List<String> schemas, boolean allSchemas,
    OutputFormat format, Optional<Path> djConfig, Optional<Long> restart, boolean crossSchemaReferences,
    boolean help, boolean force, RestoreFilter restoreFilter, boolean rebuildLedger, boolean dryRun, int limit,
    Optional<Path> metricsFile, boolean jsonLogs, boolean worker, Optional<Integer> remotePartitions,
    Optional<Path> executionIdFile, boolean version, boolean debug, boolean list, Optional<String> runKey) {

  /** Options every command takes. */
  static final Set<String> COMMON_OPTIONS = Set.of("help", "version", "debug", "job", "store", "format",
      "dj-config", "log-format",
      "metrics-file", "execution-id-file", "run-key");
  /** Options of a {@code --worker}: it takes everything else from the runs it serves. */
  static final Set<String> WORKER_OPTIONS = Set.of("help", "debug", "worker", "dj-config", "log-format");
  /** Options of a {@code --restart}: the execution brings its job, store, schemas and filters. */
  static final Set<String> RESTART_OPTIONS = Set.of("help", "debug", "restart", "format", "dj-config", "log-format",
      "metrics-file", "execution-id-file");

  public CommandLine {
    schemas = List.copyOf(schemas);
  }

  /**
   * Parses arguments.
   *
   * @throws UsageException naming the offending argument
   */
  public static CommandLine parse(String[] args) {
    String job = null;
    Optional<String> store = Optional.empty();
    List<String> schemas = new ArrayList<>();
    boolean allSchemas = false;
    OutputFormat format = OutputFormat.TEXT;
    Optional<Path> djConfig = Optional.empty();
    Optional<Long> restart = Optional.empty();
    boolean crossSchema = true;
    boolean help = false;
    boolean force = false;
    boolean rebuildLedger = false;
    boolean dryRun = true;
    Optional<String> path = Optional.empty();
    Optional<String> glob = Optional.empty();
    Optional<Long> quarantineRun = Optional.empty();
    Optional<java.time.Instant> since = Optional.empty();
    Optional<java.time.Instant> until = Optional.empty();
    int limit = 20;
    Optional<Path> metricsFile = Optional.empty();
    boolean jsonLogs = false;
    boolean worker = false;
    Optional<Integer> remotePartitions = Optional.empty();
    Optional<Path> executionIdFile = Optional.empty();
    boolean version = false;
    boolean debug = false;
    boolean list = false;
    Optional<String> runKey = Optional.empty();
    Set<String> given = new java.util.LinkedHashSet<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new UsageException("Unexpected argument '" + arg + "' (options start with --; see --help)");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      if (name.contains(".")) {
        continue;
      }
      given.add(name);
      switch (name) {
        case "help" -> help = true;
        case "version" -> version = true;
        case "debug" -> debug = flag(name, value);
        case "list" -> list = flag(name, value);
        case "run-key" -> runKey = Optional.of(RunKeys.check(required(name, value)));
        case "job" -> job = required(name, value);
        case "store" -> store = Optional.of(required(name, value));
        case "schema" -> {
          for (String schema : required(name, value).split(",")) {
            if (!schema.isBlank()) {
              schemas.add(schema.strip());
            }
          }
        }
        case "all-schemas" -> allSchemas = flag(name, value);
        case "format" -> format = format(required(name, value));
        case "dj-config" -> djConfig = Optional.of(Path.of(required(name, value)));
        case "restart" -> restart = Optional.of(executionId(name, required(name, value)));
        case "reference-scope" -> crossSchema = referenceScope(required(name, value));
        case "force" -> force = flag(name, value);
        case "rebuild-ledger" -> rebuildLedger = flag(name, value);
        case "dry-run" -> dryRun = flag(name, value);
        case "path" -> path = Optional.of(required(name, value));
        case "glob" -> glob = Optional.of(required(name, value));
        case "quarantine-run" -> quarantineRun = Optional.of(executionId(name, required(name, value)));
        case "since" -> since = Optional.of(instant(name, required(name, value)));
        case "until" -> until = Optional.of(instant(name, required(name, value)));
        case "limit" -> limit = (int) executionId(name, required(name, value));
        case "metrics-file" -> metricsFile = Optional.of(Path.of(required(name, value)));
        case "log-format" -> jsonLogs = logFormat(required(name, value));
        case "worker" -> worker = flag(name, value);
        case "remote-partitions" -> remotePartitions = Optional.of(partitions(name, required(name, value)));
        case "execution-id-file" -> executionIdFile = Optional.of(Path.of(required(name, value)));
        default -> throw new UsageException("Unknown option --" + name + Arguments.nearestOption(name)
            .map(near -> "; did you mean --" + near + "?").orElse("") + " (see --help)");
      }
    }
    CommandLine line = new CommandLine(job, store, schemas, allSchemas, format, djConfig, restart, crossSchema, help,
        force, new RestoreFilter(path, glob, quarantineRun, since, until), rebuildLedger, dryRun, limit, metricsFile,
        jsonLogs, worker, remotePartitions, executionIdFile, version, debug, list, runKey);
    if (!help && !version) {
      line.validate();
      line.checkOptionsTaken(given);
    }
    return line;
  }

  private void validate() {
    if (worker) {
      if (job != null || restart.isPresent()) {
        throw new UsageException("--worker takes no --job or --restart: it runs partitions of the runs managers send");
      }
      return;
    }
    if (restart.isPresent()) {
      if (job != null) {
        throw new UsageException("--restart takes no --job: the execution already names its job");
      }
      return;
    }
    if (job == null) {
      throw new UsageException("Missing --job (one of " + JobCatalog.names() + ")");
    }
    if (JobCatalog.find(job).isEmpty()) {
      throw new UsageException("Unknown job '" + job + "'" + Arguments.nearest(job, JobCatalog.ALL.stream()
          .map(JobDescriptor::name).toList()).map(near -> "; did you mean " + near + "?").orElse("") + " (one of "
          + JobCatalog.names() + ")");
    }
    if (allSchemas && !schemas.isEmpty()) {
      throw new UsageException("Give either --schema or --all-schemas, not both");
    }
    if (JobCatalog.get(job).needsSchemas() && !allSchemas && schemas.isEmpty()) {
      throw new UsageException("Missing --schema=NAME (repeatable) or --all-schemas");
    }
    if (job.equals("restore") && restoreFilter.isEmpty() && schemas.isEmpty()) {
      throw new UsageException("restore needs a selection: --path, --glob, --schema, --quarantine-run, --since"
          + " or --until");
    }
    if (job.equals("trace") && restoreFilter.path().isEmpty()) {
      throw new UsageException("trace needs --path=P (an original path in the store)");
    }
    if (format == OutputFormat.CSV && !job.equals("report")) {
      throw new UsageException("--format=csv belongs to --job=report (its orphans as rows); " + job
          + " prints text or json");
    }
    if (runKey.isPresent() && (JobCatalog.isAudit(job) || job.equals(JobCatalog.COLLECT.name()))) {
      throw new UsageException("--run-key names a run of a job that launches one execution; " + job + " takes none");
    }
    if (rebuildLedger && !job.equals("verify")) {
      throw new UsageException("--rebuild-ledger belongs to --job=verify");
    }
  }

  private void checkOptionsTaken(Set<String> given) {
    if (worker) {
      for (String option : given) {
        if (!WORKER_OPTIONS.contains(option)) {
          throw new UsageException("--" + option + " is not an option of --worker; it takes --dj-config, --log-format"
              + " and gc.* settings");
        }
      }
      return;
    }
    Set<String> taken = restart.isPresent() ? RESTART_OPTIONS : new java.util.HashSet<>(COMMON_OPTIONS);
    if (restart.isEmpty()) {
      taken.addAll(JobCatalog.get(job).options());
    }
    for (String option : given) {
      if (taken.contains(option)) {
        continue;
      }
      String what = restart.isPresent() ? "--restart" : "--job=" + job;
      if (option.equals("dry-run")) {
        throw new UsageException("--dry-run is not an option of " + what + ": nothing would be left undone."
            + " --job=report shows what quarantine would move, --job=stats what purge would delete");
      }
      List<String> options = taken.stream().filter(o -> !o.equals("help")).sorted().map(o -> "--" + o).toList();
      throw new UsageException("--" + option + " is not an option of " + what + (restart.isPresent()
          ? " (the execution brings its job, store, schemas and filters)" : "") + "; it takes "
          + String.join(", ", options));
    }
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException("Option --" + name + " needs a value: --" + name + "=...");
    }
    return value;
  }

  private static boolean flag(String name, String value) {
    if (value == null || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new UsageException("Option --" + name + " takes no value, got '" + value + "'");
  }

  private static int partitions(String name, String value) {
    try {
      int partitions = Integer.parseInt(value);
      if (partitions >= 2 && partitions <= org.djgc.batch.config.GcProperties.MAX_PARTITIONS) {
        return partitions;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("Invalid --" + name + " '" + value + "' (expected 2 to "
        + org.djgc.batch.config.GcProperties.MAX_PARTITIONS + " partitions)");
  }

  private static OutputFormat format(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json" -> OutputFormat.JSON;
      case "text" -> OutputFormat.TEXT;
      case "csv" -> OutputFormat.CSV;
      default -> throw new UsageException("Invalid --format '" + value + "' (expected text, json or csv)");
    };
  }

  private static long executionId(String name, String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("Invalid --" + name + " '" + value + "' (expected a job execution id)");
  }

  private static java.time.Instant instant(String name, String value) {
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException again) {
        throw new UsageException("Invalid --" + name + " '" + value
            + "' (expected an ISO-8601 time such as 2026-11-25T10:00:00Z, or a date)");
      }
    }
  }

  private static boolean logFormat(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json" -> true;
      case "text" -> false;
      default -> throw new UsageException("Invalid --log-format '" + value + "' (expected text or json)");
    };
  }

  private static boolean referenceScope(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "all" -> true;
      case "requested" -> false;
      default -> throw new UsageException("Invalid --reference-scope '" + value + "' (expected all or requested)");
    };
  }
}
