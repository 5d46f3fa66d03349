package org.djgc.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreLayoutTest {
  private static final String HASH = "lvauakv4jmvhnolrtwiraf6fsi";

  private static StoreSpec spec(String hashPrefix, String schemaPrefix, String filepathPrefix) {
    return new StoreSpec("main", true, "file", "/data/main", List.of(), 8, hashPrefix, schemaPrefix, filepathPrefix,
        null, Map.of("protocol", "file", "location", "/data/main"));
  }

  @Test
  void defaultPrefixesGiveHashAndSchemaSectionsPerSchema() {
    // given
    StoreLayout layout = StoreLayout.of(spec("_hash", "_schema", null), StoreLayout.DEFAULT_TRASH_PREFIX);

    // when
    Section hash = layout.hashSection("lab");
    Section schema = layout.schemaSection("lab");

    // then
    assertThat(hash).isEqualTo(new Section(SectionKind.HASH, "lab", "_hash/lab"));
    assertThat(schema).isEqualTo(new Section(SectionKind.SCHEMA, "lab", "_schema/lab"));
    assertThat(layout.trashPrefix()).isEqualTo("_trash");
    assertThat(layout.schemaSectionAtRoot()).isFalse();
  }

  @Test
  void customPrefixesAreUsedWithTheirSlashesStripped() {
    // given
    StoreLayout layout = StoreLayout.of(spec("/content/", "objects/", null), "/gc-trash/");

    // when / then
    assertThat(layout.hashSection("lab").directory()).isEqualTo("content/lab");
    assertThat(layout.schemaSection("lab").directory()).isEqualTo("objects/lab");
    assertThat(layout.trashPrefix()).isEqualTo("gc-trash");
  }

  @Test
  void multiSegmentPrefixesGiveMultiSegmentSections() {
    // given
    StoreLayout layout = StoreLayout.of(spec("managed/blobs/", "managed/objects", null), "managed/trash");

    // when / then
    assertThat(layout.hashSection("lab").directory()).isEqualTo("managed/blobs/lab");
    assertThat(layout.schemaSection("lab").directory()).isEqualTo("managed/objects/lab");
  }

  @Test
  void emptyPrefixPutsTheSectionAtTheSchemaDirectory() {
    // given
    StoreLayout emptySchema = StoreLayout.of(spec("_hash", "", null), "_trash");
    StoreLayout emptyHash = StoreLayout.of(spec("/", "_schema", null), "_trash");

    // when / then
    assertThat(emptySchema.schemaSection("lab").directory()).isEqualTo("lab");
    assertThat(emptySchema.schemaSectionAtRoot()).isTrue();
    assertThat(emptyHash.hashSection("lab").directory()).isEqualTo("lab");
    assertThat(emptyHash.schemaSectionAtRoot()).isFalse();
  }

  @Test
  void aSchemaNamedLikeTheTrashIsRefusedWhenItsSectionWouldLandInTheTrash() {
    // given: with an empty schema prefix the schema section of schema "_trash" is "_trash"
    StoreLayout emptySchema = StoreLayout.of(spec("_hash", "", null), "_trash");

    // when / then
    assertThatThrownBy(() -> emptySchema.schemaSection("_trash"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'_trash'").hasMessageContaining("trash");
    assertThat(emptySchema.hashSection("_trash").directory()).isEqualTo("_hash/_trash");
  }

  @Test
  void sectionsListsHashThenSchemaSectionOfEachSchemaInOrder() {
    // given
    StoreLayout layout = StoreLayout.of(spec("_hash", "_schema", null), "_trash");

    // when
    List<Section> sections = layout.sections(List.of("b", "a"));

    // then
    assertThat(sections).containsExactly(
        new Section(SectionKind.HASH, "b", "_hash/b"),
        new Section(SectionKind.SCHEMA, "b", "_schema/b"),
        new Section(SectionKind.HASH, "a", "_hash/a"),
        new Section(SectionKind.SCHEMA, "a", "_schema/a"));
  }

  @Test
  void hashSectionAdmitsOnlyHashNamesAndSchemaSectionAdmitsEverything() {
    // given
    StoreLayout layout = StoreLayout.of(spec("_hash", "_schema", null), "_trash");
    Section hash = layout.hashSection("lab");
    Section schema = layout.schemaSection("lab");

    // when / then
    assertThat(hash.admits("_hash/lab/lv/au/" + HASH)).isTrue();
    assertThat(hash.admits("_hash/lab/" + HASH + ".manifest.json")).isFalse();
    assertThat(hash.admits("_hash/lab/" + HASH + ".saving")).isFalse();
    assertThat(hash.admits("_hash/lab/NOTAHASH")).isFalse();
    assertThat(schema.admits("_schema/lab/t/id=1/f_tok.saving")).isTrue();
    assertThat(schema.admits("_schema/lab/t/id=1/.zarray")).isTrue();
    assertThat(hash.statStem()).isEqualTo("hash_paths");
    assertThat(schema.statStem()).isEqualTo("schema_paths");
  }

  @ParameterizedTest
  @ValueSource(strings = {"_hash", "_hash/trash", "/_hash/", "_schema", "_schema/deep/trash", "managed"})
  void trashPrefixOverlappingASectionPrefixIsAConfigurationError(String trash) {
    // given
    StoreSpec spec = spec(trash.equals("managed") ? "managed/blobs" : "_hash", "_schema", null);

    // when / then
    assertThatThrownBy(() -> StoreLayout.of(spec, trash))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("overlaps the trash prefix")
        .hasMessageContaining("'" + HashPaths.trimSlashes(trash) + "'")
        .hasMessageMatching("(?s).*stores\\.main\\.(hash|schema)_prefix '[^']+'.*");
  }

  @Test
  void trashOverlapMessageNamesBothValues() {
    // given
    StoreSpec spec = spec("_hash", "_schema", null);

    // when / then
    assertThatThrownBy(() -> StoreLayout.of(spec, "_schema/trash"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.schema_prefix '_schema'")
        .hasMessageContaining("trash prefix '_schema/trash'");
  }

  @Test
  void trashPrefixOverlappingTheFilepathPrefixIsAConfigurationError() {
    // given
    StoreSpec spec = spec("_hash", "_schema", "acq");

    // when / then
    assertThatThrownBy(() -> StoreLayout.of(spec, "acq/trash"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("filepath_prefix 'acq'")
        .hasMessageContaining("'acq/trash'");
  }

  @Test
  void siblingPrefixesThatShareOnlyCharactersDoNotOverlap() {
    // given
    StoreSpec spec = spec("_hash", "_schema", "acq");

    // when
    StoreLayout layout = StoreLayout.of(spec, "_hashes");

    // then
    assertThat(layout.trashPrefix()).isEqualTo("_hashes");
  }

  @Test
  void emptySectionPrefixNeverOverlapsTheTrash() {
    // given
    StoreSpec spec = spec("_hash", "", null);

    // when
    StoreLayout layout = StoreLayout.of(spec, "_trash");

    // then
    assertThat(layout.trashPrefix()).isEqualTo("_trash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "a/../b", "..", "a\\b", "a//b"})
  void invalidTrashPrefixIsRejected(String trash) {
    // given
    StoreSpec spec = spec("_hash", "_schema", null);

    // when / then
    assertThatThrownBy(() -> StoreLayout.of(spec, trash))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid gc.trash-prefix");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a\\b", ".", "..", "a\u0000b", "/lab", "lab/"})
  void invalidSchemaNamesAreRejected(String schema) {
    // given
    StoreLayout layout = StoreLayout.of(spec("_hash", "_schema", null), "_trash");

    // when / then
    assertThatThrownBy(() -> layout.hashSection(schema))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid schema name");
    assertThatThrownBy(() -> layout.schemaSection(schema))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid schema name");
  }

  @Test
  void nullSchemaNameIsRejected() {
    // when / then
    assertThatThrownBy(() -> StoreLayout.checkSchemaName(null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid schema name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab", "#lookup", "my_schema", "a.b", "sch-1", "caf\u00e9", "..x"})
  void ordinarySchemaNamesAreAccepted(String schema) {
    // when / then
    assertThat(StoreLayout.checkSchemaName(schema)).isEqualTo(schema);
  }
}
