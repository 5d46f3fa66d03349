package org.djgc.batch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.testing.SqlScript;
import org.junit.jupiter.api.Test;

/** docs/audit.sql creates views that answer for a real quarantine run, and history/trace print it. */
class AuditViewsTest extends ReportTestBase {

  @Test
  void auditViewsHistoryAndTraceShowAQuarantinedFile() throws Exception {
    // given: one orphan quarantined
    fx.declareTable(A, "blob_test", java.util.Map.of("payload", "<blob@local>"));
    String orphan = pathOf(fx.putHash(A, bytes("orphan")));
    fx.insert(A, "blob_test", 1, java.util.Map.of("payload", fx.putHash(A, bytes("live"))));
    GcCli.Result quarantine = job("quarantine", "--schema=" + A, "--gc.testing.clock-offset=P2D");
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(org.djgc.batch.cli.ExitCode.OK);

    // when
    String script = Files.readString(Path.of("..", "docs", "audit.sql"));
    String use = metadata.postgres() ? "SET search_path TO datajoint_gc;\n" : "USE datajoint_gc;\n";
    metadata.execute(SqlScript.statements(use + script).toArray(String[]::new));
    List<String> objects = query("SELECT original_path, state FROM datajoint_gc.gc_audit_objects WHERE store = 'local'");
    List<String> events = query("SELECT CONCAT(COALESCE(from_state, 'new'), '>', to_state) FROM"
        + " datajoint_gc.gc_audit_events WHERE store = 'local' AND original_path = '" + orphan + "'");
    List<String> runs = query("SELECT CONCAT(job, ':', exit_code) FROM datajoint_gc.gc_audit_runs WHERE store = 'local'"
        + " ORDER BY execution_id DESC LIMIT 1");
    GcCli.Result trace = GcCli.run("--job=trace", "--store=" + STORE, "--path=" + orphan, "--dj-config=" + writeConfig());
    GcCli.Result history = GcCli.run("--job=history", "--store=" + STORE, "--limit=1", "--format=json",
        "--dj-config=" + writeConfig());

    // then
    assertThat(objects).containsExactly(orphan + " QUARANTINED");
    assertThat(events).containsExactly("new>MOVING", "MOVING>QUARANTINED");
    assertThat(runs).containsExactly("quarantine:COMPLETED");
    assertThat(trace.out()).contains(orphan, "QUARANTINED", "(new) → MOVING", "MOVING → QUARANTINED");
    assertThat(history.out()).contains("\"job\" : \"quarantine\"", "\"status\" : \"COMPLETED\"",
        "quarantine.moveToTrash", "\"store\" : \"local\"");
  }

  private List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = metadata.dataSource().getConnection(); Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder(r.getString(1));
        for (int i = 2; i <= columns; i++) {
          row.append(' ').append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
