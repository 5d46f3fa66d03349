package org.djgc.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * gc-core's domain packages name no backend and no framework (issue 12): only the backend packages
 * ({@code storage.local}, {@code storage.s3}, {@code storage.hadoop}) and the JDBC adapters
 * ({@code *.jdbc}) know the AWS SDK, Hadoop or SQL, and nothing in gc-core knows Spring. Read from
 * the sources, imports and fully qualified names alike.
 */
class DomainDependenciesTest {
  private static final Path CORE = Path.of("src/main/java/org/djgc/core");
  private static final List<String> DOMAIN = List.of("config", "error", "layout", "lock", "orphan", "progress",
      "quarantine", "reference", "sort", "storage");
  private static final List<String> BACKENDS = List.of("org.djgc.core.storage.local", "org.djgc.core.storage.s3",
      "org.djgc.core.storage.hadoop", "org.djgc.core.quarantine.jdbc", "org.djgc.core.reference.jdbc",
      "software.amazon", "org.apache.hadoop");

  @Test
  void domainPackagesNameNoBackend() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String pkg : DOMAIN) {
      try (Stream<Path> files = Files.list(CORE.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          String source = Files.readString(file);
          BACKENDS.stream().filter(source::contains).forEach(b -> violations.add(CORE.relativize(file) + " → " + b));
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void nothingInCoreNamesSpring() throws IOException {
    try (Stream<Path> files = Files.walk(CORE)) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
        try {
          return Files.readString(f).contains("import org.springframework");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(CORE::relativize)).isEmpty();
    }
  }

  @Test
  void theCheckSeesTheSources() {
    assertThat(CORE.resolve("storage/ObjectStore.java")).exists();
    DOMAIN.forEach(pkg -> assertThat(CORE.resolve(pkg)).isDirectory());
  }
}
