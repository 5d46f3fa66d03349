package org.djgc.core.reference;

import java.util.Objects;

/**
 * A path read from a storage column of a live row, after the store filter.
 *
 * @param path the JSON {@code path}, verbatim, relative to the store root
 * @param kind {@link CodecKind#HASH} or {@link CodecKind#SCHEMA}: the column's codec kind
 */
public record Reference(String path, CodecKind kind) {
  public Reference {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(kind, "kind is null");
  }
}
