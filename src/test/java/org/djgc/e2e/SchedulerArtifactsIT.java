package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The scheduler integrations under {@code jobs/} (cron, systemd, Airflow, Kubernetes): they parse,
 * they keep the exit-code contract, and every option they pass to {@code gc-batch.jar} is one its
 * {@code --help} documents, so a renamed or missing flag fails here rather than at 02:15.
 */
class SchedulerArtifactsIT {
  private static final Path ROOT = Path.of(System.getProperty("gc.repo.root", ".")).toAbsolutePath().normalize();
  private static final Path JOBS = ROOT.resolve("jobs");

  /** An option as written in a script, a unit, a manifest or Python: {@code --name} or {@code --name=value}. */
  private static final Pattern OPTION =
      Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*(?:\\.[A-Za-z0-9_<>*-]+)*)(?:=([^\\s\"'`),;\\]}|]*))?");
  /** Documented alternatives in the help: {@code --format=text|json}. */
  private static final Pattern ALTERNATIVES = Pattern.compile("--([a-z][a-z0-9-]*)=([a-z]+(?:\\|[a-z]+)+)");
  /** A setting named in the help: {@code gc.grace-seconds}, {@code gc.codecs.<name>}. */
  private static final Pattern SETTING = Pattern.compile("(?<![\\w.-])(gc\\.[a-z][a-z0-9.<>-]*[a-z>])");
  /** A job in the help's "Jobs:" section. */
  private static final Pattern JOB_LINE = Pattern.compile("^  ([a-z]+)\\s{2,}\\S");

  private static String help;

  @TempDir Path tmp;

  @BeforeAll
  static void readHelp(@TempDir Path dir) throws Exception {
    GcJar.Result result = GcJar.run(dir, Map.of(), "--help");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    help = result.out();
  }

  // ---------------------------------------------------------------------------------------------
  // Kubernetes

  @Test
  void kubernetesCronJobsForbidConcurrencyAndMountDataJointConfigBesideItsSecrets() throws IOException {
    List<Path> manifests = files(JOBS.resolve("k8s"), ".yaml", ".yml");
    assertThat(manifests).extracting(p -> p.getFileName().toString())
        .contains("cronjob-quarantine.yaml", "cronjob-purge.yaml");
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Path manifest : manifests) {
      List<Object> documents = new ArrayList<>();
      try (Reader reader = Files.newBufferedReader(manifest)) {
        yaml.loadAll(reader).forEach(documents::add);
      }
      assertThat(documents).as(manifest.toString()).isNotEmpty();
      for (Object document : documents) {
        Map<String, Object> doc = map(document, manifest);
        if (!"CronJob".equals(doc.get("kind"))) {
          continue;
        }
        String where = manifest.getFileName() + ": ";
        assertThat(doc.get("apiVersion")).as(where + "apiVersion").isEqualTo("batch/v1");
        Map<String, Object> spec = map(doc.get("spec"), manifest);
        assertThat(spec.get("concurrencyPolicy")).as(where + "concurrencyPolicy").isEqualTo("Forbid");
        Map<String, Object> job = map(map(spec.get("jobTemplate"), manifest).get("spec"), manifest);
        assertThat((Integer) job.get("backoffLimit")).as(where + "backoffLimit").isBetween(0, 3);
        Map<String, Object> pod = map(map(job.get("template"), manifest).get("spec"), manifest);
        assertThat(pod.get("restartPolicy")).as(where + "restartPolicy").isEqualTo("Never");
        Map<String, Object> podSecurity = map(pod.get("securityContext"), manifest);
        assertThat(podSecurity.get("runAsNonRoot")).as(where + "runAsNonRoot").isEqualTo(true);
        assertThat((Integer) podSecurity.get("runAsUser")).as(where + "runAsUser").isPositive();

        Map<String, Map<String, Object>> volumes = new HashMap<>();
        for (Object volume : list(pod.get("volumes"))) {
          volumes.put((String) map(volume, manifest).get("name"), map(volume, manifest));
        }
        List<Object> containers = list(pod.get("containers"));
        assertThat(containers).as(where + "containers").hasSize(1);
        Map<String, Object> container = map(containers.get(0), manifest);
        Map<String, Object> resources = map(container.get("resources"), manifest);
        assertThat(resources).as(where + "resources").containsKeys("requests", "limits");
        assertThat(map(container.get("securityContext"), manifest).get("allowPrivilegeEscalation"))
            .as(where + "allowPrivilegeEscalation").isEqualTo(false);
        String workingDir = (String) container.get("workingDir");
        assertThat(workingDir).as(where + "workingDir").isNotBlank();
        Map<String, String> mounts = new TreeMap<>();
        for (Object mount : list(container.get("volumeMounts"))) {
          Map<String, Object> m = map(mount, manifest);
          mounts.put((String) m.get("mountPath"), (String) m.get("name"));
        }
        // DataJoint's upward search from the working directory must find both, side by side.
        String config = mounts.get(workingDir + "/datajoint.json");
        String secrets = mounts.get(workingDir + "/.secrets");
        assertThat(config).as(where + "datajoint.json mounted in " + workingDir + ": " + mounts).isNotNull();
        assertThat(secrets).as(where + ".secrets/ mounted in " + workingDir + ": " + mounts).isNotNull();
        assertThat(volumes.get(config)).as(where + "datajoint.json's volume").containsKey("configMap");
        assertThat(volumes.get(secrets)).as(where + ".secrets' volume").containsKey("secret");
        assertThat(volumes.values().stream().filter(v -> v.containsKey("persistentVolumeClaim"))
            .map(v -> v.get("name")).filter(mounts::containsValue)).as(where + "a mounted store PVC").isNotEmpty();
      }
    }
  }

  @Test
  void kubernetesWorkersRunTheWorkerReadOnlyWithTheManagersConfigAndTheBrokerFromASecret() throws IOException {
    Path manifest = JOBS.resolve("k8s/workers-deployment.yaml");
    Map<String, Object> doc;
    try (Reader reader = Files.newBufferedReader(manifest)) {
      doc = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader), manifest);
    }
    assertThat(doc.get("kind")).isEqualTo("Deployment");
    Map<String, Object> pod = map(map(map(doc.get("spec"), manifest).get("template"), manifest).get("spec"), manifest);
    assertThat(map(pod.get("securityContext"), manifest).get("runAsNonRoot")).isEqualTo(true);
    Map<String, Object> container = map(list(pod.get("containers")).get(0), manifest);
    assertThat(list(container.get("command"))).contains("--worker", "/opt/dj-gc/gc-batch.jar");
    String workingDir = (String) container.get("workingDir");
    Map<String, Map<String, Object>> mounts = new TreeMap<>();
    for (Object mount : list(container.get("volumeMounts"))) {
      mounts.put((String) map(mount, manifest).get("mountPath"), map(mount, manifest));
    }
    // the same DataJoint config and secrets as the manager, found by the same upward search
    assertThat(mounts).containsKeys(workingDir + "/datajoint.json", workingDir + "/.secrets", "/data/store");
    // workers move and delete too: the store is writable
    assertThat(mounts.get("/data/store").get("readOnly")).isNotEqualTo(true);
    Map<String, Object> env = new TreeMap<>();
    for (Object variable : list(container.get("env"))) {
      env.put((String) map(variable, manifest).get("name"), map(variable, manifest));
    }
    for (String name : List.of("SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD")) {
      assertThat(map(env.get(name), manifest)).as(name).containsKey("valueFrom");
      assertThat(map(map(env.get(name), manifest).get("valueFrom"), manifest)).as(name).containsKey("secretKeyRef");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shell and cron

  @Test
  void shellScriptsPassBashSyntaxCheckAndShellcheckWhereInstalled() throws Exception {
    List<Path> scripts = files(JOBS, ".sh");
    assertThat(scripts).extracting(p -> p.getFileName().toString()).contains("dj-gc-run.sh");
    for (Path script : scripts) {
      Run run = run(JOBS, Map.of(), "bash", "-n", script.toString());
      assertThat(run.exitCode()).as("bash -n " + script + "\n" + run).isZero();
    }
    if (onPath("shellcheck")) {
      List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
      scripts.forEach(s -> command.add(s.toString()));
      Run run = run(JOBS, Map.of(), command.toArray(String[]::new));
      assertThat(run.exitCode()).as("shellcheck\n" + run).isZero();
    }
  }

  @Test
  void crontabRunsEachJobUnderFlockWithTheWrapper() throws IOException {
    Path crontab = JOBS.resolve("cron/dj-gc.crontab");
    String text = Files.readString(crontab);
    assertThat(text).as("cron ignores a last line without a newline").endsWith("\n");
    Map<String, String> jobs = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.matches("[A-Z_]+=.*")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+", 7);
      assertThat(fields).as("m h dom mon dow user command: " + line).hasSize(7);
      for (int i = 0; i < 5; i++) {
        assertThat(fields[i]).as("time field " + i + " of " + line).matches("[0-9*/,-]+");
      }
      String command = fields[6];
      assertThat(command).as(line).startsWith("flock -n ").contains("dj-gc-run.sh ");
      assertThat(command.replace("\\%", "")).as("an unescaped % ends a cron command: " + line).doesNotContain("%");
      Matcher job = Pattern.compile("dj-gc-run\\.sh ([a-z]+)").matcher(command);
      assertThat(job.find()).isTrue();
      jobs.put(job.group(1), command);
    }
    assertThat(jobs).containsKeys("quarantine", "purge");
    assertThat(jobs.get("quarantine")).contains("dj-gc-quarantine.lock");
    assertThat(jobs.get("purge")).contains("dj-gc-purge.lock");
  }

  @Test
  void wrapperRestartsAFailedExecutionOnceByItsIdAndLogsWithTimestamps() throws Exception {
    Wrapper wrapper = new Wrapper(tmp).env("STUB_EXIT", "5");
    Run run = wrapper.run("quarantine", "--force", "--gc.chunk-size=100");

    assertThat(run.exitCode()).as(run + wrapper.log()).isZero();
    assertThat(wrapper.calls()).containsExactly(
        "-Xmx64m -Dstub=a -jar " + wrapper.jar + " --job=quarantine --store=main --schema=lab,ephys"
            + " --log-format=json --metrics-file=" + wrapper.metrics + "/dj-gc-quarantine-main.prom"
            + " --force --gc.chunk-size=100",
        "-Xmx64m -Dstub=a -jar " + wrapper.jar + " --restart=77 --log-format=json --metrics-file="
            + wrapper.metrics + "/dj-gc-quarantine-main.prom --gc.chunk-size=100");
    List<String> log = wrapper.logLines();
    assertThat(log).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4} \\[quarantine\\] .*"));
    assertThat(String.join("\n", log)).contains("dj-gc: restart it with --restart=77",
        "restarting it once with --restart=77", "RESULT: OK", "exit 0: done");
    assertThat(run.err()).as("nothing for cron to mail").isEmpty();
  }

  @Test
  void wrapperDoesNotRetryARefusalALockOrARestartThatFailsAgain() throws Exception {
    Wrapper refused = new Wrapper(tmp.resolve("refused")).env("STUB_EXIT", "3");
    Run run = refused.run("quarantine");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(refused.calls()).hasSize(1);
    assertThat(refused.log()).contains("refused by a safety gate", "not retrying");
    assertThat(run.err()).contains("quarantine exited 3: refused by a safety gate");

    Wrapper locked = new Wrapper(tmp.resolve("locked")).env("STUB_EXIT", "4");
    assertThat(locked.run("purge").exitCode()).isEqualTo(4);
    assertThat(locked.calls()).hasSize(1);
    assertThat(locked.log()).contains("another run holds the store's lock");

    Wrapper twice = new Wrapper(tmp.resolve("twice")).env("STUB_EXIT", "5").env("STUB_RESTART_EXIT", "5");
    assertThat(twice.run("purge").exitCode()).isEqualTo(5);
    assertThat(twice.calls()).hasSize(2);
    assertThat(twice.log()).contains("the restart failed too", "--restart=78");
  }

  @Test
  void wrapperRunsTheRealJarWhichAcceptsEveryOptionItPasses() throws Exception {
    Path pipeline = Files.createDirectories(tmp.resolve("pipeline/analysis"));
    Files.writeString(pipeline.getParent().resolve("datajoint.json"), """
        {"database": {"host": "127.0.0.1", "port": 1, "user": "nobody", "password": "nothing"},
         "stores": {"default": "main", "main": {"protocol": "file", "location": "%s"}}}
        """.formatted(Files.createDirectories(tmp.resolve("store"))));
    Path log = tmp.resolve("log/dj-gc-quarantine.log");
    Map<String, String> env = new HashMap<>(Map.of(
        "JAVA_HOME", System.getProperty("java.home"), "DJGC_HOME", pipeline.toString(),
        "DJGC_JAR", GcJar.jar().toAbsolutePath().toString(), "DJGC_STORE", "main", "DJGC_SCHEMAS", "--all-schemas",
        "DJGC_METRICS_DIR", tmp.resolve("metrics").toString(), "DJGC_LOG_FORMAT", "json",
        "DJGC_LOG_FILE", log.toString(), "DJGC_RESTART_DELAY", "0"));

    Run run = run(tmp, env, "bash", JOBS.resolve("cron/dj-gc-run.sh").toString(), "quarantine",
        "--reference-scope=all");

    // The database is unreachable (port 1): a configuration error, found by upward search from a
    // subdirectory, after the command line was accepted.
    String text = Files.readString(log);
    assertThat(run.exitCode()).as(run + text).isEqualTo(2);
    assertThat(text).contains("Cannot connect to dj-gc's metadata database", "usage or configuration error")
        .doesNotContain("Unknown option", "Invalid --");
  }

  // ---------------------------------------------------------------------------------------------
  // Airflow

  @Test
  void pythonFilesCompileAndTheRunnerUnitTestsPassWithoutAirflow() throws Exception {
    Map<String, String> env = Map.of("PYTHONPYCACHEPREFIX", tmp.resolve("pycache").toString(),
        "PYTHONDONTWRITEBYTECODE", "1");
    List<Path> sources = files(JOBS, ".py");
    assertThat(sources).extracting(p -> p.getFileName().toString())
        .contains("dj_gc_dag.py", "dj_gc_runner.py", "test_dj_gc_runner.py");
    for (Path source : sources) {
      Run run = run(JOBS, env, "python3", "-m", "py_compile", source.toString());
      assertThat(run.exitCode()).as("py_compile " + source + "\n" + run).isZero();
    }
    Run tests = run(JOBS.resolve("airflow"), env, "python3", "-m", "unittest", "-v");
    assertThat(tests.exitCode()).as(tests.toString()).isZero();
    assertThat(tests.err()).contains("test_three_fails_without_retry_and_says_why", "\nOK");
  }

  // ---------------------------------------------------------------------------------------------
  // systemd

  @Test
  void systemdUnitsAreOneshotServicesOnPersistentTimersThatDoNotHideRefusalsOrFailures() throws Exception {
    Path dir = JOBS.resolve("systemd");
    for (String job : List.of("quarantine", "purge")) {
      Map<String, Map<String, List<String>>> service = unit(dir.resolve("dj-gc-" + job + ".service"));
      assertThat(service).containsKeys("Unit", "Service");
      Map<String, List<String>> s = service.get("Service");
      assertThat(s.get("Type")).containsExactly("oneshot");
      assertThat(s.get("ExecStart")).singleElement().asString().matches(".*(dj-gc-run\\.sh|gc-batch\\.jar).*")
          .contains(job);
      assertThat(s.get("EnvironmentFile")).singleElement().asString().endsWith("/etc/dj-gc/env");
      assertThat(s.get("SuccessExitStatus")).as("SuccessExitStatus").isNotNull();
      Set<String> success = s.get("SuccessExitStatus").stream().flatMap(v -> Arrays.stream(v.trim().split("\\s+")))
          .collect(Collectors.toSet());
      assertThat(success).as("exit 3 (refused) and 5 (failed) must fail the unit").doesNotContain("3", "5");

      Map<String, Map<String, List<String>>> timer = unit(dir.resolve("dj-gc-" + job + ".timer"));
      assertThat(timer).containsKeys("Unit", "Timer", "Install");
      Map<String, List<String>> t = timer.get("Timer");
      assertThat(t.get("OnCalendar")).isNotEmpty();
      assertThat(t.get("Persistent")).containsExactly("true");
      assertThat(t.get("RandomizedDelaySec")).isNotEmpty();
      assertThat(t.getOrDefault("Unit", List.of("dj-gc-" + job + ".service")))
          .containsExactly("dj-gc-" + job + ".service");
      assertThat(timer.get("Install").get("WantedBy")).containsExactly("timers.target");
    }
    Path systemUnits = Path.of("/usr/lib/systemd/system");
    if (onPath("systemd-analyze") && Files.isDirectory(systemUnits)) {
      // verify checks ExecStart and EnvironmentFile exist, so it runs in a root laid out as installed.
      Path root = tmp.resolve("root");
      copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
      Path wrapper = root.resolve("opt/dj-gc/bin/dj-gc-run.sh");
      Files.createDirectories(wrapper.getParent());
      Files.copy(JOBS.resolve("cron/dj-gc-run.sh"), wrapper);
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectories(root.resolve("etc/dj-gc"));
      Files.copy(JOBS.resolve("env.example"), root.resolve("etc/dj-gc/env"));
      Path installed = Files.createDirectories(root.resolve("etc/systemd/system"));
      List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root));
      for (Path unit : files(dir, ".service", ".timer")) {
        command.add(Files.copy(unit, installed.resolve(unit.getFileName())).toString());
      }
      Run run = run(tmp, Map.of(), command.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out() + run.err()).as("systemd-analyze verify warnings").isBlank();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The key check: every option the artifacts pass to the jar is documented by --help.

  @Test
  void everyOptionTheArtifactsPassToTheJarIsDocumentedByItsHelp() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher option = OPTION.matcher(help);
    while (option.find()) {
      documented.add(option.group(1));
    }
    Map<String, Set<String>> alternatives = new HashMap<>();
    Matcher alternative = ALTERNATIVES.matcher(help);
    while (alternative.find()) {
      alternatives.put(alternative.group(1), Set.of(alternative.group(2).split("\\|")));
    }
    Set<String> settings = new TreeSet<>();
    Matcher setting = SETTING.matcher(help);
    while (setting.find()) {
      settings.add(setting.group(1));
    }
    Set<String> jobs = jobsInHelp();
    assertThat(jobs).as("jobs parsed from --help").contains("report", "quarantine", "purge");

    List<String> undocumented = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (Map.Entry<Path, List<String>> source : optionSources().entrySet()) {
      List<String> lines = source.getValue();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = OPTION.matcher(lines.get(i));
        while (m.find()) {
          String name = m.group(1);
          String value = m.group(2);
          boolean concrete = value != null && value.matches("[a-z][a-z0-9-]*");
          used.add("--" + name + (concrete ? "=" + value : ""));
          String problem = problem(name, concrete ? value : null, documented, alternatives, settings, jobs);
          if (problem != null) {
            undocumented.add(ROOT.relativize(source.getKey()) + ":" + (i + 1) + ": " + m.group() + ": " + problem);
          }
        }
      }
    }
    assertThat(used).as("options found in the artifacts (is the scan still looking?)")
        .contains("--job=quarantine", "--job=purge", "--restart", "--store", "--schema", "--all-schemas",
            "--dj-config", "--metrics-file", "--log-format", "--log-format=json", "--job=history", "--run-key",
            "--execution-id-file");
    assertThat(undocumented).as("options the scheduler artifacts pass to gc-batch.jar that its --help does not"
        + " document\n--- help\n" + help).isEmpty();
  }

  private static String problem(String name, String value, Set<String> documented, Map<String, Set<String>> alternatives,
      Set<String> settings, Set<String> jobs) {
    int dot = name.indexOf('.');
    if (dot >= 0) {
      String prefix = name.substring(0, dot);
      if (prefix.equals("spring")) {
        return null;
      }
      if (!prefix.equals("gc")) {
        return "not an option: only gc.* and spring.* pass through";
      }
      if (!name.equals(name.toLowerCase()) || name.contains("<")) {
        return null; // a placeholder such as --gc.KEY=VALUE, as the help writes it
      }
      for (String s : settings) {
        if (name.matches(Pattern.quote(s).replaceAll("<[^>]+>", "\\\\E[^.]+\\\\Q"))) {
          return null;
        }
      }
      return "not a setting the help lists (" + settings + ")";
    }
    if (!documented.contains(name)) {
      return "--help does not document --" + name;
    }
    if (value != null && name.equals("job") && !jobs.contains(value)) {
      return "--help lists no job '" + value + "' (jobs: " + jobs + ")";
    }
    if (value != null && alternatives.containsKey(name) && !alternatives.get(name).contains(value)) {
      return "--help allows only " + alternatives.get(name);
    }
    return null;
  }

  private static Set<String> jobsInHelp() {
    Set<String> jobs = new TreeSet<>();
    boolean inJobs = false;
    for (String line : help.split("\n")) {
      if (line.startsWith("Jobs:")) {
        inJobs = true;
      } else if (inJobs && !line.isBlank() && !line.startsWith(" ")) {
        break;
      } else if (inJobs) {
        Matcher m = JOB_LINE.matcher(line);
        if (m.find()) {
          jobs.add(m.group(1));
        }
      }
    }
    return jobs;
  }

  /**
   * Where the artifacts write options for the jar: the wrapper and the crontab, the Exec lines of
   * the systemd units, the environment file, the Kubernetes manifests, the Airflow runner and DAG (not their unit
   * tests, which also feed the parser bad input on purpose), and the README's command lines.
   */
  private static Map<Path, List<String>> optionSources() throws IOException {
    Map<Path, List<String>> sources = new TreeMap<>();
    for (Path file : files(JOBS, ".sh", ".crontab", ".service", ".timer", ".yaml", ".yml", ".py", ".example")) {
      String name = file.getFileName().toString();
      if (name.endsWith(".service") || name.endsWith(".timer")) {
        // A unit passes options only on its Exec lines; its comments may quote systemctl's.
        sources.put(file, Files.readAllLines(file).stream().map(l -> l.startsWith("Exec") ? l : "").toList());
      } else if (!name.startsWith("test_")) {
        sources.put(file, Files.readAllLines(file));
      }
    }
    Path readme = JOBS.resolve("README.md");
    sources.put(readme, Files.readAllLines(readme).stream()
        .map(l -> l.contains("gc-batch.jar") || l.contains("dj-gc-run.sh") ? l : "").toList());
    return sources;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The cron wrapper against a stand-in {@code java} that records its arguments. */
  private static final class Wrapper {
    private static final String STUB = """
        #!/usr/bin/env bash
        printf '%s\\n' "$*" >>"$STUB_CALLS"
        idfile=""
        for arg in "$@"; do
          [[ $arg != --execution-id-file=* ]] || idfile=${arg#--execution-id-file=}
        done
        if [[ " $* " == *" --restart="* ]]; then
          [[ -z $idfile ]] || echo 78 >"$idfile"
          echo "2026-11-25T02:16:00.000Z INFO  [GcCommand] [job=quarantine store=main run=78] Restarting execution 77" >&2
          echo "dj-gc quarantine: store main, schemas [lab, ephys], execution 78"
          if [[ ${STUB_RESTART_EXIT:-0} == 5 ]]; then
            echo "dj-gc: quarantine execution 78 failed: store root unusable" >&2
            echo "dj-gc: restart it with --restart=78" >&2
          else
            echo "RESULT: OK"
          fi
          exit "${STUB_RESTART_EXIT:-0}"
        fi
        [[ ${STUB_EXIT:-0} == 4 || -z $idfile ]] || echo 77 >"$idfile"
        echo "2026-11-25T02:15:04.000Z INFO  [GcCommand] [job=quarantine store=main run=77] Listing" >&2
        case ${STUB_EXIT:-0} in
          3) echo "dj-gc: quarantine execution 77 refused: 2 reference finding(s)" >&2 ;;
          4) echo "dj-gc: store main is locked by another run" >&2 ;;
          5) echo "dj-gc: quarantine execution 77 failed: store root unusable" >&2
             echo "dj-gc: restart it with --restart=77" >&2 ;;
        esac
        exit "${STUB_EXIT:-0}"
        """;

    final Path dir;
    final Path jar;
    final Path metrics;
    final Path calls;
    final Path log;
    final Map<String, String> env = new HashMap<>();

    Wrapper(Path dir) throws IOException {
      this.dir = Files.createDirectories(dir);
      Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
      Files.writeString(java, STUB);
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path home = Files.createDirectories(dir.resolve("home"));
      jar = Files.writeString(home.resolve("gc-batch.jar"), "not a jar");
      metrics = dir.resolve("metrics");
      calls = dir.resolve("calls.txt");
      log = dir.resolve("log/dj-gc.log");
      env.putAll(Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "DJGC_HOME", home.toString(),
          "DJGC_STORE", "main", "DJGC_SCHEMAS", "lab ephys", "DJGC_METRICS_DIR", metrics.toString(),
          "DJGC_LOG_FORMAT", "json", "DJGC_LOG_FILE", log.toString(), "DJGC_RESTART_DELAY", "0",
          "JAVA_OPTS", "-Xmx64m -Dstub=a", "STUB_CALLS", calls.toString()));
    }

    Wrapper env(String name, String value) {
      env.put(name, value);
      return this;
    }

    Run run(String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of("bash", JOBS.resolve("cron/dj-gc-run.sh").toString()));
      command.addAll(List.of(args));
      return SchedulerArtifactsIT.run(dir, env, command.toArray(String[]::new));
    }

    /** The stub's command lines, each checked to end with the wrapper's --execution-id-file and shown without it. */
    List<String> calls() throws IOException {
      List<String> lines = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
      assertThat(lines).allMatch(l -> l.matches(".* --execution-id-file=\\S+"));
      return lines.stream().map(l -> l.replaceFirst(" --execution-id-file=\\S+$", "")).toList();
    }

    List<String> logLines() throws IOException {
      return Files.readAllLines(log);
    }

    String log() throws IOException {
      return Files.readString(log);
    }
  }

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs a command without the caller's dj-gc, DataJoint or Java settings leaking in. */
  private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile("sched-out", ".txt");
    Path err = Files.createTempFile("sched-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
            Path.of("/dev/null").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("DJ_") || k.startsWith("DJGC_") || k.startsWith("GC_")
        || k.equals("JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("did not finish within 3 minutes: " + List.of(command));
    }
    Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static List<Path> files(Path dir, String... suffixes) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("__pycache__"))
          .filter(p -> Arrays.stream(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isSymbolicLink(source)) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        } else if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** A systemd unit file: section, key, values (a key may repeat). */
  private static Map<String, Map<String, List<String>>> unit(Path file) throws IOException {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
        current = sections.computeIfAbsent(trimmed.substring(1, trimmed.length() - 1), k -> new LinkedHashMap<>());
        continue;
      }
      int eq = trimmed.indexOf('=');
      assertThat(current).as(file + ": a key before any section: " + line).isNotNull();
      assertThat(eq).as(file + ": not KEY=VALUE: " + line).isPositive();
      current.computeIfAbsent(trimmed.substring(0, eq).strip(), k -> new ArrayList<>())
          .add(trimmed.substring(eq + 1).strip());
    }
    return sections;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, Path file) {
    assertThat(value).as(file + ": expected a mapping").isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).as("expected a list").isInstanceOf(List.class);
    return (List<Object>) value;
  }
}
