package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineLedger.Claim;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claims of many rows in one round trip (issue 10) keep the compare-and-set of a single claim, per
 * row, whatever the driver reports per statement (matched rows, affected rows, or no counts from a
 * rewritten batch).
 */
class LedgerClaimsTest {
  private static final String DATABASE = "djgc_ledger_claims";
  private static final StoreIdentity STORE = StoreIdentity.of("file:/claims");
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final long US = 7;
  private static final long GONE = 9;

  private final TestDatabase db = TestDatabase.get();

  @AfterEach
  void dropDatabase() {
    db.dropSchemas(DATABASE);
  }

  @ParameterizedTest(name = "driver options \"{0}\"")
  @ValueSource(strings = {"", "?rewriteBatchedStatements=true", "?useAffectedRows=true",
      "?useAffectedRows=true&rewriteBatchedStatements=true"})
  void eachRowIsClaimedOnlyIfItIsStillInItsStateAndHeldAsRead(String options) {
    // given: five PURGING/QUARANTINED rows with different holders
    db.recreateSchema(DATABASE);
    MysqlDataSource source = new MysqlDataSource();
    source.setUrl(db.jdbcUrl() + DATABASE + options);
    source.setUser(db.user());
    source.setPassword(db.password());
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(source);
    ledger.initialize();
    long ours = purging(ledger, "a", US);
    long gone = purging(ledger, "b", GONE);
    long readWrong = purging(ledger, "c", GONE);
    long quarantined = quarantined(ledger, "d");
    long alsoOurs = purging(ledger, "e", US);

    // when
    Set<Long> held = ledger.claimAll(List.of(new Claim(ours, QuarantineState.PURGING, US),
        new Claim(gone, QuarantineState.PURGING, GONE), new Claim(readWrong, QuarantineState.PURGING, null),
        new Claim(quarantined, QuarantineState.PURGING, null), new Claim(alsoOurs, QuarantineState.PURGING, US)), US);

    // then: the rows still as read are ours; the others are untouched
    assertThat(held).containsExactlyInAnyOrder(ours, gone, alsoOurs);
    assertThat(ledger.findById(gone).claimExecutionId()).isEqualTo(US);
    assertThat(ledger.findById(readWrong).claimExecutionId()).isEqualTo(GONE);
    assertThat(ledger.findById(quarantined).state()).isEqualTo(QuarantineState.QUARANTINED);
    assertThat(ledger.findById(quarantined).claimExecutionId()).isEqualTo(1L);
    assertThat(ledger.claimAll(List.of(), US)).isEmpty();
  }

  private static long quarantined(JdbcQuarantineLedger ledger, String name) {
    String path = "_hash/s/" + name;
    ledger.recordMoving(List.of(new NewEntry("claims", STORE, SectionKind.HASH, "s", path, path, "_trash/r/" + path,
        4, AT, 1)), AT);
    long id = ledger.findByTrashPaths(STORE, List.of("_trash/r/" + path)).get(0).id();
    ledger.markQuarantined(Map.of(id, "etag"), AT);
    return id; // still held by execution 1, which moved it
  }

  private static long purging(JdbcQuarantineLedger ledger, String name, long holder) {
    long id = quarantined(ledger, name);
    ledger.markPurging(id, holder, AT.plusSeconds(1));
    return id;
  }
}
