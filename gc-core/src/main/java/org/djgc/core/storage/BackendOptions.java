package org.djgc.core.storage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.djgc.core.config.ConfigurationException;

/**
 * dj-gc's own backend settings, next to DataJoint's store specs (in gc-batch: {@code gc.hadoop.*}).
 *
 * @param hadoopConfiguration Hadoop configuration keys applied to every Hadoop-backed store, after
 *     (so overriding) the keys dj-gc derives from the store spec ({@code gc.hadoop.conf.*})
 * @param backendByStore store name → {@code native} or {@code hadoop} ({@code gc.hadoop.backend.*});
 *     a store not named here uses its native backend where there is one ({@code file}, {@code s3})
 *     and the Hadoop backend otherwise ({@code azure}, {@code gcs}, or any store with a URI override)
 * @param hadoopUriByStore store name → the Hadoop URI of the store root ({@code gc.hadoop.uri.*}),
 *     replacing the root dj-gc derives from the spec (for example {@code dbfs:/Volumes/...} or
 *     {@code hdfs://namenode:8020/dj}); the spec's {@code location} is then not appended
 */
public record BackendOptions(Map<String, String> hadoopConfiguration, Map<String, String> backendByStore,
    Map<String, String> hadoopUriByStore) {

  /** The store's native backend ({@code file}, {@code s3}). */
  public static final String NATIVE = "native";
  /** The Hadoop FileSystem backend. */
  public static final String HADOOP = "hadoop";

  /** No Hadoop configuration and no per-store choices. */
  /**
   * The most storage calls one store may be asked to make at once ({@code gc.storage-concurrency}):
   * every backend sizes its connection pools to take it.
   */
  public static final int MAX_STORAGE_CONCURRENCY = 256;

  public static final BackendOptions DEFAULTS = new BackendOptions(Map.of(), Map.of(), Map.of());

  public BackendOptions {
    hadoopConfiguration = copy(hadoopConfiguration);
    backendByStore = copy(backendByStore);
    hadoopUriByStore = copy(hadoopUriByStore);
    for (Map.Entry<String, String> entry : backendByStore.entrySet()) {
      String value = entry.getValue() == null ? "" : entry.getValue().trim().toLowerCase(Locale.ROOT);
      if (!value.equals(NATIVE) && !value.equals(HADOOP)) {
        throw new ConfigurationException("gc.hadoop.backend." + entry.getKey() + " must be '" + NATIVE + "' or '"
            + HADOOP + "', found '" + entry.getValue() + "'");
      }
    }
  }

  /**
   * The backend explicitly chosen for a store ({@link #NATIVE} or {@link #HADOOP}), or empty when
   * none was. Store names are matched exactly, else case-insensitively when that is unambiguous
   * (Spring may lower-case map keys).
   */
  public Optional<String> backendFor(String storeName) {
    return lookup(backendByStore, storeName).map(v -> v.trim().toLowerCase(Locale.ROOT));
  }

  /** The Hadoop URI override of a store's root, if any. */
  public Optional<String> hadoopUriFor(String storeName) {
    return lookup(hadoopUriByStore, storeName).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<String> lookup(Map<String, String> byStore, String storeName) {
    if (byStore.containsKey(storeName)) {
      return Optional.ofNullable(byStore.get(storeName));
    }
    String found = null;
    int matches = 0;
    for (Map.Entry<String, String> entry : byStore.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(storeName)) {
        found = entry.getValue();
        matches++;
      }
    }
    return matches == 1 ? Optional.ofNullable(found) : Optional.empty();
  }

  private static Map<String, String> copy(Map<String, String> map) {
    // keeps null-free insertion order; Map.copyOf would reject nulls from binders with a clear NPE
    Map<String, String> result = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> {
        if (k != null && v != null) {
          result.put(k, v);
        }
      });
    }
    return java.util.Collections.unmodifiableMap(result);
  }

  /** Hadoop configuration values and URI passwords are not printed: they may hold credentials. */
  @Override
  public String toString() {
    return "BackendOptions[hadoopConfiguration keys=" + new TreeMap<>(hadoopConfiguration).keySet()
        + ", backendByStore=" + backendByStore + ", hadoopUriByStore="
        + hadoopUriByStore.toString().replaceAll("//[^/@,=]*:[^/@,=]*@", "//***@") + "]";
  }
}
