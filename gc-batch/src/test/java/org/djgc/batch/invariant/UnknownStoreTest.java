package org.djgc.batch.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, hole 3: a store name is a spelling. Rows that name a store this configuration does not
 * know (a renamed store, a colleague's name for the same place), or a configured store that is the
 * same directory spelled differently, must keep protecting their files; only a configured store
 * that is provably elsewhere excludes a row.
 */
class UnknownStoreTest extends CycleTestBase {
  private Path symlinkToStore;
  private Path elsewhereRoot;

  @Override
  protected DjConfigFile configure(DjConfigFile config) {
    if (symlinkToStore != null) {
      config.fileStore("same_place", symlinkToStore, Map.of());
    }
    if (elsewhereRoot != null) {
      config.fileStore("other_place", elsewhereRoot, Map.of());
    }
    return config;
  }

  @Test
  void aRowNamingAStoreTheConfigDoesNotKnowKeepsItsFile() {
    // given: the store was renamed from 'archive' to 'local'; a live row still says 'archive'
    // (other pipelines on the server may name stores unknown here too: count only this row's)
    pipeline();
    long othersUnknown = unknownStoreReferences(run("report", "P2D"));
    String renamed = fx.putHash(A, bytes("written before the rename")).replace("\"store\": \"local\"",
        "\"store\": \"archive\"");
    fx.insert(A, "blob_test", 7, Map.of("payload", renamed));

    // when
    GcCli.Result report = run("report", "P2D");
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then
    assertThat(fx.exists(pathOf(renamed))).isTrue();
    assertThat(unknownStoreReferences(report)).isEqualTo(othersUnknown + 1);
    assertThat(ReportJson.parse(report.out()).orphanPaths()).doesNotContain(pathOf(renamed));
  }

  private static long unknownStoreReferences(GcCli.Result report) {
    return ReportJson.parse(report.out()).root().get("unknown_store_references").asLong();
  }

  @Test
  void strictModeRefusesOnAnUnknownStoreName() {
    // given
    pipeline();
    String renamed = fx.putHash(A, bytes("renamed")).replace("\"store\": \"local\"", "\"store\": \"archive\"");
    fx.insert(A, "blob_test", 7, Map.of("payload", renamed));

    // when
    GcCli.Result quarantine = run("quarantine", "P2D", "--gc.max-candidate-fraction=1", "--gc.unknown-stores=refuse");

    // then
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(quarantine.out()).contains("refused");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
  }

  @Test
  void aSchemaWhoseColumnNamesAnUnknownStoreIsReadForReferences() {
    // given: B declares its column on 'archive' (unknown here) and points into A's section
    pipeline();
    fx.declareTable(B, "copies", Map.of("file", "<object@archive>"));
    String object = fx.putObject(A, "object_test", 7, "file", "keepme01", ".dat", bytes("copied"));
    fx.insert(B, "copies", 1, Map.of("file", object.replace("\"store\": \"local\"", "\"store\": \"archive\"")));

    // when
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then
    assertThat(fx.exists(pathOf(object))).isTrue();
  }

  @Test
  void aConfiguredStoreThatIsTheSameDirectoryThroughASymlinkProtects() throws Exception {
    // given: 'same_place' is this store's directory reached through a symlink
    symlinkToStore = Files.createSymbolicLink(tmp.resolve("link-to-store"), storeRoot.toAbsolutePath());
    elsewhereRoot = Files.createDirectories(tmp.resolve("elsewhere"));
    pipeline();
    String viaLink = fx.putHash(A, bytes("via link")).replace("\"store\": \"local\"", "\"store\": \"same_place\"");
    fx.insert(A, "blob_test", 7, Map.of("payload", viaLink));
    String otherStore = fx.putHash(A, bytes("other store's row")).replace("\"store\": \"local\"",
        "\"store\": \"other_place\"");
    fx.insert(A, "blob_test", 8, Map.of("payload", otherStore));

    // when
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then: the alias protects; a row of a provably different store does not
    assertThat(fx.exists(pathOf(viaLink))).isTrue();
    assertThat(fx.exists(pathOf(otherStore))).isFalse();
  }
}
