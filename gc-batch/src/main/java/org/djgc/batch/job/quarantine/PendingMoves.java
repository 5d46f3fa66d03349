package org.djgc.batch.job.quarantine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.djgc.batch.job.support.LedgerPages;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.StoreIdentity;

/**
 * Original paths this run's moves leave alone: those that had {@code MOVING} rows before recovery
 * ({@link RecoverInterruptedTasklet#PENDING_MOVES}), or still have a {@code MOVING} or {@code
 * RESTORING} row. Recovery, or the next purge's heal finishing an interrupted restore, owns them,
 * and a path is never recorded twice. (A restore killed after its move back leaves the file at its
 * path under a {@code RESTORING} row; moving it again would leave that row nothing to finish.)
 */
final class PendingMoves {
  private PendingMoves() {}

  /** The paths, from the file recovery wrote (when present) and the ledger now. */
  static Set<String> read(QuarantineLedger ledger, StoreIdentity store, Path beforeRecovery) {
    Set<String> paths = new HashSet<>();
    if (Files.exists(beforeRecovery)) {
      try (var refs = RecordFile.read(beforeRecovery, LedgerRef.CODEC)) {
        refs.forEachRemaining(ref -> paths.add(ref.originalPath()));
      }
    }
    LedgerPages.forEach(ledger, store, EnumSet.of(QuarantineState.MOVING, QuarantineState.RESTORING),
        entry -> paths.add(entry.originalPath()));
    return paths;
  }
}
