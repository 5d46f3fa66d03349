package org.djgc.core.reference;

import java.util.List;

/**
 * Counters of one reference discovery.
 *
 * @param schemasRead every schema whose tables were read (requested and cross-schema)
 * @param columnsRead storage columns read
 * @param rowsRead rows read, over all tables
 * @param referencesKept references that passed the store filter
 * @param referencesOtherStores references dropped because they name a store that is provably elsewhere
 * @param referencesUnknownStores references kept although they name a store the configuration does
 *     not know
 * @param findings findings reported
 */
public record ScanSummary(List<String> schemasRead, long columnsRead, long rowsRead, long referencesKept,
    long referencesOtherStores, long referencesUnknownStores, long findings) {
  public ScanSummary {
    schemasRead = List.copyOf(schemasRead);
  }
}
