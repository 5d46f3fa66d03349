package org.djgc.batch.job.support;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The documents {@code --format=json} prints (one per command, on stdout): each an object that
 * begins with {@code schema_version} and {@code job}. Their shapes are published as JSON Schema in
 * {@code docs/json/dj-gc-output.schema.json}; a change to a member's meaning or type raises
 * {@link #SCHEMA_VERSION}, new members do not.
 */
public final class JsonDocuments {
  /** The version of the documents' shapes. */
  public static final int SCHEMA_VERSION = 1;

  private JsonDocuments() {}

  /** A pretty-printing generator that leaves {@code out} open. */
  public static JsonGenerator open(OutputStream out) throws IOException {
    JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.useDefaultPrettyPrinter();
    return json;
  }

  /** Starts a document: {@code {"schema_version": 1, "job": job}}. */
  public static void begin(JsonGenerator json, String job) throws IOException {
    json.writeStartObject();
    json.writeNumberField("schema_version", SCHEMA_VERSION);
    json.writeStringField("job", job);
  }

  /**
   * Writes {@code execution_id}, and {@code "recorded": false} when the execution has no record in
   * the metadata database (its id is the in-memory job repository's own).
   */
  public static void execution(JsonGenerator json, long executionId, boolean recorded) throws IOException {
    json.writeNumberField("execution_id", executionId);
    if (!recorded) {
      json.writeBooleanField("recorded", false);
    }
  }

  /** Writes {@code field} as an array of strings. */
  public static void stringArray(JsonGenerator json, String field, Iterable<String> values) throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
