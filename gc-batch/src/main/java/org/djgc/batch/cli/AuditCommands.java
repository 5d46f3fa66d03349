package org.djgc.batch.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.djgc.batch.job.support.ExecutionsSql;
import org.djgc.batch.job.support.JsonDocuments;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineLedger.LedgerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit commands, read-only and without a job execution of their own: {@code history} (past
 * executions from Spring Batch's tables, newest first) and {@code trace} (everything dj-gc ever
 * did to one file, from the ledger and its event log).
 */
@Component
public class AuditCommands {
  private static final String EXECUTIONS = "SELECT e.JOB_EXECUTION_ID, i.JOB_NAME, e.STATUS, e.EXIT_CODE,"
      + " e.EXIT_MESSAGE, e.START_TIME, e.END_TIME " + ExecutionsSql.FROM + " %s ORDER BY e.JOB_EXECUTION_ID DESC"
      + " LIMIT ?";
  /** Executions of one store (an untyped {@code ? IS NULL} is an error on PostgreSQL, so no such test). */
  private static final String OF_STORE = "WHERE " + ExecutionsSql.ON_STORE;
  private static final String PARAMETERS = "SELECT PARAMETER_NAME, PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS"
      + " WHERE JOB_EXECUTION_ID = ? AND PARAMETER_NAME <> 'runTime' ORDER BY PARAMETER_NAME";
  private static final String STEPS = "SELECT STEP_NAME, STATUS, READ_COUNT, WRITE_COUNT, FILTER_COUNT,"
      + " READ_SKIP_COUNT + WRITE_SKIP_COUNT + PROCESS_SKIP_COUNT AS SKIP_COUNT, COMMIT_COUNT, ROLLBACK_COUNT"
      + " FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? ORDER BY STEP_EXECUTION_ID";

  private final JdbcTemplate jdbc;
  private final QuarantineLedger ledger;

