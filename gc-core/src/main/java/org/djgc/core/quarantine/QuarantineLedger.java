package org.djgc.core.quarantine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.djgc.core.storage.StoreIdentity;

/**
 * The quarantine ledger: one row per file dj-gc moved into a store's trash, and its state.
 * Implementations are safe for concurrent calls (restores and heals call it from several threads);
 * each call commits on its own.
 *
 * <p>Rows are keyed by the store's {@link StoreIdentity#id() identity}, never by its name: every
 * query takes the identity of the store a run opened, so two stores that share a name but not a
 * place never see each other's rows. Rows recorded before that key existed ("legacy" rows, no
 * identity) are adopted one by one ({@link #adopt}) once the caller proved they belong to its store.
 *
 * <p><b>Claims.</b> A storage action on a row (delete, move) happens only after the acting
 * execution {@link #claim claimed} the row with a compare-and-set: a claim fails when the row left
 * the expected state or another execution claimed it since it was read, and a lost claim means
 * the row is skipped.
 *
 * <p>Transitions are named after what happened and are <b>conditional on the expected state</b>:
 * a transition that finds another state throws {@link LedgerConflictException} and changes
 * nothing, so a replayed chunk never applies a transition twice. Every call commits on its own,
 * independently of any surrounding batch transaction: a row is {@link QuarantineState#MOVING} in
 * the database <i>before</i> its file is touched. Instants passed in come from dj-gc's clock.
 */
public interface QuarantineLedger {

  /**
   * Creates the ledger tables when missing, and migrates a table of an earlier version (adds the
   * identity and claim columns and re-keys its indexes); idempotent, and safe when two processes
   * start at once.
   */
  void initialize();

  /**
   * Rows that may belong to {@code store} but are not keyed by it, by id, at most {@code limit}:
   * legacy rows (no identity) recorded under {@code name}, and live rows of another identity at the
   * same {@link StoreIdentity#placeId() place} (one place whose canonical form changed, e.g. a device id
   * after a remount).
   */
  List<QuarantineEntry> unadopted(String name, StoreIdentity store, long afterId, int limit);

  /**
   * Keys every {@code PURGED} and {@code RESTORED} legacy row recorded under {@code name} by {@code
   * store} (nothing acts on them again); returns how many.
   */
  int adoptTerminal(String name, StoreIdentity store);

  /**
   * Keys one row by {@code store}, if it is still in {@code state} and keyed by {@code fromStoreId}
   * (null: a legacy row). Returns false when the row changed meanwhile or the store already has a
   * row with its trash path.
   */
  boolean adopt(long id, String fromStoreId, QuarantineState state, StoreIdentity store);

  /**
   * Claims a row for a storage action: sets its claim to {@code executionId} if it is still in
   * {@code state} and still claimed by {@code expectedHolder} (null: unclaimed). The caller decides
   * beforehand that {@code expectedHolder} is itself, or an execution that is proven gone.
   *
   * @return whether this execution now holds the claim
   */
  boolean claim(long id, QuarantineState state, Long expectedHolder, long executionId);

  /**
   * {@link #claim} for many rows in one round trip, each with its own compare-and-set.
   *
   * @return the ids this execution now holds
   */
  Set<Long> claimAll(Collection<Claim> claims, long executionId);

  /**
   * One row to claim.
   *
   * @param id the row
   * @param state the state it must still be in
   * @param expectedHolder the execution that must still hold it (null: nobody)
   */
  record Claim(long id, QuarantineState state, Long expectedHolder) {}

  /**
   * Records files about to move as {@code MOVING} at {@code at} (dj-gc's clock: the rows'
   * {@code state_changed_at} and creation events); rows already present (same trash path) are kept.
   */
  void recordMoving(Collection<NewEntry> entries, Instant at);

  /** The rows of a store with these trash paths. */
  List<QuarantineEntry> findByTrashPaths(StoreIdentity store, Collection<String> trashPaths);

  /** One row by id, or null. */
  QuarantineEntry findById(long id);

  /** The store's rows in these states with id greater than {@code afterId}, by id, at most {@code limit}. */
  List<QuarantineEntry> page(StoreIdentity store, Set<QuarantineState> states, long afterId, int limit);

