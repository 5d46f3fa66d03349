package org.djgc.batch.job.support;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;

/** Walks a store's ledger rows in given states, a page at a time, by id. */
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
}
