package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Hadoop backend as an add-on (spec §12.1b): {@code gc-batch.jar} serves {@code file} and
 * {@code s3} stores on its own and stays under 40 MiB; {@code gc-hadoop.jar}, loaded with
 * {@code LOADER_PATH}, adds the Hadoop FileSystem backend and holds no class the jar has. The same
 * cycle runs without the add-on, with it beside the native backend, and through it; a store that
 * needs it is refused by name when it is missing, and an add-on of another build is refused too,
 * both before anything moves.
 */
class HadoopAddOnIT extends MainStoreTestBase {
  private static final long MIB = 1024 * 1024;

  private static final String BUCKET = "djgc-addon";
  private static final String ACCESS_KEY = "AKIDGCADDONACCESS";
  private static final String SECRET_KEY = "gcAddOnSecret/5e4d3c2b1a";

  @RegisterExtension
  final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();


  /** How a run reaches the store. */
  enum Mode {
    /** gc-batch.jar alone, its native file backend. */
    NATIVE(false, List.of()),
    /** The add-on on the class path changes nothing for a store on the native backend. */
    NATIVE_WITH_ADD_ON(true, List.of()),
    /** The store through Hadoop's local FileSystem, from the add-on. */
    HADOOP(true, List.of("--gc.hadoop.backend.main=hadoop"));

    final boolean addOn;
    final List<String> options;

    Mode(boolean addOn, List<String> options) {
      this.addOn = addOn;
      this.options = options;
    }
  }

  @Test
  void theJarIsSmallAndTheAddOnHoldsOnlyWhatTheJarLacks() throws Exception {
    Path jar = GcJar.jar();
    Path addOn = GcJar.hadoopAddOn();
    assertThat(Files.size(jar)).as("gc-batch.jar bytes").isLessThan(40 * MIB);

    Set<String> jarClasses = new HashSet<>();
    List<String> jarLibraries = new ArrayList<>();
    try (JarFile boot = new JarFile(jar.toFile())) {
      for (JarEntry entry : java.util.Collections.list(boot.entries())) {
        if (entry.getName().startsWith("BOOT-INF/classes/")) {
          addClass(jarClasses, entry.getName().substring("BOOT-INF/classes/".length()));
        } else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
          jarLibraries.add(entry.getName());
          try (ZipInputStream nested = new ZipInputStream(boot.getInputStream(entry))) {
            for (ZipEntry e = nested.getNextEntry(); e != null; e = nested.getNextEntry()) {
              addClass(jarClasses, e.getName());
            }
          }
        }
      }
    }
    assertThat(jarLibraries).noneMatch(name -> name.contains("hadoop") || name.contains("azure"));
    assertThat(jarClasses).noneMatch(name -> name.startsWith("org/apache/hadoop/"))
        .contains("org/djgc/core/storage/ObjectStores.class", "software/amazon/awssdk/services/s3/S3Client.class");

