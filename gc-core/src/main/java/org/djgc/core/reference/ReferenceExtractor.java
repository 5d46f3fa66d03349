package org.djgc.core.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.djgc.core.storage.ObjectKey;

/**
 * DataJoint's {@code Codec.referenced_paths} over a raw column value: a JSON object with a string
 * {@code path} and an optional {@code store}. Upstream returns nothing for anything else and so
 * silently under-counts references; here a non-null value without a readable path, or with a path
 * that is not a canonical store-relative path, is {@link Extraction.Unreadable} and fails closed.
 * Only the top-level {@code path} and {@code store} fields are read; the rest is skipped unparsed.
 */
public final class ReferenceExtractor {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_SHOWN = 80;

  private ReferenceExtractor() {}

  /** Extracts the reference from a raw value (SQL NULL is {@code null}). */
  public static Extraction extract(String raw) {
    return extract(raw, false);
  }

  /**
   * Extracts the reference from a raw value. A user path ({@code <filepath@>}) is taken as
   * DataJoint takes it, relative to the store root: leading and trailing slashes are dropped
   * before the path check, so {@code /raw/a.bin} and {@code raw/dir/} protect {@code raw/a.bin}
   * and {@code raw/dir}.
   */
  public static Extraction extract(String raw, boolean userPath) {
    if (raw == null) {
      return Extraction.NONE;
    }
    try (JsonParser parser = JSON.createParser(raw)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.VALUE_NULL && parser.nextToken() == null) {
        return Extraction.NONE;
      }
      if (first != JsonToken.START_OBJECT) {
        return unrecognised("not a JSON object: " + shown(raw));
      }
      boolean hasPath = false;
      String path = null;
      String store = null;
      JsonToken pathToken = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("path")) {
          hasPath = true;
          pathToken = value;
          path = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        } else if (field.equals("store")) {
          store = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        return unrecognised("trailing content after the JSON object: " + shown(raw));
      }
      if (!hasPath) {
        return unrecognised("JSON object has no \"path\": " + shown(raw));
      }
      if (pathToken != JsonToken.VALUE_STRING) {
        return unrecognised("\"path\" is " + describe(pathToken) + ", not a string: " + shown(raw));
      }
      if (userPath) {
        path = path.replaceAll("^/+|/+$", "");
      }
      String problem = ObjectKey.problem(path);
      if (problem != null) {
        return new Extraction.Unreadable(FindingKind.UNSAFE_PATH, "path '" + path + "' is not a store-relative path: "
            + problem);
      }
      return new Extraction.Found(path, store);
    } catch (JsonProcessingException e) {
      return unrecognised("malformed JSON (" + e.getOriginalMessage() + "): " + shown(raw));
    } catch (IOException e) {
      return unrecognised("unreadable value: " + e.getMessage());
    }
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.name();
    };
  }

  private static Extraction unrecognised(String reason) {
    return new Extraction.Unreadable(FindingKind.UNRECOGNISED_REFERENCE, reason);
  }

  private static String shown(String raw) {
    return raw.length() <= MAX_SHOWN ? raw : raw.substring(0, MAX_SHOWN) + "…";
  }
}
