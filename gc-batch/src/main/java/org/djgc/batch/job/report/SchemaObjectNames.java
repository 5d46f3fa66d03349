package org.djgc.batch.job.report;

/**
 * The table and attribute a schema-addressed path names ({@code {section}/{table}/{k}={v}/.../
 * {field}_{token}[ext]}, contract §3.3), for the report's summary only: no decision of dj-gc reads
 * them. The field is the first segment after the table that is not a key segment ({@code k=v}),
 * without its extension (from its first dot) and without {@code _} and the store's token; a path
 * that does not have that shape gets {@link #UNRECOGNISED}.
 */
final class SchemaObjectNames {
  /** The attribute of a path whose file name does not end in {@code _<token>}. */
  static final String UNRECOGNISED = "?";

  private SchemaObjectNames() {}

  /** A table and attribute. */
  record TableAttribute(String table, String attribute) {}

  /**
   * Names the table and attribute of {@code path}, a file in schema section {@code directory}.
   *
   * @param tokenLength the store's {@code token_length}
   */
  static TableAttribute of(String directory, String path, int tokenLength) {
    String relative = directory.isEmpty() ? path : path.substring(directory.length() + 1);
    String[] segments = relative.split("/", -1);
    if (segments.length < 2) {
      return new TableAttribute(segments.length == 1 ? UNRECOGNISED : relative, UNRECOGNISED);
    }
    for (int i = 1; i < segments.length; i++) {
      if (segments[i].indexOf('=') < 0) {
        return new TableAttribute(segments[0], field(segments[i], tokenLength));
      }
    }
    return new TableAttribute(segments[0], UNRECOGNISED);
  }

  private static String field(String segment, int tokenLength) {
    int dot = segment.indexOf('.');
    String stem = dot < 0 ? segment : segment.substring(0, dot);
    int underscore = stem.length() - tokenLength - 1;
    if (underscore < 1 || stem.charAt(underscore) != '_') {
      return UNRECOGNISED;
    }
    return stem.substring(0, underscore);
  }
}
