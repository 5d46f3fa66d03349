package org.djgc.core.storage;

/**
 * What a backend can do, which drives the move and delete strategy.
 *
 * @param atomicRename a move is one atomic rename (local file systems, HDFS, ABFS with HNS)
 * @param serverSideCopy the backend copies without streaming bytes through dj-gc (S3 CopyObject)
 * @param maxDeleteBatch the most keys one native delete request takes (1 when there is none)
 * @param conditionalDelete deletes can be made conditional on a recorded etag
 * @param concurrency how many storage calls at once the backend serves well: the default of {@code
 *     gc.storage-concurrency} (high for object stores, whose calls wait on the network; low for
 *     local file systems, whose calls are short system calls)
 */
public record StoreCapabilities(boolean atomicRename, boolean serverSideCopy, int maxDeleteBatch,
    boolean conditionalDelete, int concurrency) {
  public StoreCapabilities {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
  }
}
