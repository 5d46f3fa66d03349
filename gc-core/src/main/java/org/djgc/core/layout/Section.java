package org.djgc.core.layout;

import java.util.Objects;

/**
 * One section of one schema in one store.
 *
 * @param kind hash or schema section
 * @param schema the schema (database) name
 * @param directory the section's directory relative to the store root, without trailing slash
 */
public record Section(SectionKind kind, String schema, String directory) {
  public Section {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(directory, "directory is null");
  }

  /**
   * Whether a listed file belongs to this section's stored objects. Hash sections keep only file
   * names matching {@link HashPaths#HASH_NAME} (upstream's filter); schema sections keep every file.
   */
  public boolean admits(String relativePath) {
    if (kind == SectionKind.SCHEMA) {
      return true;
    }
    int slash = relativePath.lastIndexOf('/');
    return HashPaths.isHashName(relativePath.substring(slash + 1));
  }

  /** {@code hash_paths} or {@code schema_paths}: the stem of upstream's stat keys. */
  public String statStem() {
    return kind == SectionKind.HASH ? "hash_paths" : "schema_paths";
  }
}
