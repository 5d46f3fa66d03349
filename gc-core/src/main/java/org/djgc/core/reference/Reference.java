package org.djgc.core.reference;

import java.util.Objects;

/**
 * A path read from a storage column of a live row, after the store filter.
 *
 * @param path the JSON {@code path}, verbatim, relative to the store root
 * @param kind {@link CodecKind#HASH}, {@link CodecKind#SCHEMA} or {@link CodecKind#FILEPATH}: the
 *     column's codec kind
 * @param counted whether upstream's statistics count it: false for a row naming a store the
 *     configuration does not know, which protects its path but is not this store's reference
 */
public record Reference(String path, CodecKind kind, boolean counted) {
  public Reference {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(kind, "kind is null");
  }

  /** A reference that upstream's statistics count. */
  public Reference(String path, CodecKind kind) {
    this(path, kind, true);
  }
}
