package org.djgc.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DataJoint's configuration exactly as DataJoint 2.x does ({@code settings.py}): {@code
 * datajoint.json} searched upward from the working directory (stopping at a {@code .git} or
 * {@code .hg} directory) or given explicitly, the {@code .secrets/} directory beside it (else
 * {@code /run/secrets/datajoint/}), and the {@code DJ_*} environment. Precedence: environment &gt;
 * file &gt; secrets &gt; defaults; {@code DJ_STORES} replaces the whole stores block.
 */
public final class DataJointConfigLoader {
  /** The only file name DataJoint 2.x reads. */
  public static final String CONFIG_FILENAME = "datajoint.json";

  static final Path SYSTEM_SECRETS = Path.of("/run/secrets/datajoint");
  private static final Logger LOG = LoggerFactory.getLogger(DataJointConfigLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Path workingDirectory;
  private final Path systemSecrets;

  public DataJointConfigLoader(Map<String, String> env, Path workingDirectory) {
    this(env, workingDirectory, SYSTEM_SECRETS);
  }

  DataJointConfigLoader(Map<String, String> env, Path workingDirectory, Path systemSecrets) {
    this.env = Map.copyOf(env);
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.systemSecrets = systemSecrets;
  }

  /** A loader over the real process environment and working directory. */
  public static DataJointConfigLoader fromProcess() {
    return new DataJointConfigLoader(System.getenv(), Path.of(""));
  }

  /**
   * Loads the configuration.
   *
   * @param explicitFile a config file given with {@code --dj-config}; when empty the file is
   *     searched upward from the working directory
   * @throws ConfigurationException when a file is unreadable or malformed, or a value has the
   *     wrong type
   */
  public DataJointConfig load(Optional<Path> explicitFile) {
    boolean ignoreFile = "true".equalsIgnoreCase(env.getOrDefault("DJ_IGNORE_CONFIG_FILE", ""));
    Optional<Path> file = ignoreFile ? Optional.empty() : explicitFile.or(this::findConfigFile);
    if (explicitFile.isPresent() && !Files.isRegularFile(explicitFile.get())) {
      throw new ConfigurationException("DataJoint config file not found: " + explicitFile.get());
    }
    if (file.isEmpty() && !ignoreFile) {
      LOG.warn("No {} found above {}; using environment and defaults", CONFIG_FILENAME, workingDirectory);
    }
    Map<String, Object> database = new LinkedHashMap<>();
    Map<String, Object> stores = new LinkedHashMap<>();
    file.ifPresent(f -> readFile(f, database, stores));

    applyDatabaseEnvironment(database);
    if (env.containsKey("DJ_STORES")) {
      stores.clear();
      stores.putAll(parseObject(env.get("DJ_STORES"), "environment variable DJ_STORES", false));
    }
    if (!ignoreFile) {
      Path secrets = file.map(f -> f.toAbsolutePath().getParent().resolve(".secrets"))
          .filter(Files::isDirectory)
          .orElse(systemSecrets);
      applySecrets(secrets, database, stores);
    }
    return new DataJointConfig(file, databaseSettings(database), stores);
  }

  Optional<Path> findConfigFile() {
    for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(CONFIG_FILENAME);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
      if (Files.exists(dir.resolve(".git")) || Files.exists(dir.resolve(".hg"))) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static void readFile(Path file, Map<String, Object> database, Map<String, Object> stores) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read DataJoint config " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> root = parseObject(text, "DataJoint config " + file, true);
    for (Map.Entry<String, Object> entry : root.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("database")) {
        database.putAll(requireObject(value, file + ": \"database\""));
      } else if (key.equals("stores")) {
        requireObject(value, file + ": \"stores\"").forEach(stores::put);
      } else if (key.startsWith("database.")) {
        database.put(key.substring("database.".length()), value);
      } else if (key.startsWith("stores.")) {
        putFlatStoreKey(stores, key, value, file.toString());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void putFlatStoreKey(Map<String, Object> stores, String key, Object value, String where) {
    String[] parts = key.split("\\.", -1);
    if (parts.length == 2) {
      stores.put(parts[1], value);
    } else if (parts.length == 3) {
      Object spec = stores.computeIfAbsent(parts[1], k -> new LinkedHashMap<String, Object>());
      if (!(spec instanceof Map)) {
        throw new ConfigurationException(where + ": \"" + key + "\" sets an attribute of stores." + parts[1]
            + ", which is not an object");
      }
      ((Map<String, Object>) spec).put(parts[2], value);
    } else {
      throw new ConfigurationException(where + ": invalid key \"" + key + "\" (expected stores.<name>.<attr>)");
    }
  }

  private void applyDatabaseEnvironment(Map<String, Object> database) {
    Map<String, String> mapping = Map.of(
        "DJ_HOST", "host", "DJ_USER", "user", "DJ_PASS", "password", "DJ_PORT", "port", "DJ_BACKEND", "backend",
        "DJ_USE_TLS", "use_tls", "DJ_DATABASE_NAME", "name");
    mapping.forEach((variable, key) -> {
      String value = env.get(variable);
      if (value != null) {
        database.put(key, value);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static void applySecrets(Path dir, Map<String, Object> database, Map<String, Object> stores) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path path : files) {
        String name = path.getFileName().toString();
        if (name.startsWith(".") || !Files.isRegularFile(path)) {
          continue;
        }
        String value = Files.readString(path).strip();
        if (name.equals("database.user") || name.equals("database.password")) {
          database.putIfAbsent(name.substring("database.".length()), value);
          continue;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length == 3 && parts[0].equals("stores") && stores.get(parts[1]) instanceof Map<?, ?> spec) {
          Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) spec);
          copy.putIfAbsent(parts[2], value);
          stores.put(parts[1], copy);
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read secrets directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static DatabaseSettings databaseSettings(Map<String, Object> database) {
    String backend = stringValue(database, "backend", "mysql").toLowerCase(java.util.Locale.ROOT);
    if (!backend.equals("mysql") && !backend.equals("postgresql")) {
      throw new ConfigurationException("Invalid database.backend: \"" + backend + "\" (expected mysql or postgresql)");
    }
    int defaultPort = backend.equals("mysql") ? 3306 : 5432;
    Object rawPort = database.get("port");
    int port;
    try {
      port = rawPort == null ? defaultPort : Integer.parseInt(String.valueOf(rawPort).trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Invalid database.port: \"" + rawPort + "\" (expected an integer)");
    }
    return new DatabaseSettings(stringValue(database, "host", "localhost"), port,
        stringValue(database, "user", null), stringValue(database, "password", null), backend,
        useTls(database.get("use_tls")), stringValue(database, "name", DatabaseSettings.DEFAULT_POSTGRES_DATABASE));
  }

  private static Boolean useTls(Object value) {
    if (value == null) {
      return null;
    }
    String text = String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default -> throw new ConfigurationException("Invalid database.use_tls: \"" + value + "\" (expected true or false)");
    };
  }

  private static String stringValue(Map<String, Object> map, String key, String fallback) {
    Object value = map.get(key);
    return value == null ? fallback : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseObject(String text, String what, boolean quoteParserMessage) {
    Object parsed;
    try {
      parsed = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      // DJ_STORES may hold storage keys: do not echo the parser's message, which quotes the input
      String detail = quoteParserMessage ? e.getOriginalMessage() : "syntax error";
      throw new ConfigurationException("Malformed JSON in " + what + ": " + detail
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }
    if (!(parsed instanceof Map)) {
      throw new ConfigurationException(what + " must be a JSON object");
    }
    return (Map<String, Object>) parsed;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> requireObject(Object value, String what) {
    if (!(value instanceof Map)) {
      throw new ConfigurationException(what + " must be a JSON object, found "
          + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    return (Map<String, Object>) value;
  }
}
