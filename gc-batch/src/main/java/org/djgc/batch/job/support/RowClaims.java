package org.djgc.batch.job.support;

import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims ledger rows before storage actions (spec §6.3): a compare-and-set that succeeds only if the
 * row is still in the state it was read in and still held by the execution that held it then. A
 * row held by another execution is taken over only once that execution's process is proven gone
 * (its execution lock is free). A lost claim means the row is skipped: no storage action. Safe for
 * concurrent use by the threads of one execution.
 */
public final class RowClaims {
  private static final Logger LOG = LoggerFactory.getLogger(RowClaims.class);

  private final QuarantineLedger ledger;
  private final RunLocks locks;
  private final long executionId;
  /** Executions proven gone: a gone process never comes back, so each is asked about once (per thread at most). */
  private final java.util.Set<Long> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public RowClaims(QuarantineLedger ledger, RunLocks locks, long executionId) {
    this.ledger = ledger;
    this.locks = locks;
    this.executionId = executionId;
  }

  /** Claims a row as read ({@code entry}'s state and holder). */
  public boolean claim(QuarantineEntry entry) {
    return claim(entry, entry.state(), entry.claimExecutionId());
  }

  /** Claims a row expected in {@code state} and held by {@code holder} (null: nobody). */
  public boolean claim(QuarantineEntry entry, QuarantineState state, Long holder) {
    if (heldByLiveOther(entry, holder)) {
      return false;
    }
    if (!ledger.claim(entry.id(), state, holder, executionId)) {
      LOG.warn("Ledger row {} ({}) changed since it was read; skipping it (nothing touched)", entry.id(),
          entry.originalPath());
      return false;
    }
    return true;
  }

  /**
   * {@link #claim(QuarantineEntry, QuarantineState, Long)} for many rows in one round trip: each
   * row expected in {@code state} and held by {@code holder.apply(row)}.
   *
   * @return the ids this execution now holds; the others are skipped (nothing touched)
   */
  public java.util.Set<Long> claimAll(java.util.List<QuarantineEntry> entries, QuarantineState state,
      java.util.function.Function<QuarantineEntry, Long> holder) {
    java.util.List<QuarantineLedger.Claim> wanted = new java.util.ArrayList<>();
    for (QuarantineEntry entry : entries) {
      Long expected = holder.apply(entry);
      if (!heldByLiveOther(entry, expected)) {
        wanted.add(new QuarantineLedger.Claim(entry.id(), state, expected));
      }
    }
    java.util.Set<Long> held = ledger.claimAll(wanted, executionId);
    for (QuarantineLedger.Claim claim : wanted) {
      if (!held.contains(claim.id())) {
        LOG.warn("Ledger row {} changed since it was read; skipping it (nothing touched)", claim.id());
      }
    }
    return held;
  }

  /** Whether {@code holder} is another execution whose process is alive (then the row is skipped, with a warning). */
  private boolean heldByLiveOther(QuarantineEntry entry, Long holder) {
    if (holder == null || holder == executionId || isGone(holder)) {
      return false;
    }
    LOG.warn("Ledger row {} ({}) is claimed by execution {}, whose process is alive; skipping it", entry.id(),
        entry.originalPath(), holder);
    return true;
  }

  /** Whether another live execution holds the row (so this one must not touch it). */
  public boolean heldByOther(QuarantineEntry entry) {
    Long holder = entry.claimExecutionId();
    return holder != null && holder != executionId && !isGone(holder);
  }

  private boolean isGone(long holder) {
    if (gone.contains(holder)) {
      return true;
    }
    boolean proven = locks.executionGone(holder);
    if (proven) {
      gone.add(holder);
    }
    return proven;
  }

  public long executionId() {
    return executionId;
  }
}
