package org.djgc.batch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.batch.support.StoreState;
import org.djgc.core.testing.DjFixture;
import org.junit.jupiter.api.Test;

/**
 * Two store names for one directory, one of them spelled through a symbolic link: rows that name
 * either store protect the files of both (DataJoint writes the store name into each row). Aliases
 * are recognised by the stores' identity, not by how their locations are spelled.
 */
class SymlinkedAliasTest extends ReportTestBase {
  @Test
  void aFileReferencedOnlyThroughASymlinkedAliasIsNeverQuarantinedNorPurged() throws Exception {
    // given: store local at the real directory, store alias at a link to it; a row of gct_a names alias
    Files.createDirectories(storeRoot);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), storeRoot);
    DjFixture viaAlias = fixture(link, "alias", "_hash", "_schema", List.of());
    viaAlias.declareTable(A, "aliased", Map.of("payload", "<blob@alias>"));
    String kept = viaAlias.putHash(A, bytes("referenced through the alias"));
    viaAlias.insert(A, "aliased", 1, Map.of("payload", kept));
    fx.declareTable(A, "own", Map.of("payload", "<blob@local>"));
    String orphan = fx.putHash(A, bytes("an orphan of local"));
    fx.insert(A, "own", 1, Map.of("payload", orphan));
    fx.delete(A, "own", 1);
    String live = fx.putHash(A, bytes("a live file of local"));
    fx.insert(A, "own", 2, Map.of("payload", live));
    Path config = DjConfigFile.forDatabase(db).fileStore(STORE, storeRoot, Map.of()).fileStore("alias", link, Map.of())
        .writeTo(tmp.resolve("config"));

    // when: quarantine and purge store local past min-age and grace
    GcCli.Result quarantine = run(config, "quarantine", "P2D");
    GcCli.Result purge = run(config, "purge", "P10D");

    // then: the aliased file stays; the orphan is gone
    assertThat(storeRoot.resolve(pathOf(kept))).as("file referenced through the alias").exists();
    assertThat(storeRoot.resolve(pathOf(live))).exists();
    assertThat(storeRoot.resolve(pathOf(orphan))).doesNotExist();
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.OK);
    assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(ExitCode.OK);
    assertThat(StoreState.trash(storeRoot)).isEmpty();
  }

  private GcCli.Result run(Path config, String job, String clockOffset) {
    return GcCli.run("--job=" + job, "--store=" + STORE, "--schema=" + A, "--format=json", "--dj-config=" + config,
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=" + clockOffset,
        "--gc.max-candidate-fraction=1");
  }
}
