package org.djgc.core.layout;

import java.util.List;
import java.util.regex.Pattern;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;

/**
 * Where GC looks inside one store: the hash and schema sections of each schema and the trash
 * prefix. Sections are {@code {prefix}/{schema}} with the prefix's slashes stripped, or {@code
 * {schema}} when the prefix is empty, as in upstream's collector.
 */
public final class StoreLayout {
  /** The default trash prefix. */
  public static final String DEFAULT_TRASH_PREFIX = "_trash";

  private static final Pattern SCHEMA_NAME = Pattern.compile("^[^/\\\\\\x00]+$");

  private final StoreSpec spec;
  private final String hashPrefix;
  private final String schemaPrefix;
  private final String trashPrefix;

  private StoreLayout(StoreSpec spec, String trashPrefix) {
    this.spec = spec;
    this.hashPrefix = HashPaths.trimSlashes(spec.hashPrefix());
    this.schemaPrefix = HashPaths.trimSlashes(spec.schemaPrefix());
    this.trashPrefix = HashPaths.trimSlashes(trashPrefix);
  }

  /**
   * The layout of a store.
   *
   * @throws ConfigurationException when the trash prefix is empty, unsafe, or overlaps a section
   *     or the filepath prefix (it is a reserved segment)
   */
  public static StoreLayout of(StoreSpec spec, String trashPrefix) {
    StoreLayout layout = new StoreLayout(spec, trashPrefix);
    String trash = layout.trashPrefix;
    if (trash.isEmpty() || trash.contains("..") || trash.contains("\\") || trash.contains("//")) {
      throw new ConfigurationException("Invalid gc.trash-prefix: '" + trashPrefix + "'");
    }
    checkDisjoint(spec, "hash_prefix", layout.hashPrefix, trash);
    checkDisjoint(spec, "schema_prefix", layout.schemaPrefix, trash);
    if (spec.filepathPrefix() != null) {
      checkDisjoint(spec, "filepath_prefix", HashPaths.trimSlashes(spec.filepathPrefix()), trash);
    }
    return layout;
  }

  private static void checkDisjoint(StoreSpec spec, String key, String prefix, String trash) {
    boolean overlap = prefix.isEmpty()
        ? false
        : (prefix + "/").startsWith(trash + "/") || (trash + "/").startsWith(prefix + "/");
    if (overlap) {
      throw new ConfigurationException("stores." + spec.name() + "." + key + " '" + prefix
          + "' overlaps the trash prefix '" + trash + "' (gc.trash-prefix), a reserved segment");
    }
  }

  /** Checks a schema name is one path segment. */
  public static String checkSchemaName(String schema) {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches() || schema.equals(".") || schema.equals("..")) {
      throw new ConfigurationException("Invalid schema name: '" + schema + "'");
    }
    return schema;
  }

  public StoreSpec spec() {
    return spec;
  }

  public String trashPrefix() {
    return trashPrefix;
  }

  /** The hash section of a schema. */
  public Section hashSection(String schema) {
    return outsideTrash(new Section(SectionKind.HASH, checkSchemaName(schema), join(hashPrefix, schema)));
  }

  /** The schema section of a schema. */
  public Section schemaSection(String schema) {
    return outsideTrash(new Section(SectionKind.SCHEMA, checkSchemaName(schema), join(schemaPrefix, schema)));
  }

  /** With an empty prefix a schema named like the trash would put its section inside the trash. */
  private Section outsideTrash(Section section) {
    String directory = section.directory() + "/";
    if (directory.startsWith(trashPrefix + "/") || (trashPrefix + "/").startsWith(directory)) {
      throw new ConfigurationException("Schema '" + section.schema() + "' of store " + spec.name()
          + " would have its " + section.kind().name().toLowerCase(java.util.Locale.ROOT) + " section '"
          + section.directory() + "' overlap the trash prefix '" + trashPrefix + "'");
    }
    return section;
  }

  /** Both sections of each schema, hash first. */
  public List<Section> sections(List<String> schemas) {
    return schemas.stream().flatMap(s -> java.util.stream.Stream.of(hashSection(s), schemaSection(s))).toList();
  }

  /** True when the schema prefix is empty and no filepath prefix fences user files off (AC-D4). */
  public boolean schemaSectionAtRoot() {
    return schemaPrefix.isEmpty();
  }

  /**
   * Why a section can also hold user files, or empty when it cannot. DataJoint refuses a
   * {@code <filepath@>} path only under a non-empty hash or schema prefix, and confines it to the
   * {@code filepath_prefix} when one is set; so a section with an empty prefix holds user files
   * unless a filepath prefix is set and does not overlap it. Unreferenced user files are never
   * garbage: such sections are only collected on request ({@code gc.collect-user-file-sections}).
   */
  public java.util.Optional<String> userFilesReason(Section section) {
    String prefix = section.kind() == SectionKind.HASH ? hashPrefix : schemaPrefix;
    if (!prefix.isEmpty()) {
      return java.util.Optional.empty();
    }
    String key = section.kind() == SectionKind.HASH ? "hash_prefix" : "schema_prefix";
    String filepath = spec.filepathPrefix() == null ? "" : HashPaths.trimSlashes(spec.filepathPrefix());
    if (filepath.isEmpty()) {
      return java.util.Optional.of("stores." + spec.name() + "." + key + " is empty and filepath_prefix is unset,"
          + " so <filepath@> files may live under '" + section.directory() + "/'");
    }
    String directory = section.directory();
    if ((filepath + "/").startsWith(directory + "/") || (directory + "/").startsWith(filepath + "/")) {
      return java.util.Optional.of("stores." + spec.name() + "." + key + " is empty and filepath_prefix '" + filepath
          + "' overlaps '" + directory + "/', so <filepath@> files may live there");
    }
    return java.util.Optional.empty();
  }

  private static String join(String prefix, String schema) {
    return prefix.isEmpty() ? schema : prefix + "/" + schema;
  }
}
