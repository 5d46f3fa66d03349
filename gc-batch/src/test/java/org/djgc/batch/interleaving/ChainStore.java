package org.djgc.batch.interleaving;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.djgc.batch.support.DjConfigFile;

/** The store a {@link ChainWorld} writes to as DataJoint does, and reads back to check the invariant. */
interface ChainStore extends AutoCloseable {
  /** Writes a file at a store path; {@code modified} is its modification time where the store lets a writer set it. */
  void write(String path, byte[] content, Instant modified);

  /** The file's bytes, if it exists. */
  Optional<byte[]> read(String path);

  default boolean exists(String path) {
    return read(path).isPresent();
  }

  /** Every store path that starts with {@code prefix}, sorted. */
  List<String> list(String prefix);

  /** Every store path under the trash prefix {@code _trash/}. */
  default List<String> trashPaths() {
    return list("_trash/");
  }

  /** Deletes a file (only the upstream collector of {@link InvariantCheckTest} deletes behind dj-gc). */
  void delete(String path);

  /** Adds this store, named {@code name}, to a DataJoint config. */
  DjConfigFile configure(DjConfigFile config, String name);

  /** Whether written files carry the writer's time: only then are uploads pending across clock advances modelled. */
  boolean keepsWriterTimes();

  /** A short name for scenarios: {@code local} or {@code s3}. */
  String kind();

  /** Where the store lives, for failure messages. */
  Path describeRoot();

  @Override
  void close();
}
