package org.djgc.batch.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names and sizes the report's summary prints, from paths as DataJoint builds them. */
class ReportSummaryNamesTest {
  @Test
  void tableAndAttributeComeFromTheSchemaAddressedPath() {
    assertThat(names("_schema/lab", "_schema/lab/object_file/file_id=1/data_file_Xa9-_Q2b.dat", 8))
        .isEqualTo("object_file|data_file");
    assertThat(names("_schema/lab", "_schema/lab/__my_table/rid=1/name=a%2Fb/results_XlOdvTVn.npy", 8))
        .isEqualTo("__my_table|results");
    // a directory object's file, and its sidecar
    assertThat(names("_schema/lab", "_schema/lab/object_folder/folder_id=1/data_folder_VSrfwiTE/a/b.zarr", 8))
        .isEqualTo("object_folder|data_folder");
    assertThat(names("_schema/lab", "_schema/lab/object_folder/folder_id=1/data_folder_VSrfwiTE.manifest.json", 8))
        .isEqualTo("object_folder|data_folder");
    // a key value with a dot; no primary-key segment; a 16-character token; the legacy layout
    assertThat(names("_schema/lab", "_schema/lab/t/day=2024.01/x_abcd.tar.gz", 4)).isEqualTo("t|x");
    assertThat(names("_schema/lab", "_schema/lab/update1/field_ABCDEFGH", 8)).isEqualTo("update1|field");
    assertThat(names("_schema/lab", "_schema/lab/t/id=1/f_0123456789abcdef", 16)).isEqualTo("t|f");
    assertThat(names("myschema", "myschema/MyTable/id=42/data_file_Xa9-_Q2b.dat", 8)).isEqualTo("MyTable|data_file");
  }

  @Test
  void aPathOfAnotherShapeIsNamedUnrecognised() {
    assertThat(names("_schema/lab", "_schema/lab/stray.txt", 8)).isEqualTo("?|?");
    assertThat(names("_schema/lab", "_schema/lab/t/id=1/short", 8)).isEqualTo("t|?");
    assertThat(names("_schema/lab", "_schema/lab/t/id=1/f_tokenof10", 8)).isEqualTo("t|?");
    assertThat(names("_schema/lab", "_schema/lab/t/id=1", 8)).isEqualTo("t|?");
  }

  @Test
  void sizesAreBinaryUnitsForPeople() {
    assertThat(ByteSizes.human(0)).isEqualTo("0 B");
    assertThat(ByteSizes.human(1023)).isEqualTo("1023 B");
    assertThat(ByteSizes.human(1024)).isEqualTo("1.0 KiB");
    assertThat(ByteSizes.human(2150)).isEqualTo("2.1 KiB");
    assertThat(ByteSizes.human(150L << 20)).isEqualTo("150 MiB");
    assertThat(ByteSizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  @Test
  void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
    assertThat(CsvReport.field("_hash/lab/abc")).isEqualTo("_hash/lab/abc");
    assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReport.field("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(CsvReport.field("a\nb")).isEqualTo("\"a\nb\"");
  }

  private static String names(String directory, String path, int tokenLength) {
    SchemaObjectNames.TableAttribute named = SchemaObjectNames.of(directory, path, tokenLength);
    return named.table() + "|" + named.attribute();
  }
}
