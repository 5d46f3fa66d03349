package org.djgc.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One resolved entry of DataJoint's {@code stores} config, after the defaults and checks of
 * DataJoint's {@code Config.get_store_spec}. Prefixes are kept as configured; {@link
 * org.djgc.core.layout.StoreLayout} strips their slashes. {@link #toString()} hides secrets.
 *
 * @param name the store name (never {@code default} or {@code filepath_default})
 * @param isDefault whether {@code stores.default} names this store
 * @param protocol lower-cased protocol: {@code file}, {@code s3}, {@code gcs}, {@code azure} or a
 *     plugin name
 * @param location the store location (a directory for {@code file}, a key prefix otherwise)
 * @param subfolding hash subfolding, empty when flat
 * @param tokenLength token length of schema-addressed names
 * @param hashPrefix the hash section prefix (default {@code _hash})
 * @param schemaPrefix the schema section prefix (default {@code _schema})
 * @param filepathPrefix the {@code <filepath@>} prefix, or null
 * @param partitionPattern the partition pattern, or null
 * @param settings every key of the spec as configured, including protocol-specific ones
 */
public record StoreSpec(
    String name,
    boolean isDefault,
    String protocol,
    String location,
    List<Integer> subfolding,
    int tokenLength,
    String hashPrefix,
    String schemaPrefix,
    String filepathPrefix,
    String partitionPattern,
    Map<String, Object> settings) {

  /** Keys whose values are credentials; never printed. */
  public static final Set<String> SECRET_KEYS =
      Set.of("access_key", "secret_key", "account_key", "connection_string", "token");

  public StoreSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(protocol, "protocol is null");
    subfolding = List.copyOf(subfolding);
    // not Map.copyOf: explicit JSON nulls ("subfolding": null, ...) are valid settings and mean unset
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  /** A protocol-specific setting as a string, or null when absent. */
  public String setting(String key) {
    Object value = settings.get(key);
    return value == null ? null : String.valueOf(value);
  }

  /** Where the store lives, without credentials: for logs and reports. */
  public String describe() {
    return switch (protocol) {
      case "file" -> "file:" + location;
      case "s3" -> "s3://" + setting("bucket") + "/" + location + " at " + setting("endpoint");
      case "gcs" -> "gs://" + setting("bucket") + "/" + location;
      case "azure" -> "az://" + setting("container") + "/" + location;
      default -> protocol + ":" + location;
    };
  }

  @Override
  public String toString() {
    return "StoreSpec[" + name + " " + describe() + "]";
  }
}
