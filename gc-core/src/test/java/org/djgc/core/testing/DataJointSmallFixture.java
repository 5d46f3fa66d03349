package org.djgc.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * {@code fixtures/datajoint-small}: a pipeline written by the real DataJoint client (schemas
 * {@code djfx_s0}, {@code djfx_s1}; stores {@code main}, {@code sub}) and its {@code truth.json}.
 */
public final class DataJointSmallFixture {
  public static final String[] SCHEMAS = {"djfx_s0", "djfx_s1"};

  private final Path source;
  private final JsonNode truth;

  private DataJointSmallFixture(Path source) {
    this.source = source;
    try {
      this.truth = new ObjectMapper().readTree(source.resolve("truth.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Finds the MariaDB fixture from a module directory or the repository root. */
  public static DataJointSmallFixture locate() {
    return locate("datajoint-small");
  }

  /** Finds the PostgreSQL fixture ({@code datajoint-small-pg}), written by the same client on PostgreSQL 15. */
  public static DataJointSmallFixture locatePostgres() {
    return locate("datajoint-small-pg");
  }

  private static DataJointSmallFixture locate(String name) {
    for (String candidate : new String[] {"../src/test/resources/fixtures/" + name,
        "src/test/resources/fixtures/" + name}) {
      Path path = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isRegularFile(path.resolve("truth.json"))) {
        return new DataJointSmallFixture(path);
      }
    }
    throw new IllegalStateException("fixtures/" + name + " not found from " + Path.of("").toAbsolutePath());
  }

  /** Loads the PostgreSQL fixture's {@code pg_dump} into the test database (dropping the schemas first). */
  public void loadSchemas(TestPostgres db) {
    db.dropSchemas(SCHEMAS);
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(source.resolve("schemas.sql.gz")))) {
      db.runScript(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the SQL dump into the database (dropping the schemas first). */
  public void loadSchemas(TestDatabase db) {
    db.dropSchemas(SCHEMAS);
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(source.resolve("schemas.sql.gz")))) {
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      db.execute(SqlScript.statements(script).toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Extracts the store tree ({@code main/}, {@code sub/}) into {@code root}. */
  public void extractStores(Path root) {
    try {
      Files.createDirectories(root);
      Process tar = new ProcessBuilder("tar", "-xzf", source.resolve("store.tar.gz").toString(), "-C", root.toString())
          .inheritIO().start();
      if (tar.waitFor() != 0) {
        throw new IllegalStateException("tar failed extracting " + source.resolve("store.tar.gz"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code datajoint.json} from the fixture's template for {@code db}: its host, port and
   * credentials, and (PostgreSQL) its database.
   */
  public Path writeConfig(Path directory, Path storeRoot, PipelineServer db) {
    try {
      String text = Files.readString(source.resolve("datajoint.template.json"))
          .replace("STORE_ROOT", storeRoot.toString()).replace("DB_USER", db.user())
          .replace("DB_PASSWORD", db.password()).replace("\"127.0.0.1\"", "\"" + db.host() + "\"")
          .replaceAll("\"port\": \\d+", "\"port\": " + db.port());
      Object name = db.datajointSettings().get("name");
      if (name != null) {
        text = text.replace("\"name\": \"postgres\"", "\"name\": \"" + name + "\"");
      }
      Files.createDirectories(directory);
      return Files.writeString(directory.resolve("datajoint.json"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code live}, {@code orphaned} or {@code protected} files of a store, path → size. */
  public Map<String, Long> files(String store, String set) {
    Map<String, Long> files = new TreeMap<>();
    JsonNode storeNode = truth.get("stores").get(store);
    if (set.equals("protected")) {
      storeNode.get("protected").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().get("size").asLong()));
      return files;
    }
    storeNode.get("schemas").fields().forEachRemaining(schema ->
        schema.getValue().get(set).fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asLong())));
    return files;
  }
}
