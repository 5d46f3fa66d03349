package org.djgc.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DataJoint's configuration as dj-gc sees it: the database connection and the raw {@code stores}
 * block, merged from {@code datajoint.json}, {@code .secrets/} and the environment with
 * DataJoint's precedence. Use {@link StoreSpecResolver} to turn a store name into a {@link
 * StoreSpec}.
 *
 * @param source the config file that was read, if any
 * @param database the database connection
 * @param stores the raw {@code stores} block (store name → map, plus {@code default} and {@code
 *     filepath_default} → name)
 */
public record DataJointConfig(Optional<Path> source, DatabaseSettings database, Map<String, Object> stores) {
  public DataJointConfig {
    stores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stores));
  }

  /** Names the source, database and store entries; never shows passwords or storage keys. */
  @Override
  public String toString() {
    return "DataJointConfig[source=" + source + ", database=" + database + ", stores=" + stores.keySet() + "]";
  }

  /** The name {@code stores.default} gives, if set to a string. */
  public Optional<String> defaultStoreName() {
    return stores.get("default") instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
