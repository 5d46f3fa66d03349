package org.djgc.batch.job.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;

/** Walks ledger rows a page at a time: a store's rows in given states by id, or given rows by id. */
public final class LedgerPages {
  private static final int PAGE = 1000;

  private LedgerPages() {}

  public static void forEach(QuarantineLedger ledger, org.djgc.core.storage.StoreIdentity store,
      Set<QuarantineState> states, Consumer<QuarantineEntry> action) {
    long after = 0;
    List<QuarantineEntry> page;
    do {
      page = ledger.page(store, states, after, PAGE);
      for (QuarantineEntry entry : page) {
        action.accept(entry);
        after = entry.id();
      }
    } while (page.size() == PAGE);
  }

  /**
   * Reads the rows of {@code ids} as they are now, a page at a time (one query each), and hands each
   * page to {@code action} in the ids' order; ids without a row are left out.
   */
  public static void inSlices(QuarantineLedger ledger, Collection<Long> ids, Consumer<List<QuarantineEntry>> action) {
    List<Long> order = new ArrayList<>(ids);
    for (int from = 0; from < order.size(); from += PAGE) {
      List<Long> slice = order.subList(from, Math.min(order.size(), from + PAGE));
      Map<Long, QuarantineEntry> byId = new HashMap<>();
      ledger.findByIds(slice).forEach(entry -> byId.put(entry.id(), entry));
      action.accept(slice.stream().map(byId::get).filter(Objects::nonNull).toList());
    }
  }
}
