package org.djgc.core.quarantine;

import java.time.Instant;
import java.util.Objects;
import org.djgc.core.layout.SectionKind;

/**
 * One row of the ledger: one file that dj-gc moved (or is moving) into the trash.
 *
 * @param id ledger id
 * @param store store name
 * @param section hash or schema section
 * @param schema schema name
 * @param unitPath the unit the file belongs to: a directory object's path, or the file itself
 * @param originalPath where the file lived (store-relative)
 * @param trashPath where it lives in the trash (store-relative)
 * @param sizeBytes size when listed
 * @param etag the trash object's etag, when the backend has one
 * @param objectMtime modification time when listed
 * @param quarantinedAt when it reached QUARANTINED (dj-gc's clock), or null
 * @param state current state
 * @param stateChangedAt when the state last changed
 * @param quarantineExecutionId the execution that moved it
 * @param purgeExecutionId the execution that purged it, or null
 * @param restoreExecutionId the execution that restored it, or null
 * @param restoreReason why it was restored, or null
 * @param error the last per-object error, or null
 * @param storeId the {@link org.djgc.core.storage.StoreIdentity#id()} of the store the row belongs
 *     to, or null for a row recorded before rows were keyed by identity (a legacy row)
 * @param claimExecutionId the execution that last claimed the row for a storage action, or null
 */
public record QuarantineEntry(long id, String store, SectionKind section, String schema, String unitPath,
    String originalPath, String trashPath, long sizeBytes, String etag, Instant objectMtime, Instant quarantinedAt,
    QuarantineState state, Instant stateChangedAt, long quarantineExecutionId, Long purgeExecutionId,
    Long restoreExecutionId, RestoreReason restoreReason, String error, String storeId, Long claimExecutionId) {
  public QuarantineEntry {
    Objects.requireNonNull(originalPath, "originalPath is null");
    Objects.requireNonNull(trashPath, "trashPath is null");
    Objects.requireNonNull(state, "state is null");
  }
}