  /** {@code QUARANTINED} rows with {@code quarantined_at <= cutoff}, by id (the purge candidates). */
  List<QuarantineEntry> dueForPurge(StoreIdentity store, Instant cutoff, long afterId, int limit);

  /** {@code MOVING → QUARANTINED} at {@code at}, recording the trash object's etag. */
  void markQuarantined(long id, Instant at, String etag);

  /** {@code MOVING → QUARANTINED} for many rows at once (id → etag, which may be null). */
  void markQuarantined(java.util.Map<Long, String> etagsById, Instant at);

  /**
   * {@code QUARANTINED → PURGING} for many rows at once, each also claimed by {@code executionId}:
   * a compare-and-set per row on its state and on the holder the caller read and vetted ({@code
   * expectedHolders}: id → holder, null for none). A row that changed meanwhile is not touched.
   *
   * @return the ids that became {@code PURGING}
   */
  List<Long> markPurging(java.util.Map<Long, Long> expectedHolders, long executionId, Instant at);

  /** {@code PURGING → PURGED} for many rows at once. */
  void markPurged(Collection<Long> ids, Instant at);

  /** The rows with these ids. */
  List<QuarantineEntry> findByIds(Collection<Long> ids);

  /** {@code QUARANTINED → PURGING}, claimed by {@code executionId}. */
  void markPurging(long id, long executionId, Instant at);

  /** {@code PURGING → PURGED}. */
  void markPurged(long id, Instant at);

  /** {@code from → RESTORING} (from QUARANTINED, PURGING, CONFLICT, CHANGED or MISSING). */
  void markRestoring(long id, QuarantineState from, long executionId, RestoreReason reason, Instant at);

  /** {@code from → RESTORED} (from RESTORING, or MOVING when recovery finds the original in place). */
  void markRestored(long id, QuarantineState from, long executionId, RestoreReason reason, Instant at);

  /** {@code from → CONFLICT}, with the reason. */
  void markConflict(long id, QuarantineState from, String error, Instant at);

  /**
   * {@code PURGING → CHANGED}: the trash object no longer has the recorded etag, so purge keeps it.
   *
   * @param error why (the backend's message), recorded on the row
   */
  void markChanged(long id, String error, Instant at);

  /** {@code from → MISSING}, with the reason. */
  void markMissing(long id, QuarantineState from, String error, Instant at);

  /** Records a per-object error without changing the state (the row must be in {@code state}). */
  void recordError(long id, QuarantineState state, String error);

  /** Inserts a {@code QUARANTINED} row rebuilt from the trash layout (verify --rebuild-ledger). */
  void recordRebuilt(NewEntry entry, Instant quarantinedAt);

  /** Counts and bytes per schema, section and state, for stats. */
  List<LedgerSummary> summarize(StoreIdentity store);

  /** How many {@code QUARANTINED} rows have {@code quarantined_at <= cutoff}. */
  long countQuarantinedBefore(StoreIdentity store, Instant cutoff);

  /** Every row of the store for one original path, oldest first (for trace). */
  List<QuarantineEntry> history(StoreIdentity store, String originalPath);

  /** Every transition of the rows of one original path, oldest first (for trace). */
  List<LedgerEvent> events(StoreIdentity store, String originalPath);

  /**
   * One transition of one ledger row.
   *
   * @param entryId the ledger row
   * @param fromState the state before, or null for the row's creation
   * @param toState the state after
   * @param at when (dj-gc's clock)
   * @param executionId the job execution responsible, when known
   * @param detail the error recorded with it, if any
   */
  record LedgerEvent(long entryId, String fromState, String toState, Instant at, Long executionId, String detail) {}

  /**
   * One group of ledger rows.
   *
   * @param schema schema name
   * @param section section
   * @param state state
   * @param count number of rows
   * @param bytes total size
   * @param oldestQuarantinedAt the earliest quarantine time in the group, or null
   */
  record LedgerSummary(String schema, org.djgc.core.layout.SectionKind section, QuarantineState state, long count,
      long bytes, Instant oldestQuarantinedAt) {}
}
