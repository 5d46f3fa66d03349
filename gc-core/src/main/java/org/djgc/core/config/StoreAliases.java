package org.djgc.core.config;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The names under which rows may refer to one store: its own name, and every other configured
 * store with the same protocol and location (and bucket, container and endpoint). DataJoint writes
 * the store name into each row's JSON; two names for one place must protect each other's files.
 */
public final class StoreAliases {
  private static final String[] IDENTITY_KEYS = {"protocol", "location", "bucket", "container", "endpoint"};

  private StoreAliases() {}

  /** The store's name and its aliases by spelled location. Stores that fail to resolve are ignored here. */
  public static Set<String> of(DataJointConfig config, StoreSpec store) {
    return of(config, store, (a, b) -> false);
  }

  /**
   * The store's name and its aliases: stores with the same spelled location, and stores that
   * {@code samePlace} says are the same place however spelled (a symbolic link, {@code ..}, a bind
   * mount: decided by the caller from the stores' identities). Stores that fail to resolve are
   * ignored here.
   */
  public static Set<String> of(DataJointConfig config, StoreSpec store,
      java.util.function.BiPredicate<StoreSpec, StoreSpec> samePlace) {
    Set<String> names = new LinkedHashSet<>();
    names.add(store.name());
    for (String other : StoreSpecResolver.configuredStores(config.stores())) {
      if (other.equals(store.name())) {
        continue;
      }
      StoreSpec spec;
      try {
        spec = StoreSpecResolver.resolve(config, Optional.of(other));
      } catch (ConfigurationException e) {
        continue;
      }
      if (sameLocation(store, spec) || samePlace.test(store, spec)) {
        names.add(other);
      }
    }
    return names;
  }

  private static boolean sameLocation(StoreSpec a, StoreSpec b) {
    for (String key : IDENTITY_KEYS) {
      Object left = key.equals("location") ? a.location() : a.settings().get(key);
      Object right = key.equals("location") ? b.location() : b.settings().get(key);
      if (key.equals("protocol")) {
        left = a.protocol();
        right = b.protocol();
      }
      if (!Objects.equals(left == null ? null : String.valueOf(left), right == null ? null : String.valueOf(right))) {
        return false;
      }
    }
    return true;
  }
}
