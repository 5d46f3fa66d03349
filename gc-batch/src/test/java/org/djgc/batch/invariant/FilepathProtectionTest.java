package org.djgc.batch.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, hole 1: with {@code schema_prefix: ""} the schema section {@code {schema}/} can hold
 * {@code <filepath@>} files. A referenced one must survive quarantine and purge at zero windows;
 * unreferenced user files there are not garbage unless the operator opts in.
 */
class FilepathProtectionTest extends CycleTestBase {
  private String acquisition;
  private String userFile;
  private String hashOrphan;

  @BeforeEach
  void emptySchemaPrefix() {
    storeSetting("schema_prefix", "");
    fx = fixture(storeRoot, STORE, "_hash", "", List.of());
    pipeline();
    fx.declareTable(A, "recording", Map.of("raw", "<filepath@local>"));
    acquisition = A + "/raw/acquisition.bin";
    fx.insert(A, "recording", 1, Map.of("raw", fx.putUserFile(acquisition, bytes("acquired bytes"))));
    userFile = A + "/raw/notes-not-in-any-row.txt";
    fx.write(userFile, bytes("a user's own file"));
    hashOrphan = pathOf(fx.putHash(A, bytes("blob 1")));
  }

  @Test
  void aReferencedFilepathFileInAnEmptyPrefixSectionSurvivesQuarantineAndPurge() {
    // when
    GcCli.Result report = run("report", "P2D");
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then: the filepath file and the unreferenced user file are where they were; the hash orphan is gone
    assertThat(fx.exists(acquisition)).isTrue();
    assertThat(fx.exists(userFile)).isTrue();
    assertThat(fx.exists(hashOrphan)).isFalse();
    ReportJson json = ReportJson.parse(report.out());
    assertThat(json.orphanPaths()).containsExactly(hashOrphan);
    assertThat(json.root().get("skipped_sections").toString()).contains(A + "/: ")
        .contains("schema_prefix is empty").contains("gc.collect-user-file-sections=true");
  }

  @Test
  void optingInCollectsUnreferencedUserFilesButNeverAReferencedOne() {
    // when
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1", "--gc.collect-user-file-sections=true");
    ok("purge", "P10D", "--gc.collect-user-file-sections=true");

    // then
    assertThat(fx.exists(acquisition)).isTrue();
    assertThat(fx.exists(userFile)).isFalse();
    assertThat(fx.exists(hashOrphan)).isFalse();
  }

  @Test
  void aFilepathPrefixOutsideTheSectionLetsTheSectionBeCollected() {
    // given: user files fenced off under raw/, one unreferenced schema-section file
    storeSetting("filepath_prefix", "raw");
    String strayObject = A + "/recording/id=9/raw_abcdefgh.dat";
    fx.write(strayObject, bytes("orphaned object"));

    // when
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then: the section was collected; the referenced filepath file still protects itself
    assertThat(fx.exists(strayObject)).isFalse();
    assertThat(fx.exists(acquisition)).isTrue();
  }
}