  public AuditCommands(DataSource dataSource, QuarantineLedger ledger) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.ledger = ledger;
  }

  /** Prints the newest executions (of one store when given). */
  public void history(String store, int limit, OutputFormat format, PrintStream out) throws IOException {
    List<Map<String, Object>> executions = store == null
        ? jdbc.queryForList(EXECUTIONS.formatted(""), limit)
        : jdbc.queryForList(EXECUTIONS.formatted(OF_STORE), store, limit);
    if (format == OutputFormat.JSON) {
      try (JsonGenerator json = JsonDocuments.open(out)) {
        JsonDocuments.begin(json, "history");
        json.writeStringField("store", store);
        json.writeArrayFieldStart("executions");
        for (Map<String, Object> execution : executions) {
          long id = ((Number) execution.get("JOB_EXECUTION_ID")).longValue();
          json.writeStartObject();
          json.writeNumberField("execution_id", id);
          json.writeStringField("job", (String) execution.get("JOB_NAME"));
          json.writeStringField("status", (String) execution.get("STATUS"));
          json.writeStringField("exit_status", (String) execution.get("EXIT_CODE"));
          ExitCode code = ExitCode.ofExecution((String) execution.get("STATUS"), (String) execution.get("EXIT_CODE"));
          if (code == null) {
            json.writeNullField("exit_code");
          } else {
            json.writeNumberField("exit_code", code.code());
          }
          json.writeStringField("exit_message", firstLine(execution.get("EXIT_MESSAGE")));
          json.writeStringField("start", utc(execution.get("START_TIME")));
          json.writeStringField("end", utc(execution.get("END_TIME")));
          json.writeObjectFieldStart("parameters");
          for (Map<String, Object> p : jdbc.queryForList(PARAMETERS, id)) {
            json.writeStringField((String) p.get("PARAMETER_NAME"), String.valueOf(p.get("PARAMETER_VALUE")));
          }
          json.writeEndObject();
          json.writeArrayFieldStart("steps");
          for (Map<String, Object> step : jdbc.queryForList(STEPS, id)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> column : step.entrySet()) {
              String name = column.getKey().toLowerCase(java.util.Locale.ROOT);
              if (column.getValue() instanceof Number number) {
                json.writeNumberField(name, number.longValue());
              } else {
                json.writeStringField(name, column.getValue() == null ? null : String.valueOf(column.getValue()));
              }
            }
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      out.println();
      return;
    }
    for (Map<String, Object> execution : executions) {
      long id = ((Number) execution.get("JOB_EXECUTION_ID")).longValue();
      out.printf("#%d %-10s %-9s %-22s %s → %s%n", id, execution.get("JOB_NAME"), execution.get("STATUS"),
          execution.get("EXIT_CODE"), time(execution.get("START_TIME")), time(execution.get("END_TIME")));
      StringBuilder parameters = new StringBuilder();
      jdbc.queryForList(PARAMETERS, id).forEach(p -> parameters.append(' ').append(p.get("PARAMETER_NAME"))
          .append('=').append(p.get("PARAMETER_VALUE")));
      out.println("    parameters:" + parameters);
      for (Map<String, Object> step : jdbc.queryForList(STEPS, id)) {
        out.printf("    %-32s %-9s read=%s write=%s skip=%s commits=%s%n", step.get("STEP_NAME"), step.get("STATUS"),
            step.get("READ_COUNT"), step.get("WRITE_COUNT"), step.get("SKIP_COUNT"), step.get("COMMIT_COUNT"));
      }
    }
  }

  /** Prints the ledger rows and every transition of one original path. */
  public void trace(String store, org.djgc.core.storage.StoreIdentity identity, String path, OutputFormat format,
      PrintStream out) throws IOException {
    List<QuarantineEntry> rows = ledger.history(identity, path);
    List<LedgerEvent> events = ledger.events(identity, path);
    if (format == OutputFormat.JSON) {
      try (JsonGenerator json = JsonDocuments.open(out)) {
        JsonDocuments.begin(json, "trace");
        json.writeStringField("store", store);
        json.writeStringField("path", path);
        json.writeArrayFieldStart("entries");
        for (QuarantineEntry row : rows) {
          json.writeStartObject();
          json.writeNumberField("id", row.id());
          json.writeStringField("trash_path", row.trashPath());
          json.writeStringField("state", row.state().name().toLowerCase(java.util.Locale.ROOT));
          json.writeNumberField("size_bytes", row.sizeBytes());
          json.writeStringField("quarantined_at", row.quarantinedAt() == null ? null : row.quarantinedAt().toString());
          json.writeArrayFieldStart("events");
          for (LedgerEvent event : events) {
            if (event.entryId() == row.id()) {
              json.writeStartObject();
              json.writeStringField("from", lower(event.fromState()));
              json.writeStringField("to", lower(event.toState()));
              json.writeStringField("at", event.at() == null ? null : event.at().toString());
              if (event.executionId() == null) {
                json.writeNullField("execution_id");
              } else {
                json.writeNumberField("execution_id", event.executionId());
              }
              json.writeStringField("detail", event.detail());
              json.writeEndObject();
            }
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      out.println();
      return;
    }
    out.printf("%s in store %s: %d ledger row(s)%n", path, store, rows.size());
    for (QuarantineEntry row : rows) {
      out.printf("  row %d: %s, %d bytes, trash %s%n", row.id(), row.state(), row.sizeBytes(), row.trashPath());
      events.stream().filter(e -> e.entryId() == row.id()).forEach(e -> out.printf("    %s  %s → %s  execution %s%s%n",
          e.at(), e.fromState() == null ? "(new)" : e.fromState(), e.toState(), e.executionId(),
          e.detail() == null ? "" : "  " + e.detail()));
    }
  }

  private static String lower(String state) {
    return state == null ? null : state.toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstLine(Object message) {
    String text = message == null ? "" : message.toString();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** A job repository time (dj-gc runs in UTC, so Spring Batch writes UTC) as ISO-8601 with {@code Z}. */
  private static String utc(Object value) {
    return local(value) instanceof java.time.LocalDateTime time ? time.atOffset(java.time.ZoneOffset.UTC).toString()
        : null;
  }

  /** A job repository time as {@link java.time.LocalDateTime}'s text, from either driver. */
  private static String time(Object value) {
    return String.valueOf(local(value));
  }

  /**
   * A job repository time as MySQL's driver returns it ({@link java.time.LocalDateTime}):
   * PostgreSQL's returns a {@link java.sql.Timestamp}.
   */
  private static Object local(Object value) {
    return value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime() : value;
  }
}
