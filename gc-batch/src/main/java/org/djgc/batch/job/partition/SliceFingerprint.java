package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.StoreFactory;
import org.djgc.core.partition.Slice;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StoreIdentity;

/**
 * What a partition scans, where two processes must agree on it (spec §4.6): the slice's directory
 * and key range, whether its section is skipped, and the store's identity (what the store is, not
 * how a configuration spells it). The manager plans each partition with its own; the partition
 * (maybe on a worker with another configuration or build) refuses to scan under a different one;
 * the merge accepts only partitions that scanned what the manager's configuration plans now.
 */
final class SliceFingerprint {
  private SliceFingerprint() {}

  /** Slice {@code i} of {@code plan} in the store {@code identity}. */
  static String of(SlicePlan plan, int i, Set<Integer> skipped, StoreIdentity identity) {
    Slice slice = plan.slices().get(i);
    return slice.directory() + " " + slice.range().describe() + (skipped.contains(slice.section()) ? " (skipped)" : "")
        + " in " + identity;
  }

  /** Every slice's fingerprint under this process's configuration, opening the store for its identity. */
  static List<String> all(SlicePlan plan, GcProperties properties, StoreFactory stores) {
    StoreIdentity identity = identity(plan, stores);
    Set<Integer> skipped = skipped(plan, properties);
    List<String> fingerprints = new ArrayList<>();
    for (int i = 0; i < plan.slices().size(); i++) {
      fingerprints.add(of(plan, i, skipped, identity));
    }
    return fingerprints;
  }

  /** The identity of {@code plan}'s store under this process's configuration (the store opened to find it). */
  static StoreIdentity identity(SlicePlan plan, StoreFactory stores) {
    try (ObjectStore store = stores.open(plan.run().spec(), Path.of(System.getProperty("java.io.tmpdir")))) {
      return store.identity();
    }
  }

  /** The sections of {@code plan} this process's settings skip. */
  static Set<Integer> skipped(SlicePlan plan, GcProperties properties) {
    return SkippedSections.quietly(plan.run(), plan.sections(), properties.collectUserFileSections()).indices();
  }
}
