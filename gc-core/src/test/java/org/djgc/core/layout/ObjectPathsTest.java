package org.djgc.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract §4.2: {@code encode_pk_value} and {@code build_object_path}. */
class ObjectPathsTest {

  static Stream<Arguments> pkValueVectors() {
    return Stream.of(
        Arguments.of(5, "5"),
        Arguments.of(5L, "5"),
        Arguments.of(1.5, "1.5"),
        Arguments.of(true, "True"),
        Arguments.of(false, "False"),
        Arguments.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), "2024-01-02T03-04-05"),
        Arguments.of(LocalDate.of(2024, 1, 2), "2024-01-02"),
        Arguments.of(UUID.fromString("0b2f5c5e-3a5b-4c3e-9d0f-0123456789ab"), "0b2f5c5e-3a5b-4c3e-9d0f-0123456789ab"),
        Arguments.of(new BigDecimal("1.50"), "1.50"),
        Arguments.of("plain", "plain"),
        Arguments.of("a/b", "a%2Fb"),
        Arguments.of("a:b", "a%3Ab"),
        Arguments.of("a\\b", "a%5Cb"),
        Arguments.of("a*b?c", "a%2Ab%3Fc"),
        Arguments.of("\"<x>|", "%22%3Cx%3E%7C"),
        // once quoting applies, Python's quote(safe="") escapes everything but A-Za-z0-9_.-~
        Arguments.of("a b*~c:\u00e9/", "a%20b%2A~c%3A%C3%A9%2F"),
        // no unsafe character: spaces, %, = and non-ASCII stay as they are
        Arguments.of("a b", "a b"),
        Arguments.of("50%", "50%"),
        Arguments.of("k=v", "k=v"),
        Arguments.of("caf\u00e9 \u00fc", "caf\u00e9 \u00fc"));
  }

  @ParameterizedTest
  @MethodSource("pkValueVectors")
  void encodesPrimaryKeyValuesLikeDataJoint(Object value, String expected) {
    // when
    String encoded = ObjectPaths.encodePkValue(value);

    // then
    assertThat(encoded).isEqualTo(expected);
  }

  @Test
  void keepsAStringOfExactly100SafeCharactersUnchanged() {
    // given
    String value = "a".repeat(100);

    // when
    String encoded = ObjectPaths.encodePkValue(value);

    // then
    assertThat(encoded).isEqualTo(value);
  }

  @Test
  void shortensStringsLongerThan100CharactersToFirst50PlusMd5Prefix() {
    // given (expected values computed with Python's hashlib and urllib.parse.quote)
    String value = "a".repeat(101);

    // when
    String encoded = ObjectPaths.encodePkValue(value);

    // then
    assertThat(encoded).isEqualTo("a".repeat(50) + "_681d7389");
  }

  @Test
  void quotesTheShortenedFormOfALongStringWithUnsafeCharacters() {
    // given
    String value = "a/b" + "z".repeat(100);

    // when
    String encoded = ObjectPaths.encodePkValue(value);

    // then
    assertThat(encoded).isEqualTo("a%2Fb" + "z".repeat(47) + "_a6a4c617");
  }

  @Test
  void quotesTheShortenedFormOfALongNonAsciiString() {
    // given: md5 is over the UTF-8 bytes, quoting is of UTF-8 bytes
    String value = "\u00e9".repeat(101);

    // when
    String encoded = ObjectPaths.encodePkValue(value);

    // then
    assertThat(encoded).isEqualTo("%C3%A9".repeat(50) + "_86919ab3");
  }

  @Test
  void buildsTheContractObjectPathExample() {
    // given
    LinkedHashMap<String, Object> key = new LinkedHashMap<>();
    key.put("rid", 1);
    key.put("name", "a/b");

    // when
    String path = ObjectPaths.buildObjectPath("_schema", "sch", "__my_table", key, "results", "XlOdvTVn", ".npy");

    // then
    assertThat(path).isEqualTo("_schema/sch/__my_table/rid=1/name=a%2Fb/results_XlOdvTVn.npy");
  }

  @Test
  void keepsPrimaryKeyOrderOfTheGivenKey() {
    // given
    LinkedHashMap<String, Object> key = new LinkedHashMap<>();
    key.put("z", 2);
    key.put("a", 1);

    // when
    String path = ObjectPaths.buildObjectPath("_schema", "sch", "t", key, "f", "tok", null);

    // then
    assertThat(path).isEqualTo("_schema/sch/t/z=2/a=1/f_tok");
  }

  @Test
  void buildsLegacyRootLevelPathWithEmptySchemaPrefix() {
    // given
    LinkedHashMap<String, Object> key = new LinkedHashMap<>();
    key.put("id", 42);

    // when
    String path = ObjectPaths.buildObjectPath("", "myschema", "MyTable", key, "data_file", "Ab3-_x9Z", ".dat");

    // then
    assertThat(path).isEqualTo("myschema/MyTable/id=42/data_file_Ab3-_x9Z.dat");
  }

  @Test
  void addsLeadingDotToExtensionAndStripsPrefixSlashes() {
    // given
    LinkedHashMap<String, Object> noKey = new LinkedHashMap<>();

    // when
    String withBareExt = ObjectPaths.buildObjectPath("/objects/", "lab", "t", noKey, "f", "tok", "zarr");
    String withoutExt = ObjectPaths.buildObjectPath("objects", "lab", "t", noKey, "f", "tok", "");

    // then
    assertThat(withBareExt).isEqualTo("objects/lab/t/f_tok.zarr");
    assertThat(withoutExt).isEqualTo("objects/lab/t/f_tok");
  }
}
