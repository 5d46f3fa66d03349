package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One store directory reached through three spellings: its real path, a symbolic link to it, and a
 * path with {@code ..} in it. The store's identity is what the directory is, not how a config
 * spells it: every spelling takes the same store lock (a second destructive run exits 4 and changes
 * nothing) and works on the same ledger rows.
 */
class SymlinkedStoreIT extends MainStoreTestBase {
  @Test
  void everySpellingOfOneDirectoryTakesTheSameLockAndSeesTheSameRows() throws Exception {
    CrashJar jar = CrashJar.copyInto(tmp);
    pipeline = new MainStorePipeline(DB, tmp.resolve("real/store"), "sls_a");
    pipeline.build();
    Path real = pipeline.root().toRealPath();
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    Files.createDirectories(tmp.resolve("real/elsewhere"));
    Path viaReal = pipeline.writeConfig(tmp.resolve("p1"), real.toString());
    Path viaLink = pipeline.writeConfig(tmp.resolve("p2"), link.toString());
    Path viaDots = pipeline.writeConfig(tmp.resolve("p3"), real.getParent().resolve("elsewhere/../store").toString());
    Map<String, String> initial = pipeline.files();

    // a run through the real path holds the store's lock: runs through the other spellings are refused
    String lock = "djgc-store-" + sha40("file:" + real);
    try (Connection holder = DB.dataSource().getConnection()) {
      try (PreparedStatement s = holder.prepareStatement("SELECT GET_LOCK(?, 0)")) {
        s.setString(1, lock);
        try (ResultSet r = s.executeQuery()) {
          assertThat(r.next() && r.getInt(1) == 1).isTrue();
        }
      }
      for (List<Object> attempt : List.of(List.<Object>of(viaLink, "quarantine"), List.<Object>of(viaLink, "purge"),
          List.<Object>of(viaDots, "restore"))) {
        Path config = (Path) attempt.get(0);
        String job = (String) attempt.get(1);
        {
          GcJar.Result refused = run(jar, config, "--job=" + job, "--schema=" + pipeline.schema(),
              "--gc.testing.clock-offset=P2D");
          assertThat(refused.exitCode()).as(config + " " + job + ": " + refused).isEqualTo(4);
          assertThat(refused.err()).contains(lock);
          assertThat(pipeline.files()).isEqualTo(initial);
          assertThat(pipeline.ledgerRows()).isEmpty();
        }
      }
    }

    // quarantine through the link, purge through the dotted path: one set of rows
    GcJar.Result quarantined = run(jar, viaLink, "--job=quarantine", "--schema=" + pipeline.schema(),
        "--gc.testing.clock-offset=P2D");
    assertThat(quarantined.exitCode()).as(quarantined.toString()).isZero();
    assertThat(pipeline.states()).isEqualTo(Map.of("QUARANTINED", pipeline.orphans().size()));
    GcJar.Result purged = run(jar, viaDots, "--job=purge", "--schema=" + pipeline.schema(),
        "--gc.testing.clock-offset=P10D");
    assertThat(purged.exitCode()).as(purged.toString()).isZero();
    assertThat(pipeline.states()).isEqualTo(Map.of("PURGED", pipeline.orphans().size()));
    assertThat(pipeline.trashFiles()).isEmpty();
    Map<String, String> files = pipeline.files();
    pipeline.orphans().forEach(o -> assertThat(files).doesNotContainKey(o));
    pipeline.live().forEach(l -> assertThat(files.get(l)).isEqualTo(initial.get(l)));
  }

  private GcJar.Result run(CrashJar jar, Path config, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.get(0).startsWith("--restart")) {
      all.add("--store=" + MainStorePipeline.STORE);
    }
    all.addAll(List.of("--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work"), "--gc.chunk-size=2",
        "--gc.max-candidate-fraction=1"));
    return jar.run(tmp, all.toArray(String[]::new));
  }

  private static String sha40(String text) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha).substring(0, 40);
  }
}
