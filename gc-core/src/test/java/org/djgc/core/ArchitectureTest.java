package org.djgc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout is the architecture (issue 12): gc-core has no Spring; its domain packages (the
 * model, the ports, the orphan logic) import no storage backend, no cloud or Hadoop SDK and no
 * JDBC driver; SQL lives only in the JDBC adapters (the {@code jdbc} and {@code lock} packages,
 * and classes named {@code Jdbc*} beside the port they implement). Backends other than the local
 * one are modules of their own ({@code gc-storage-s3}, {@code gc-storage-hadoop}): gc-core's class
 * path carries neither the AWS SDK nor Hadoop.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/org/djgc/core");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  /** A qualified name in code: imports, and names written out in full. */
  private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z]\\w*\\.){2,}[A-Za-z]\\w*)");
  /** Comments, text blocks and string literals: words, not dependencies. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"");
  private static final List<String> BACKENDS = List.of("org.djgc.core.storage.s3.", "org.djgc.core.storage.hadoop.",
      "org.djgc.core.storage.local.", "software.amazon.", "org.apache.hadoop.", "com.azure.", "com.google.cloud.",
      "com.mysql.", "org.mariadb.", "org.postgresql.");

  @Test
  void gcCoreUsesNoSpring() throws IOException {
    assertThat(references(SOURCES)).isNotEmpty().noneMatch(i -> i.imported().startsWith("org.springframework."));
  }

  @Test
  void gcCoreCarriesNoCloudSdkAndNoHadoop() {
    for (String sdk : List.of("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk.core.SdkClient",
        "org.apache.hadoop.fs.FileSystem", "org.apache.hadoop.conf.Configuration")) {
      assertThatThrownBy(() -> Class.forName(sdk, false, getClass().getClassLoader())).as(sdk)
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void domainPackagesUseNoBackendAndNoDriver() throws IOException {
    List<Import> domain = references(SOURCES).stream().filter(i -> !i.inBackend()).toList();
    assertThat(domain).isNotEmpty();
    assertThat(domain).allSatisfy(i -> assertThat(BACKENDS).as(i.toString())
        .noneMatch(backend -> i.imported().startsWith(backend)));
  }

  @Test
  void sqlLivesOnlyInTheJdbcAdapters() throws IOException {
    assertThat(imports(SOURCES).stream().filter(i -> i.imported().startsWith("java.sql.")
        || i.imported().startsWith("javax.sql.")).map(Import::file))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(file.toString()).as("a JDBC adapter")
            .matches(".*/(jdbc|lock)/\\w+\\.java|.*/Jdbc\\w+\\.java"));
  }

  /** One import, or qualified name, of one source file. */
  private record Import(Path file, String imported) {
    /** Whether the file is a storage backend (its own SDK is its business). */
    boolean inBackend() {
      String path = file.toString();
      return path.contains("/storage/s3/") || path.contains("/storage/hadoop/") || path.contains("/storage/local/");
    }
  }

  /** Every qualified name in the code (comments and strings removed) of the files below {@code root}. */
  private static List<Import> references(Path root) throws IOException {
    List<Import> references = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = QUALIFIED.matcher(NOT_CODE.matcher(Files.readString(file)).replaceAll(" "));
        while (matcher.find()) {
          references.add(new Import(file, matcher.group(1)));
        }
      }
    }
    return references;
  }

  private static List<Import> imports(Path root) throws IOException {
    List<Import> imports = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = IMPORT.matcher(Files.readString(file));
        while (matcher.find()) {
          imports.add(new Import(file, matcher.group(1)));
        }
      }
    }
    return imports;
  }
}
