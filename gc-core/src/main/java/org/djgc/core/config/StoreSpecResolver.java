package org.djgc.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a store name to a {@link StoreSpec} exactly as DataJoint's {@code get_store_spec} does:
 * default-store selection, common defaults ({@code _hash}, {@code _schema}, token length 8),
 * required and allowed keys per protocol, and mutually exclusive section prefixes. Where upstream
 * would crash or silently misbehave (a {@code null} prefix, both prefixes empty) this refuses with
 * a message naming the value.
 */
public final class StoreSpecResolver {
  private static final Set<String> COMMON_KEYS = Set.of("protocol", "location", "subfolding",
      "partition_pattern", "token_length", "hash_prefix", "schema_prefix", "filepath_prefix", "stage");
  private static final Map<String, Set<String>> REQUIRED = Map.of(
      "file", Set.of("protocol", "location"),
      "s3", Set.of("protocol", "endpoint", "bucket", "location"),
      "gcs", Set.of("protocol", "bucket", "location"),
      "azure", Set.of("protocol", "container", "location"));
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "file", Set.of(),
      "s3", Set.of("access_key", "secret_key", "secure", "proxy_server"),
      "gcs", Set.of("token", "project"),
      "azure", Set.of("account_name", "account_key", "connection_string"));

  private StoreSpecResolver() {}

  /**
   * Resolves one store.
   *
   * @param config the loaded DataJoint configuration
   * @param storeName the store, or empty for {@code stores.default}
   * @throws ConfigurationException for an unknown store or an invalid spec
   */
  public static StoreSpec resolve(DataJointConfig config, Optional<String> storeName) {
    Map<String, Object> stores = config.stores();
    String name = storeName.orElseGet(() -> config.defaultStoreName().orElseThrow(() ->
        new ConfigurationException("No store given and stores.default is not configured")));
    if (name.equals("default") || name.equals("filepath_default")) {
      throw new ConfigurationException("'" + name + "' is a reserved key of stores, not a store name");
    }
    if (!(stores.get(name) instanceof Map<?, ?> raw)) {
      throw new ConfigurationException("Storage '" + name + "' is requested but not configured in stores"
          + " (configured: " + configuredStores(stores) + ")");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    raw.forEach((k, v) -> spec.put(String.valueOf(k), v));
    String where = "stores." + name;
    Object protocolValue = spec.get("protocol");
    if (!(protocolValue instanceof String protocolText) || protocolText.isBlank()) {
      throw new ConfigurationException(where + ": missing or invalid 'protocol'");
    }
    String protocol = protocolText.toLowerCase(Locale.ROOT);
    spec.put("protocol", protocol);
    checkKeys(where, protocol, spec);
    if (protocol.equals("s3")) {
      spec.putIfAbsent("secure", Boolean.TRUE);
    }
    String hashPrefix = prefix(spec, "hash_prefix", "_hash", where);
    String schemaPrefix = prefix(spec, "schema_prefix", "_schema", where);
    String filepathPrefix = spec.get("filepath_prefix") == null ? null : prefix(spec, "filepath_prefix", null, where);
    checkPrefixSeparation(where, hashPrefix, schemaPrefix, filepathPrefix);
    String location = spec.get("location") == null ? "" : String.valueOf(spec.get("location"));
    if (protocol.equals("file")) {
      location = checkFileLocation(where, location);
    }
    return new StoreSpec(name, config.defaultStoreName().map(name::equals).orElse(false), protocol, location,
        subfolding(spec.get("subfolding"), where), tokenLength(spec.get("token_length"), where),
        hashPrefix, schemaPrefix, filepathPrefix,
        spec.get("partition_pattern") == null ? null : String.valueOf(spec.get("partition_pattern")), spec);
  }

  /** Names of every configured store (entries whose value is an object). */
  public static Set<String> configuredStores(Map<String, Object> stores) {
    Set<String> names = new TreeSet<>();
    stores.forEach((k, v) -> {
      if (v instanceof Map) {
        names.add(k);
      }
    });
    return names;
  }

  private static void checkKeys(String where, String protocol, Map<String, Object> spec) {
    Set<String> required = REQUIRED.get(protocol);
    if (required == null) {
      throw new ConfigurationException(where + ": unknown protocol '" + protocol
          + "' (built-in: file, s3, gcs, azure; storage plugins are not supported by dj-gc)");
    }
    List<String> missing = required.stream().filter(k -> !spec.containsKey(k)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new ConfigurationException(where + ": missing required key(s) " + missing + " for protocol " + protocol);
    }
    List<String> invalid = new ArrayList<>();
    for (String key : spec.keySet()) {
      if (!COMMON_KEYS.contains(key) && !required.contains(key) && !ALLOWED.get(protocol).contains(key)) {
        invalid.add(key);
      }
    }
    if (!invalid.isEmpty()) {
      invalid.sort(null);
      throw new ConfigurationException(where + ": Invalid key(s) " + invalid + " for protocol " + protocol);
    }
  }

  private static String prefix(Map<String, Object> spec, String key, String fallback, String where) {
    if (!spec.containsKey(key)) {
      return fallback;
    }
    if (!(spec.get(key) instanceof String value)) {
      throw new ConfigurationException(where + "." + key + " must be a string, found " + spec.get(key));
    }
    return value;
  }

  /** DataJoint's {@code _validate_prefix_separation}, plus a refusal of two empty section prefixes. */
  static void checkPrefixSeparation(String where, String hash, String schema, String filepath) {
    Map<String, String> named = new LinkedHashMap<>();
    named.put("hash_prefix", hash);
    named.put("schema_prefix", schema);
    if (filepath != null) {
      named.put("filepath_prefix", filepath);
    }
    if (strip(hash).isEmpty() && strip(schema).isEmpty()) {
      throw new ConfigurationException(where + ": hash_prefix and schema_prefix are both empty, so both sections"
          + " would be {schema}/ and hash objects would be judged against schema references");
    }
    List<Map.Entry<String, String>> entries = new ArrayList<>(named.entrySet());
    for (int i = 0; i < entries.size(); i++) {
      for (int j = i + 1; j < entries.size(); j++) {
        String a = strip(entries.get(i).getValue());
        String b = strip(entries.get(j).getValue());
        if (a.isEmpty() || b.isEmpty()) {
          continue;
        }
        if ((a + "/").startsWith(b + "/") || (b + "/").startsWith(a + "/")) {
          throw new ConfigurationException(where + ": " + entries.get(i).getKey() + " '" + entries.get(i).getValue()
              + "' and " + entries.get(j).getKey() + " '" + entries.get(j).getValue()
              + "' overlap. Storage section prefixes must be mutually exclusive.");
        }
      }
    }
  }

  static String strip(String prefix) {
    int start = 0;
    int end = prefix.length();
    while (start < end && prefix.charAt(start) == '/') {
      start++;
    }
    while (end > start && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(start, end);
  }

  private static String checkFileLocation(String where, String location) {
    if (location.isEmpty()) {
      throw new ConfigurationException(where + ".location is empty; dj-gc needs an explicit store directory");
    }
    Path path = Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw new ConfigurationException(where + ".location '" + location + "' is not an existing directory");
    }
    return path.toString();
  }

  private static List<Integer> subfolding(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new ConfigurationException(where + ".subfolding must be a list of positive integers, found " + value);
    }
    List<Integer> result = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Integer n) || n <= 0) {
        throw new ConfigurationException(where + ".subfolding must be a list of positive integers, found " + value);
      }
      result.add(n);
    }
    return result;
  }

  private static int tokenLength(Object value, String where) {
    if (value == null) {
      return 8;
    }
    if (!(value instanceof Integer n)) {
      throw new ConfigurationException(where + ".token_length must be an integer, found " + value);
    }
    return Math.max(4, Math.min(16, n));
  }
}
