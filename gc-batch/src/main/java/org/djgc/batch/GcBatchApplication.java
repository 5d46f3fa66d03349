package org.djgc.batch;

import java.io.PrintStream;
import org.djgc.batch.cli.CommandLine;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cli.FailureReporter;
import org.djgc.batch.cli.GcCommand;
import org.djgc.batch.cli.Usage;
import org.djgc.batch.cli.UsageException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code gc-batch.jar} entry point: parses the command line, starts Spring, runs one job. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GcBatchApplication {

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err).code());
  }

  /** {@code dj-gc <version> (Java <version>)}, the version from the jar's manifest. */
  public static String version() {
    String version = GcBatchApplication.class.getPackage().getImplementationVersion();
    return "dj-gc " + (version == null ? "(development build, not a packaged jar)" : version) + " (Java "
        + Runtime.version() + ")";
  }

  /** Runs one command and returns its exit code; never calls {@link System#exit}. */
  public static ExitCode run(String[] given, PrintStream out, PrintStream err) {
    if (given.length == 0) {
      // a bare call: what to type, and exit 2 so a scheduler never mistakes it for a run
      out.print(Usage.TEXT);
      return ExitCode.USAGE;
    }
    String[] args = org.djgc.batch.cli.Arguments.normalize(given);
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (UsageException e) {
      err.println("dj-gc: " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (commandLine.help()) {
      out.print(commandLine.job() == null ? Usage.TEXT : Usage.forJob(commandLine.job()));
      return ExitCode.OK;
    }
    if (commandLine.version()) {
      out.println(version());
      out.println(org.djgc.core.storage.ObjectStores.describe());
      return ExitCode.OK;
    }
    // Spring Batch stamps its tables with the JVM's local time (LocalDateTime.now()): in UTC, the
    // stamps of managers, workers and hosts in other zones agree, and history prints them with Z
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(java.time.ZoneOffset.UTC));
    SpringApplication application = new SpringApplication(GcBatchApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setDefaultProperties(dashedEnvironmentAliases(System.getenv()));
    java.util.List<String> profiles = new java.util.ArrayList<>();
    if (commandLine.jsonLogs()) {
      profiles.add("json-logs");
    }
    if (commandLine.worker()) {
      profiles.add("worker");
    }
    if (commandLine.debug()) {
      profiles.add("debug");
    }
    application.setAdditionalProfiles(profiles.toArray(String[]::new));
    org.slf4j.MDC.put("job", commandLine.worker() ? "worker" : commandLine.job() == null ? "restart"
        : commandLine.job());
    commandLine.store().ifPresent(store -> org.slf4j.MDC.put("store", store));
    if (!commandLine.schemas().isEmpty()) {
      org.slf4j.MDC.put("schemas", String.join(",", commandLine.schemas()));
    }
    application.addListeners((org.springframework.context.ApplicationListener<
        org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent>) event ->
        org.djgc.batch.cli.SettingsCheck.check(event.getEnvironment()));
    application.addInitializers(context -> {
      org.djgc.batch.config.TestingHooks.refuseUnlessActive(context.getEnvironment());
      context.getBeanFactory().registerSingleton("commandLine", commandLine);
      context.getBeanFactory().registerSingleton("console", new Console(out, err));
    });
    ConfigurableApplicationContext context = null;
    try {
      context = start(application, args);
      String readOnly = org.djgc.batch.cli.ReadOnlyMetadata.reason(context, commandLine);
      if (readOnly != null) {
        // the same run again, with Spring Batch's in-memory job repository: nothing is recorded
        context.close();
        profiles.add(org.djgc.batch.cli.ReadOnlyMetadata.PROFILE);
        application.setAdditionalProfiles(profiles.toArray(String[]::new));
        err.println("dj-gc: " + readOnly);
        context = start(application, args);
      }
      if (commandLine.worker()) {
        context.getBean(org.djgc.batch.job.remote.Worker.class).awaitEnd();
        return ExitCode.OK;
      }
      return context.getBean(GcCommand.class).execute(commandLine);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    } catch (RuntimeException e) {
      return FailureReporter.report(e, commandLine.job(), commandLine.format(), commandLine.debug(), out, err);
    } finally {
      if (context != null) {
        context.close();
      }
      org.slf4j.MDC.clear();
    }
  }

  /**
   * Starts the context, one at a time in a JVM: Spring Boot reconfigures Logback for each context,
   * and Logback's reconfiguration is not safe against a concurrent one (a test's in-process worker
   * starting while the test's own run starts failed with an {@code ArrayIndexOutOfBoundsException}).
   */
  private static ConfigurableApplicationContext start(SpringApplication application, String[] args) {
    synchronized (GcBatchApplication.class) {
      return application.run(args);
    }
  }

  /**
   * {@code GC_GRACE_SECONDS} → {@code gc.grace-seconds}: the spelling operators write (and design
   * §6 promises). Boot's own mapping reads it as {@code gc.grace.seconds}; these aliases have the
   * lowest precedence, so Boot's canonical names and {@code --gc.*} options still win.
   */
  static java.util.Map<String, Object> dashedEnvironmentAliases(java.util.Map<String, String> environment) {
    java.util.Map<String, Object> aliases = new java.util.HashMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith("GC_") && name.length() > 3) {
        String key = name.substring(3).toLowerCase(java.util.Locale.ROOT);
        String group = NESTED_GROUPS.stream().filter(g -> key.startsWith(g + "_") && key.length() > g.length() + 1)
            .findFirst().orElse(null);
        aliases.put(group == null ? "gc." + key.replace('_', '-')
            : "gc." + group + "." + key.substring(group.length() + 1).replace('_', '-'), value);
      }
    });
    return aliases;
  }

  /** Groups of nested settings: {@code GC_REMOTE_WORKER_IDLE_EXIT} → {@code gc.remote.worker-idle-exit}. */
  private static final java.util.List<String> NESTED_GROUPS = java.util.List.of("remote", "metadata", "testing");

  /**
   * Where a command prints: reports on {@code out}, one-line outcomes and errors on {@code err}
   * (the process's streams, or a test's).
   */
  public record Console(PrintStream out, PrintStream err) {}
}