    Set<String> addOnClasses = new TreeSet<>();
    try (JarFile hadoop = new JarFile(addOn.toFile())) {
      java.util.Collections.list(hadoop.entries()).forEach(e -> addClass(addOnClasses, e.getName()));
      assertThat(new String(hadoop.getInputStream(hadoop.getEntry(
          "META-INF/services/org.djgc.core.storage.ObjectStoreProvider")).readAllBytes()).trim())
          .isEqualTo("org.djgc.core.storage.hadoop.HadoopStoreProvider");
    }
    assertThat(addOnClasses).contains("org/djgc/core/storage/hadoop/HadoopStoreProvider.class",
        "org/apache/hadoop/fs/FileSystem.class", "org/apache/hadoop/fs/s3a/S3AFileSystem.class",
        "org/apache/hadoop/fs/azurebfs/AzureBlobFileSystem.class");
    // one copy of every class: the add-on comes first on the class path, so a second copy would
    // replace the jar's own version of a library
    Set<String> both = new TreeSet<>(addOnClasses);
    both.retainAll(jarClasses);
    assertThat(both).isEmpty();
  }

  @Test
  void versionNamesTheBackendsThisRunCanUse() throws Exception {
    GcJar.Result without = GcJar.run(tmp, Map.of(), "--version");
    GcJar.Result with = GcJar.run(tmp, Map.of("LOADER_PATH", GcJar.hadoopAddOn().toString()), "--version");

    assertThat(without.exitCode()).isZero();
    assertThat(without.out()).contains("storage backends: native (file, s3); no hadoop add-on (LOADER_PATH=");
    assertThat(with.exitCode()).isZero();
    assertThat(with.out()).containsPattern("storage backends: native \\(file, s3\\); hadoop add-on \\d+\\.\\d+\\.\\d+");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theCycleRunsAlikeWithAndWithoutTheAddOn(Mode mode) throws Exception {
    Path config = buildPipeline("djgc_addon_" + mode.ordinal());
    Map<String, String> env = mode.addOn ? Map.of("LOADER_PATH", GcJar.hadoopAddOn().toString()) : Map.of();
    Map<String, String> initial = pipeline.files();

    GcJar.Result report = run(env, config, mode, "--job=report", "--format=json");
    assertThat(report.exitCode()).as(report.toString()).isZero();
    Set<String> reported = new TreeSet<>();
    JsonNode document = new ObjectMapper().readTree(report.out());
    document.get("orphans").forEach(o -> reported.add(o.get("path").asText()));
    assertThat(reported).isEqualTo(pipeline.orphans());
    // Hadoop names the store by its URI, file:///...; the native backend as file:/...
    if (mode == Mode.HADOOP) {
      assertThat(report.err()).contains("Listing file:///");
    } else {
      assertThat(report.err()).contains("Listing file:/").doesNotContain("Listing file:///");
    }

    GcJar.Result quarantine = run(env, config, mode, "--job=quarantine", "--gc.testing.clock-offset=P2D",
        "--gc.max-candidate-fraction=1");
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isZero();
    assertThat(pipeline.files().keySet()).containsAll(pipeline.live()).doesNotContainAnyElementsOf(pipeline.orphans());
    assertThat(pipeline.trashFiles()).hasSize(pipeline.orphans().size());
    assertThat(pipeline.states()).isEqualTo(Map.of("QUARANTINED", pipeline.orphans().size()));

    GcJar.Result purge = run(env, config, mode, "--job=purge", "--gc.testing.clock-offset=P10D");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    Map<String, String> left = pipeline.files();
    assertThat(left.keySet()).containsExactlyInAnyOrderElementsOf(pipeline.live());
    pipeline.live().forEach(path -> assertThat(left.get(path)).isEqualTo(initial.get(path)));
    assertThat(pipeline.states()).isEqualTo(Map.of("PURGED", pipeline.orphans().size()));
  }

  /**
   * An S3 store through the add-on's S3A, whose AWS SDK classes come from gc-batch.jar: the split
   * class path works for the backend that shares the most with the jar.
   */
  @Test
  void anS3StoreRunsTheCycleThroughTheAddOnsS3a() throws Exception {
    pipeline = new MainStorePipeline(DB, tmp.resolve("staging"), "djgc_addon_s3a");
    pipeline.build();
    try (S3Client s3 = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ACCESS_KEY, SECRET_KEY))).build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
      pipeline.files().keySet().forEach(path -> s3.putObject(b -> b.bucket(BUCKET).key("dj/" + path),
          RequestBody.fromFile(pipeline.root().resolve(path))));
      Map<String, Object> spec = new java.util.LinkedHashMap<>();
      spec.put("protocol", "s3");
      spec.put("endpoint", s3proxy.getUri().getHost() + ":" + s3proxy.getUri().getPort());
      spec.put("bucket", BUCKET);
      spec.put("location", "dj");
      spec.put("secure", false);
      spec.put("access_key", ACCESS_KEY);
      spec.put("secret_key", SECRET_KEY);
      Path config = pipeline.writeConfig(tmp.resolve("project"), spec);
      Map<String, String> env = Map.of("LOADER_PATH", GcJar.hadoopAddOn().toString());

      GcJar.Result report = run(env, config, Mode.HADOOP, "--job=report", "--format=json");
      assertThat(report.exitCode()).as(report.toString()).isZero();
      Set<String> reported = new TreeSet<>();
      new ObjectMapper().readTree(report.out()).get("orphans").forEach(o -> reported.add(o.get("path").asText()));
      assertThat(reported).isEqualTo(pipeline.orphans());
      assertThat(report.err()).contains("s3a://" + BUCKET);

      GcJar.Result quarantine = run(env, config, Mode.HADOOP, "--job=quarantine", "--gc.testing.clock-offset=P2D",
          "--gc.max-candidate-fraction=1");
      assertThat(quarantine.exitCode()).as(quarantine.toString()).isZero();
      assertThat(keys(s3)).containsAll(prefixed(pipeline.live())).doesNotContainAnyElementsOf(
          prefixed(pipeline.orphans()));
      assertThat(pipeline.states()).isEqualTo(Map.of("QUARANTINED", pipeline.orphans().size()));

      GcJar.Result purge = run(env, config, Mode.HADOOP, "--job=purge", "--gc.testing.clock-offset=P10D");
      assertThat(purge.exitCode()).as(purge.toString()).isZero();
      // S3A leaves an empty directory marker ("dj/_trash/<run>/") where it deleted a directory's last file
      assertThat(keys(s3)).filteredOn(key -> !key.endsWith("/"))
          .containsExactlyInAnyOrderElementsOf(prefixed(pipeline.live()));
      assertThat(pipeline.states()).isEqualTo(Map.of("PURGED", pipeline.orphans().size()));
      assertThat(report.out() + report.err() + quarantine.out() + quarantine.err() + purge.out() + purge.err())
          .doesNotContain(SECRET_KEY);
    }
  }

  private static Set<String> keys(S3Client s3) {
    Set<String> keys = new TreeSet<>();
    s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(o -> keys.add(o.key()));
    return keys;
  }

  private static Set<String> prefixed(Set<String> paths) {
    Set<String> keys = new TreeSet<>();
    paths.forEach(path -> keys.add("dj/" + path));
    return keys;
  }

  @Test
  void aStoreThatNeedsHadoopIsRefusedByNameWithoutTheAddOnAndNothingMoves() throws Exception {
    Path config = buildPipeline("djgc_addon_missing");
    Map<String, String> initial = pipeline.files();

    for (String job : List.of("report", "quarantine")) {
      GcJar.Result refused = run(Map.of(), config, Mode.HADOOP, "--job=" + job, "--gc.testing.clock-offset=P2D");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.err()).contains("stores.main: protocol 'file' needs the Hadoop FileSystem backend,"
          + " which gc-batch.jar does not contain: add dj-gc's Hadoop add-on with LOADER_PATH=/path/to/gc-hadoop.jar");
    }
    assertThat(pipeline.files()).isEqualTo(initial);
    assertThat(pipeline.ledgerRows()).isEmpty();
  }

  @Test
  void anAddOnOfAnotherBuildIsRefusedAndNothingMoves() throws Exception {
    Path config = buildPipeline("djgc_addon_other");
    Map<String, String> initial = pipeline.files();
    Path other = withVersion(GcJar.hadoopAddOn(), "0.0.1-other", tmp.resolve("other/gc-hadoop.jar"));

    GcJar.Result refused = run(Map.of("LOADER_PATH", other.toString()), config, Mode.HADOOP, "--job=quarantine",
        "--gc.testing.clock-offset=P2D");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("the hadoop add-on on the class path is version 0.0.1-other but gc-batch.jar"
        + " is version ");
    assertThat(pipeline.files()).isEqualTo(initial);
    assertThat(pipeline.ledgerRows()).isEmpty();
  }

  private GcJar.Result run(Map<String, String> env, Path config, Mode mode, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store=" + MainStorePipeline.STORE, "--schema=" + pipeline.schema(), "--dj-config=" + config,
        "--gc.work-dir=" + tmp.resolve("work")));
    all.addAll(mode.options);
    return GcJar.run(List.of(GcJar.TESTING_SWITCH), tmp, env, all.toArray(String[]::new));
  }

  /** A class file's name, without the multi-release prefix; other entries are left out. */
  private static void addClass(Set<String> classes, String name) {
    if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
      return;
    }
    classes.add(name.startsWith("META-INF/versions/") ? name.replaceFirst("^META-INF/versions/\\d+/", "") : name);
  }

  /** A copy of {@code jar} whose manifest says {@code version}: the add-on of another build. */
  private static Path withVersion(Path jar, String version, Path copy) throws IOException {
    Files.createDirectories(copy.getParent());
    try (JarFile source = new JarFile(jar.toFile());
        OutputStream out = Files.newOutputStream(copy)) {
      Manifest manifest = new Manifest(source.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      try (JarOutputStream target = new JarOutputStream(out, manifest)) {
        for (JarEntry entry : java.util.Collections.list(source.entries())) {
          if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
            continue;
          }
          target.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
    }
    return copy;
  }
}
