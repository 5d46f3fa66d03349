package org.djgc.core.config;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How the store names found in rows relate to one store. DataJoint writes a store name into each
 * row's JSON and each column's {@code @store}; a name is only a spelling, so a name protects this
 * store's files unless it belongs to a configured store that is provably somewhere else ({@link
 * StoreLocations}). Names this configuration does not know at all are neither: they protect, and
 * the run reports them.
 *
 * @param names the store's own name and every configured store not provably elsewhere (including
 *     stores whose configuration does not resolve)
 * @param elsewhere configured stores that are provably different places
 */
public record StoreAliases(Set<String> names, Set<String> elsewhere) {
  public StoreAliases {
    names = Set.copyOf(names);
    elsewhere = Set.copyOf(elsewhere);
  }

  /** Classifies every configured store against {@code store}. */
  public static StoreAliases of(DataJointConfig config, StoreSpec store) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> elsewhere = new LinkedHashSet<>();
    names.add(store.name());
    for (String other : StoreSpecResolver.configuredStores(config.stores())) {
      if (other.equals(store.name())) {
        continue;
      }
      StoreSpec spec;
      try {
        spec = StoreSpecResolver.resolve(config, Optional.of(other));
      } catch (ConfigurationException e) {
        names.add(other);
        continue;
      }
      (StoreLocations.provablyDistinct(store, spec) ? elsewhere : names).add(other);
    }
    return new StoreAliases(names, elsewhere);
  }

  /** The store {@code stores.<key>} names ({@code default} or {@code filepath_default}), if any. */
  public static Optional<String> reservedName(DataJointConfig config, String key) {
    return config.stores().get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
