package org.djgc.batch.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.core.testing.PipelineServer;

/** Writes a {@code datajoint.json} pointing at the test database and the given stores. */
public final class DjConfigFile {
  private final Map<String, Object> stores = new LinkedHashMap<>();
  private final Map<String, Object> database = new LinkedHashMap<>();

  private DjConfigFile(PipelineServer db) {
    database.putAll(db.datajointSettings());
  }

  public static DjConfigFile forDatabase(PipelineServer db) {
    return new DjConfigFile(db);
  }

  /** Adds a {@code file} store at {@code root}, with extra spec keys (prefixes, subfolding, ...). */
  public DjConfigFile fileStore(String name, Path root, Map<String, Object> extra) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "file");
    spec.put("location", root.toString());
    spec.putAll(extra);
    stores.put(name, spec);
    return this;
  }

  /** Adds a store with a full DataJoint spec ({@code protocol}, {@code bucket}, ...). */
  public DjConfigFile store(String name, Map<String, Object> spec) {
    stores.put(name, new LinkedHashMap<>(spec));
    return this;
  }

  public DjConfigFile defaultStore(String name) {
    stores.put("default", name);
    return this;
  }

  public DjConfigFile user(String user, String password) {
    database.put("user", user);
    database.put("password", password);
    return this;
  }

  public DjConfigFile port(int port) {
    database.put("port", port);
    return this;
  }

  /** Writes {@code datajoint.json} into {@code directory} and returns its path. */
  public Path writeTo(Path directory) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("database", database);
    root.put("stores", stores);
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("datajoint.json");
      // written beside and renamed into place: a process reading it meanwhile (an in-process worker
      // starting) sees the old file or the new one, never a truncated one
      Path partial = Files.createTempFile(directory, "datajoint", ".partial");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), root);
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
