package org.djgc.core.reference;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A codec as declared in a DataJoint column comment, e.g. {@code :<blob@main>:user comment}.
 *
 * @param name the codec name ({@code blob}, {@code object}, a custom name, ...)
 * @param store the store after {@code @}: null when there is no {@code @}, {@code ""} for {@code
 *     <blob@>} (the default store)
 */
public record CodecSpec(String name, String store) {
  private static final Pattern COMMENT = Pattern.compile(":([^:]+):(.*)", Pattern.DOTALL);
  private static final Pattern CODEC = Pattern.compile("<.+>", Pattern.DOTALL);

  public CodecSpec {
    Objects.requireNonNull(name, "name is null");
  }

  /**
   * Parses a column comment the way DataJoint's heading does: {@code :(type):(comment)}, where a
   * type of the form {@code <...>} is a codec; angle brackets and blanks are stripped and the rest
   * splits at the first {@code @}.
   *
   * @return the codec, or empty when the comment declares no codec
   */
  public static Optional<CodecSpec> fromComment(String comment) {
    if (comment == null) {
      return Optional.empty();
    }
    Matcher matcher = COMMENT.matcher(comment);
    if (!matcher.lookingAt()) {
      return Optional.empty();
    }
    String type = matcher.group(1);
    if (!CODEC.matcher(type).matches()) {
      return Optional.empty();
    }
    String inner = stripBrackets(type).strip();
    int at = inner.indexOf('@');
    if (at < 0) {
      return Optional.of(new CodecSpec(inner, null));
    }
    return Optional.of(new CodecSpec(inner.substring(0, at).strip(), inner.substring(at + 1).strip()));
  }

  /** Whether the declaration names a store, possibly the empty (default) one. */
  public boolean hasStore() {
    return store != null;
  }

  /** The declaration as DataJoint writes it, e.g. {@code <blob@main>}. */
  public String declaration() {
    return "<" + name + (store == null ? "" : "@" + store) + ">";
  }

  private static String stripBrackets(String type) {
    int start = 0;
    int end = type.length();
    while (start < end && (type.charAt(start) == '<' || type.charAt(start) == '>')) {
      start++;
    }
    while (end > start && (type.charAt(end - 1) == '<' || type.charAt(end - 1) == '>')) {
      end--;
    }
    return type.substring(start, end);
  }
}
