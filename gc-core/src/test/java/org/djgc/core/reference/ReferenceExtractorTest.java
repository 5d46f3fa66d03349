package org.djgc.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract §3: {@code Codec.referenced_paths} over raw column values, failing closed. */
class ReferenceExtractorTest {

  private static Extraction.Unreadable unreadable(Extraction extraction) {
    assertThat(extraction).isInstanceOf(Extraction.Unreadable.class);
    return (Extraction.Unreadable) extraction;
  }

  @Test
  void sqlNullReferencesNothing() {
    // when / then
    assertThat(ReferenceExtractor.extract(null)).isEqualTo(Extraction.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", " null ", "\nnull\n"})
  void jsonNullReferencesNothing(String raw) {
    // when / then
    assertThat(ReferenceExtractor.extract(raw)).isEqualTo(Extraction.NONE);
  }

  @Test
  void readsTheHashAddressedExample() {
    // given
    String raw = """
        {"hash": "lvauakv4jmvhnolrtwiraf6fsi", "path": "_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi",
         "schema": "lab", "store": "main", "size": 5}""";

    // when / then
    assertThat(ReferenceExtractor.extract(raw))
        .isEqualTo(new Extraction.Found("_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi", "main"));
  }

  @Test
  void readsTheObjectFileAndFolderExamples() {
    // given
    String file = """
        {"path": "_schema/lab/object_file/file_id=1/data_file_Xa9-_Q2b.dat", "store": "local",
         "size": 13, "ext": ".dat", "is_dir": false, "item_count": null,
         "timestamp": "2026-07-06T12:00:00.123456+00:00"}""";
    String folder = """
        {"path": "_schema/lab/object_folder/folder_id=1/data_folder_VSrfwiTE", "store": "local",
         "size": 3, "ext": null, "is_dir": true, "item_count": 2, "timestamp": "2026-07-06T12:00:00+00:00"}""";

    // when / then
    assertThat(ReferenceExtractor.extract(file))
        .isEqualTo(new Extraction.Found("_schema/lab/object_file/file_id=1/data_file_Xa9-_Q2b.dat", "local"));
    assertThat(ReferenceExtractor.extract(folder))
        .isEqualTo(new Extraction.Found("_schema/lab/object_folder/folder_id=1/data_folder_VSrfwiTE", "local"));
  }

  @Test
  void readsTheNpyExampleAndSkipsItsArrays() {
    // given
    String raw = """
        {"path": "_schema/lab/recording/recording_id=1/waveform_Q1w2E3r4.npy", "store": "repo-s3",
         "dtype": "float64", "shape": [1000, 32]}""";

    // when / then
    assertThat(ReferenceExtractor.extract(raw))
        .isEqualTo(new Extraction.Found("_schema/lab/recording/recording_id=1/waveform_Q1w2E3r4.npy", "repo-s3"));
  }

  @Test
  void readsTheUpstreamTestExample() {
    // when / then
    assertThat(ReferenceExtractor.extract("{\"path\": \"_hash/schema/abc123\", \"hash\": \"abc123\", \"store\": \"mystore\"}"))
        .isEqualTo(new Extraction.Found("_hash/schema/abc123", "mystore"));
  }

  @Test
  void absentOrNullStoreIsNullNotTheDefault() {
    // when
    Extraction absent = ReferenceExtractor.extract("{\"path\": \"test/path\"}");
    Extraction jsonNull = ReferenceExtractor.extract("{\"path\": \"test/path\", \"store\": null}");
    Extraction empty = ReferenceExtractor.extract("{\"path\": \"test/path\", \"store\": \"\"}");

    // then
    assertThat(absent).isEqualTo(new Extraction.Found("test/path", null));
    assertThat(jsonNull).isEqualTo(new Extraction.Found("test/path", null));
    assertThat(empty).isEqualTo(new Extraction.Found("test/path", ""));
  }

  @Test
  void keysInMySqlCanonicalOrderStillWork() {
    // given: MySQL returns JSON objects with keys sorted by length, then bytes
    String raw = "{\"ext\": \".dat\", \"path\": \"_schema/lab/t/id=1/f_tok.dat\", \"size\": 13, \"store\": \"local\","
        + " \"is_dir\": false, \"timestamp\": \"2026-07-06 12:00:00\", \"item_count\": null}";

    // when / then
    assertThat(ReferenceExtractor.extract(raw)).isEqualTo(new Extraction.Found("_schema/lab/t/id=1/f_tok.dat", "local"));
  }

  @Test
  void nestedPathAndStoreFieldsAreIgnored() {
    // given
    String raw = "{\"meta\": {\"path\": \"decoy/a\", \"store\": \"decoy\"}, \"files\": [{\"path\": \"decoy/b\"}],"
        + " \"path\": \"real/path\", \"store\": \"main\"}";

    // when / then
    assertThat(ReferenceExtractor.extract(raw)).isEqualTo(new Extraction.Found("real/path", "main"));
  }

  @Test
  void nestedPathAloneIsNotAReference() {
    // when
    Extraction extraction = ReferenceExtractor.extract("{\"meta\": {\"path\": \"decoy/a\"}}");

    // then
    assertThat(unreadable(extraction).kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
  }

  @Test
  void jsonEscapesInThePathAreDecoded() {
    // when / then
    assertThat(ReferenceExtractor.extract("{\"path\": \"_schema\\/lab\\/caf\\u00e9\\/f_x\"}"))
        .isEqualTo(new Extraction.Found("_schema/lab/caf\u00e9/f_x", null));
  }

  @Test
  void objectWithoutPathIsUnrecognised() {
    // given: what migrate_external wrote
    String raw = "{\"url\": \"s3://bucket/loc/x\", \"size\": 3, \"hash\": \"ABC123\"}";

    // when
    Extraction.Unreadable extraction = unreadable(ReferenceExtractor.extract(raw));

    // then
    assertThat(extraction.kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
    assertThat(extraction.reason()).contains("no \"path\"").contains("s3://bucket/loc/x");
  }

  @Test
  void nullPathIsUnrecognised() {
    // given: what migrate_external_pointers_v2 wrote for blobs
    String raw = "{\"path\": null, \"size\": 3, \"hash\": \"abc\", \"is_dir\": false}";

    // when
    Extraction.Unreadable extraction = unreadable(ReferenceExtractor.extract(raw));

    // then
    assertThat(extraction.kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
    assertThat(extraction.reason()).contains("not a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"path\": 5}", "{\"path\": [\"a\"]}", "{\"path\": {\"p\": \"a\"}}", "{\"path\": true}"})
  void nonStringPathIsUnrecognised(String raw) {
    // when
    Extraction.Unreadable extraction = unreadable(ReferenceExtractor.extract(raw));

    // then
    assertThat(extraction.kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
    assertThat(extraction.reason()).contains(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "",
      "   ",
      "{\"path\": \"a\"",
      "{\"path\": \"a\",}",
      "{path: \"a\"}",
      "{\"path\": \"a\"} trailing",
      "{\"path\": \"a\"} {\"path\": \"b\"}"})
  void invalidJsonIsUnrecognised(String raw) {
    // when / then
    assertThat(unreadable(ReferenceExtractor.extract(raw)).kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[{\"path\": \"a\"}]", "\"_hash/lab/x\"", "42", "true", "[]", "null null"})
  void nonObjectJsonIsUnrecognised(String raw) {
    // when / then
    assertThat(unreadable(ReferenceExtractor.extract(raw)).kind()).isEqualTo(FindingKind.UNRECOGNISED_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../etc/passwd",
      "_schema/lab/../other/x",
      "_schema/lab/..",
      "/abs/path",
      "./P",
      "_schema/./lab/x",
      "_schema//lab/x",
      "_schema/lab/dir/",
      "_schema\\\\lab\\\\x",
      ""})
  void unsafePathsAreRefused(String path) {
    // given
    String raw = "{\"path\": \"" + path + "\", \"store\": \"main\"}";

    // when
    Extraction.Unreadable extraction = unreadable(ReferenceExtractor.extract(raw));

    // then
    assertThat(extraction.kind()).isEqualTo(FindingKind.UNSAFE_PATH);
    assertThat(extraction.reason()).contains("is not a store-relative path");
  }

  @Test
  void longValuesAreShortenedInTheReason() {
    // given
    String raw = "{\"url\": \"" + "x".repeat(500) + "\"}";

    // when
    Extraction.Unreadable extraction = unreadable(ReferenceExtractor.extract(raw));

    // then
    assertThat(extraction.reason()).hasSizeLessThan(200).endsWith("\u2026");
  }
}
