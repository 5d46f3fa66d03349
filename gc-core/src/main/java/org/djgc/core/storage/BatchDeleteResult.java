package org.djgc.core.storage;

import java.util.List;
import java.util.Map;

/**
 * The per-object outcome of {@link ObjectStore#deleteAll}. Never a bare count: every key is either
 * deleted, absent, or failed with the backend's reason.
 *
 * @param deleted keys that existed and were deleted
 * @param absent keys that did not exist
 * @param failed keys that could not be deleted, with the reason
 */
public record BatchDeleteResult(List<ObjectKey> deleted, List<ObjectKey> absent, Map<ObjectKey, String> failed) {
  public BatchDeleteResult {
    deleted = List.copyOf(deleted);
    absent = List.copyOf(absent);
    failed = Map.copyOf(failed);
  }
}
