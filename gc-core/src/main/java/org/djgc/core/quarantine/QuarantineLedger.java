package org.djgc.core.quarantine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The quarantine ledger: one row per file dj-gc moved into a store's trash, and its state.
 *
 * <p>Transitions are named after what happened and are <b>conditional on the expected state</b>:
 * a transition that finds another state throws {@link LedgerConflictException} and changes
 * nothing, so a replayed chunk never applies a transition twice. Every call commits on its own,
 * independently of any surrounding batch transaction: a row is {@link QuarantineState#MOVING} in
 * the database <i>before</i> its file is touched. Instants passed in come from dj-gc's clock.
 */
public interface QuarantineLedger {

  /** Creates the ledger table when missing. */
  void initialize();

  /**
   * Records files about to move as {@code MOVING} at {@code at} (dj-gc's clock: the rows'
   * {@code state_changed_at} and creation events); rows already present (same trash path) are kept.
   */
  void recordMoving(Collection<NewEntry> entries, Instant at);

  /** The rows of a store with these trash paths. */
  List<QuarantineEntry> findByTrashPaths(String store, Collection<String> trashPaths);

  /** One row by id, or null. */
  QuarantineEntry findById(long id);

  /** The store's rows in these states with id greater than {@code afterId}, by id, at most {@code limit}. */
  List<QuarantineEntry> page(String store, Set<QuarantineState> states, long afterId, int limit);

  /** {@code QUARANTINED} rows with {@code quarantined_at <= cutoff}, by id (the purge candidates). */
  List<QuarantineEntry> dueForPurge(String store, Instant cutoff, long afterId, int limit);

  /** {@code MOVING → QUARANTINED} at {@code at}, recording the trash object's etag. */
  void markQuarantined(long id, Instant at, String etag);

  /** {@code MOVING → QUARANTINED} for many rows at once (id → etag, which may be null). */
  void markQuarantined(java.util.Map<Long, String> etagsById, Instant at);

  /** {@code QUARANTINED → PURGING} for many rows at once. */
  void markPurging(Collection<Long> ids, long executionId, Instant at);

  /** {@code PURGING → PURGED} for many rows at once. */
  void markPurged(Collection<Long> ids, Instant at);

  /** The rows with these ids. */
  List<QuarantineEntry> findByIds(Collection<Long> ids);

  /** {@code QUARANTINED → PURGING}. */
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
  List<LedgerSummary> summarize(String store);

  /** How many {@code QUARANTINED} rows have {@code quarantined_at <= cutoff}. */
  long countQuarantinedBefore(String store, Instant cutoff);

  /** Every row of the store for one original path, oldest first (for trace). */
  List<QuarantineEntry> history(String store, String originalPath);

  /** Every transition of the rows of one original path, oldest first (for trace). */
  List<LedgerEvent> events(String store, String originalPath);

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
