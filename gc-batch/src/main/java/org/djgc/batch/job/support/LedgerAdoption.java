package org.djgc.batch.job.support;

import java.util.List;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StoreIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives rows that belong to this store but are not keyed by its identity to it, under the store
 * lock, before a destructive run starts (spec §6.3). A name proves nothing (two pipelines may both
 * call their store {@code main}), so a live row is adopted only when its file is <i>here</i>:
 *
 * <ul>
 *   <li>a legacy row (recorded before rows were keyed by identity) under this store's name: a
 *       {@code PURGED} or {@code RESTORED} one freely (nothing acts on it again); any other
 *       ({@code MISSING} and {@code CHANGED} included: an operator restore may still take them)
 *       when its trash copy exists in this store; a {@code MOVING} one also when its original
 *       exists and it is in a schema
 *       section (a hash path names content that another store may hold too);
 *   <li>a live row of another identity at the same place (the canonical form changed, e.g. a
 *       device id after a remount): when its trash copy exists in this store.
 * </ul>
 *
 * <p>Every other row is left untouched, counted and reported with a WARN.
 */
@Component
public class LedgerAdoption {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerAdoption.class);
  private static final int PAGE = 1000;

  private final QuarantineLedger ledger;

  public LedgerAdoption(QuarantineLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * Adopts what can be proven to be this store's.
   *
   * @return how many rows were adopted and how many were left untouched
   */
  public Result adopt(String name, ObjectStore store) {
    StoreIdentity identity = store.identity();
    long adopted = ledger.adoptTerminal(name, identity);
    long left = 0;
    long after = 0;
    List<QuarantineEntry> page;
    do {
      page = ledger.unadopted(name, identity, after, PAGE);
      for (QuarantineEntry entry : page) {
        after = entry.id();
        if (entry.state() != QuarantineState.PURGED && entry.state() != QuarantineState.RESTORED
            && isHere(entry, store)
            && ledger.adopt(entry.id(), entry.storeId(), entry.state(), identity)) {
          adopted++;
        } else {
          left++;
        }
      }
    } while (page.size() == PAGE);
    if (adopted > 0) {
      LOG.info("Adopted {} ledger row(s) of store {} recorded before rows were keyed by its identity {}", adopted,
          name, identity.id());
    }
    if (left > 0) {
      LOG.warn("{} ledger row(s) recorded under store name {} (or at its place under another identity) are not"
          + " this store's as far as dj-gc can prove (their files are not here); they were left untouched", left, name);
    }
    return new Result(adopted, left);
  }

  private static boolean isHere(QuarantineEntry entry, ObjectStore store) {
    try {
      if (store.stat(ObjectKey.of(entry.trashPath())).isPresent()) {
        return true;
      }
      return entry.storeId() == null && entry.state() == QuarantineState.MOVING && entry.section() == SectionKind.SCHEMA
          && store.stat(ObjectKey.of(entry.originalPath())).isPresent();
    } catch (RuntimeException e) {
      LOG.warn("Cannot tell whether ledger row {} belongs to this store ({}); leaving it", entry.id(), e.getMessage());
      return false;
    }
  }

  /**
   * What an adoption did.
   *
   * @param adopted rows now keyed by this store's identity
   * @param left rows left as they were
   */
  public record Result(long adopted, long left) {}
}
