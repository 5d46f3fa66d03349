package org.djgc.core.quarantine;

import java.time.Instant;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.storage.StoreIdentity;

/**
 * A file about to be moved into the trash: recorded {@link QuarantineState#MOVING} before the move.
 *
 * @param store store name (for display)
 * @param identity the store's identity, which keys the row
 * @param section its section
 * @param schema its schema
 * @param unitPath its unit (directory object or itself)
 * @param originalPath where it is now
 * @param trashPath where it will be
 * @param sizeBytes its listed size
 * @param objectMtime its listed modification time
 * @param executionId the quarantining execution
 */
public record NewEntry(String store, StoreIdentity identity, SectionKind section, String schema, String unitPath,
    String originalPath, String trashPath, long sizeBytes, Instant objectMtime, long executionId) {}
