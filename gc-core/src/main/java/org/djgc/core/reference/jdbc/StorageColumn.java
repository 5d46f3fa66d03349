package org.djgc.core.reference.jdbc;

import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.CodecSpec;

/** A column whose comment declares a codec, with its classification. */
record StorageColumn(String schema, String table, String column, CodecSpec codec, CodecKind kind) {
  String qualifiedName() {
    return schema + "." + table + "." + column;
  }
}
