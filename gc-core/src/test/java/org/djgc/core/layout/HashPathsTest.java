package org.djgc.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract §4.1: {@code compute_hash}, {@code build_hash_path} and the collector's hash-name filter. */
class HashPathsTest {
  private static final String HELLO_HASH = "lvauakv4jmvhnolrtwiraf6fsi";

  static Stream<Arguments> hashVectors() {
    return Stream.of(
        Arguments.of(new byte[0], "2qoyzwmpaczaj2mabgmoz6ccpy"),
        Arguments.of("hello".getBytes(StandardCharsets.US_ASCII), HELLO_HASH),
        Arguments.of("a.txt\u0000hi".getBytes(StandardCharsets.US_ASCII), "4lftscz3zqrnt3wtp7vlik2ht4"));
  }

  @ParameterizedTest
  @MethodSource("hashVectors")
  void computesTheContractTestVectors(byte[] payload, String expected) {
    // given a payload from the contract's table

    // when
    String hash = HashPaths.computeHash(payload);

    // then
    assertThat(hash).isEqualTo(expected);
    assertThat(HashPaths.isHashName(hash)).isTrue();
  }

  @Test
  void computedHashesAreAlways26LowerCaseBase32Characters() {
    // given
    java.util.Random random = new java.util.Random(42);

    for (int i = 0; i < 500; i++) {
      byte[] payload = new byte[random.nextInt(64)];
      random.nextBytes(payload);

      // when
      String hash = HashPaths.computeHash(payload);

      // then
      assertThat(hash).hasSize(26).matches("[a-z2-7]{26}");
    }
  }

  @Test
  void buildsHashPathWithSubfolding() {
    // when
    String path = HashPaths.buildHashPath(HELLO_HASH, "lab", "_hash", List.of(2, 2));

    // then
    assertThat(path).isEqualTo("_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi");
  }

  @Test
  void buildsHashPathWithMultiSegmentPrefixAndUnevenSubfolding() {
    // when
    String path = HashPaths.buildHashPath(HELLO_HASH, "lab", "managed/blobs/", List.of(1, 3, 2));

    // then
    assertThat(path).isEqualTo("managed/blobs/lab/l/vau/ak/lvauakv4jmvhnolrtwiraf6fsi");
  }

  @Test
  void buildsHashPathWithEmptyPrefixAtTheSchemaDirectory() {
    // when
    String path = HashPaths.buildHashPath(HELLO_HASH, "lab", "", List.of());

    // then
    assertThat(path).isEqualTo("lab/lvauakv4jmvhnolrtwiraf6fsi");
  }

  @Test
  void buildsFlatHashPathWithoutSubfoldingAndStripsPrefixSlashes() {
    // when
    String flat = HashPaths.buildHashPath(HELLO_HASH, "my_schema", "_hash", List.of());
    String slashed = HashPaths.buildHashPath(HELLO_HASH, "my_schema", "/_hash/", List.of());

    // then
    assertThat(flat).isEqualTo("_hash/my_schema/lvauakv4jmvhnolrtwiraf6fsi");
    assertThat(slashed).isEqualTo(flat);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "invalid",
      "",
      "lvauakv4jmvhnolrtwiraf6fs",
      "lvauakv4jmvhnolrtwiraf6fsia",
      "LVAUAKV4JMVHNOLRTWIRAF6FSI",
      "Lvauakv4jmvhnolrtwiraf6fsi",
      "lvauakv4jmvhnolrtwiraf6fs!",
      "lvauakv4jmvh/olrtwiraf6fsi",
      "lvauakv4jmvhnolrtwiraf6fs "})
  void rejectsInvalidTooLongOrUpperCaseHashes(String hash) {
    // when / then
    assertThatThrownBy(() -> HashPaths.buildHashPath(hash, "lab", "_hash", List.of(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid content hash");
  }

  @ParameterizedTest
  @ValueSource(strings = {HELLO_HASH, "2qoyzwmpaczaj2mabgmoz6ccpy", "abcdefghijklmnopqrstuvwxyz", "22222277777777777777777777"})
  void acceptsBase32FileNamesAsHashNames(String name) {
    // when / then
    assertThat(HashPaths.isHashName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "NOTAHASH",
      "x.saving",
      HELLO_HASH + ".manifest.json",
      HELLO_HASH + ".saving",
      "LVAUAKV4JMVHNOLRTWIRAF6FSI",
      "lvauakv4jmvhnolrtwiraf6fs",
      "lvauakv4jmvhnolrtwiraf6fsia",
      "lvauakv4jmvhnolrtwiraf6fs1",
      "lvauakv4jmvhnolrtwiraf6fs8",
      "",
      "lab/" + HELLO_HASH})
  void rejectsOtherFileNamesAsHashNames(String name) {
    // when / then
    assertThat(HashPaths.isHashName(name)).isFalse();
  }
}
