package org.djgc.batch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
 */
public record CommandLine(String job, Optional<String> store, List<String> schemas, boolean allSchemas,
    OutputFormat format, Optional<Path> djConfig, Optional<Long> restart, boolean crossSchemaReferences,
    boolean help) {

  /** Jobs this build knows. */
  public static final Set<String> JOBS = Set.of("report");

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
      switch (name) {
        case "help" -> help = true;
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
        case "restart" -> restart = Optional.of(executionId(required(name, value)));
        case "reference-scope" -> crossSchema = referenceScope(required(name, value));
        default -> throw new UsageException("Unknown option --" + name + " (see --help)");
      }
    }
    CommandLine line = new CommandLine(job, store, schemas, allSchemas, format, djConfig, restart, crossSchema, help);
    if (!help) {
      line.validate();
    }
    return line;
  }

  private void validate() {
    if (restart.isPresent()) {
      if (job != null) {
        throw new UsageException("--restart takes no --job: the execution already names its job");
      }
      return;
    }
    if (job == null) {
      throw new UsageException("Missing --job (one of " + String.join(", ", JOBS.stream().sorted().toList()) + ")");
    }
    if (!JOBS.contains(job)) {
      throw new UsageException("Unknown job '" + job + "' (one of " + String.join(", ", JOBS.stream().sorted().toList())
          + ")");
    }
    if (allSchemas == !schemas.isEmpty()) {
      throw new UsageException(allSchemas ? "Give either --schema or --all-schemas, not both"
          : "Missing --schema=NAME (repeatable) or --all-schemas");
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

  private static OutputFormat format(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json" -> OutputFormat.JSON;
      case "text" -> OutputFormat.TEXT;
      default -> throw new UsageException("Invalid --format '" + value + "' (expected text or json)");
    };
  }

  private static long executionId(String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("Invalid --restart '" + value + "' (expected a job execution id)");
  }

  private static boolean referenceScope(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "all" -> true;
      case "requested" -> false;
      default -> throw new UsageException("Invalid --reference-scope '" + value + "' (expected all or requested)");
    };
  }
}
