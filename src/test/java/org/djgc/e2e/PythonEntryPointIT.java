package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python entry point ({@code python/}, issue 13): its unit tests against a stand-in java, then
 * {@code it_dj_gc.py} against the packaged jar on a real pipeline: report, quarantine, stats,
 * restore and history return the jar's JSON; bad input raises {@code UsageError} with its message.
 */
class PythonEntryPointIT {
  private static final Path ROOT = Path.of(System.getProperty("gc.repo.root", ".")).toAbsolutePath().normalize();
  private static final String SCHEMA = "gcpy_a";
  private static final String META = "djgc_py_meta";
  private static final String STORE = "py";

  @TempDir Path tmp;
  private OrphanBlobPipeline pipeline;

  @BeforeEach
  void pipeline() {
    pipeline = new OrphanBlobPipeline(TestDatabase.get(), tmp, SCHEMA, META, STORE);
  }

  @AfterEach
  void drop() {
    pipeline.drop();
  }

  @Test
  void thePythonPackageDrivesTheJar() throws Exception {
    // when
    ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "-v", "test_dj_gc", "it_dj_gc")
        .directory(ROOT.resolve("python/tests").toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("python.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DJ_") || k.equals("JAVA_OPTS"));
    builder.environment().putAll(java.util.Map.of(
        "JAVA_HOME", System.getProperty("java.home"),
        "DJ_GC_JAR", GcJar.jar().toAbsolutePath().toString(),
        "DJ_GC_IT_CONFIG", pipeline.project().resolve("datajoint.json").toString(),
        "DJ_GC_IT_STORE", STORE, "DJ_GC_IT_SCHEMA", SCHEMA,
        "DJ_GC_IT_ORPHAN", pipeline.orphan(), "DJ_GC_IT_LIVE", pipeline.live(),
        "DJ_GC_IT_STORE_ROOT", pipeline.store().toString(),
        "GC_METADATA_DATABASE", META, "GC_WORK_DIR", tmp.resolve("work").toString()));
    Process python = builder.start();
    assertThat(python.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(tmp.resolve("python.log"));

    // then: every test ran and passed, and the pipeline's state is what they left
    assertThat(python.exitValue()).as(log).isZero();
    assertThat(log).contains("Ran 7 tests", "OK").doesNotContain("skipped");
    assertThat(pipeline.query("SELECT state FROM gc_quarantine")).isEqualTo(List.of("RESTORED"));
    assertThat(pipeline.files("_trash")).isEmpty();
  }
}
