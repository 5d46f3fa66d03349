package org.djgc.core.reference;

import java.util.Locale;
import org.djgc.core.config.ConfigurationException;

/**
 * What a run does with rows whose store name ({@code store} in the JSON, or a column's
 * {@code @store}) this configuration does not know. Either way their paths protect.
 */
public enum UnknownStorePolicy {
  /** Keep their paths as references, warn and count them. */
  PROTECT,
  /** Also raise an {@link FindingKind#UNKNOWN_STORE} finding, so destructive runs refuse. */
  REFUSE;

  /** Parses {@code gc.unknown-stores}. */
  public static UnknownStorePolicy parse(String value) {
    return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
      case "protect" -> PROTECT;
      case "refuse" -> REFUSE;
      default -> throw new ConfigurationException("Invalid gc.unknown-stores: '" + value
          + "' (expected protect or refuse)");
    };
  }
}
