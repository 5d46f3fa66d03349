package org.djgc.core.reference;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.djgc.core.config.ConfigurationException;

/**
 * Classifies codecs as DataJoint's {@code Attribute.is_hash_object} / {@code is_schema_object}
 * would, plus the custom codecs declared in dj-gc's config ({@code gc.codecs.<name>=hash|schema|
 * ignore}). Unlike upstream, a codec it cannot classify is {@link CodecKind#UNDECLARED} rather than
 * silently skipped: its rows might reference files that would otherwise look orphaned.
 */
public final class CodecClassifier {
  /** DataJoint 2.x's built-in codecs. */
  public static final Set<String> BUILT_IN = Set.of("blob", "attach", "hash", "object", "npy", "filepath");

  private final Map<String, CodecKind> declared;

  private CodecClassifier(Map<String, CodecKind> declared) {
    this.declared = Map.copyOf(declared);
  }

  /**
   * A classifier that also knows the given custom codecs.
   *
   * @param declarations codec name → {@code hash}, {@code schema} or {@code ignore}
   * @throws ConfigurationException for a built-in name or an unknown kind
   */
  public static CodecClassifier withCustomCodecs(Map<String, String> declarations) {
    java.util.HashMap<String, CodecKind> kinds = new java.util.HashMap<>();
    declarations.forEach((name, kind) -> {
      if (BUILT_IN.contains(name)) {
        throw new ConfigurationException("gc.codecs." + name + ": '" + name + "' is a built-in codec");
      }
      kinds.put(name, switch (kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT)) {
        case "hash" -> CodecKind.HASH;
        case "schema" -> CodecKind.SCHEMA;
        case "ignore", "ignored" -> CodecKind.NOT_COLLECTED;
        default -> throw new ConfigurationException("Invalid gc.codecs." + name + ": '" + kind
            + "' (expected hash, schema or ignore)");
      });
    });
    return new CodecClassifier(kinds);
  }

  /** The kind of a declared codec. */
  public CodecKind classify(CodecSpec codec) {
    return switch (codec.name()) {
      case "hash" -> codec.hasStore() ? CodecKind.HASH : CodecKind.UNDECLARED;
      case "blob", "attach" -> codec.hasStore() ? CodecKind.HASH : CodecKind.NOT_COLLECTED;
      case "object", "npy" -> codec.hasStore() ? CodecKind.SCHEMA : CodecKind.UNDECLARED;
      case "filepath" -> CodecKind.FILEPATH;
      default -> declared.getOrDefault(codec.name(), CodecKind.UNDECLARED);
    };
  }

  /** Why a codec is {@link CodecKind#UNDECLARED}, for the finding's message. */
  public String explainUndeclared(CodecSpec codec) {
    if (BUILT_IN.contains(codec.name())) {
      return "codec " + codec.declaration() + " needs a store (@name); DataJoint cannot declare it without one";
    }
    return "undeclared codec " + codec.declaration() + ": declare it with gc.codecs." + codec.name()
        + "=hash|schema|ignore";
  }
}
