package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report people act on (issue 13): by default a summary (orphans per schema, table and
 * attribute, the largest ones, their monthly cost) instead of every path; {@code --list} adds every
 * path; {@code --format=csv} gives one row per orphan.
 */
class ReportSummaryTest extends ReportTestBase {
  private final Map<String, Long> orphans = new TreeMap<>();
  private String largest;
  private String second;

  @BeforeEach
  void pipeline() {
    fx.declareTable(A, "recording", Map.of("raw", "<object@local>", "trace", "<npy@local>"));
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "recording", 1, Map.of("raw", fx.putObject(A, "recording", 1, "raw", "Ab_-1234", ".dat",
        new byte[500]), "trace", fx.putNpy(A, "recording", 1, "trace", "Zz9_zz9_", new byte[64])));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    // orphans: three raw files (one whose token holds '_' and '-'), one trace, two hash-addressed
    orphan(fx.putObject(A, "recording", 2, "raw", "a_b-c_d-", ".dat", new byte[100]));
    largest = orphan(fx.putObject(A, "recording", 3, "raw", "AAAAAAAA", ".dat", new byte[2000]));
    orphan(fx.putObject(A, "recording", 4, "raw", "BBBBBBBB", ".dat", new byte[50]));
    second = orphan(fx.putNpy(A, "recording", 5, "trace", "CCCCCCCC", new byte[800]));
    orphan(fx.putHash(A, new byte[10]));
    orphan(fx.putHash(A, new byte[20]));
  }

  private String orphan(String json) {
    String path = pathOf(json);
    orphans.put(path, (long) fx.storeRoot().resolve(path).toFile().length());
    return path;
  }

  @Test
  void theTextReportSumsOrphansByTableAndAttributeNamesTheLargestAndTheirCost() {
    // when
    GcCli.Result result = report("--schema=" + A, "--format=text", "--gc.report.top=2",
        "--gc.report.price-per-gb-month=1000000");

    // then: one line per schema, table and attribute, the largest bytes first
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    List<String> lines = Arrays.asList(result.out().split("\n"));
    List<String> groups = lines.stream()
        .filter(l -> l.startsWith(A + " ")).map(l -> l.trim().replaceAll(" {2,}", "|")).toList();
    assertThat(groups).containsExactly("gct_a|recording|raw|3|2.1 KiB", "gct_a|recording|trace|1|800 B",
        "gct_a|(hash-addressed)|2|30 B");
    // the two largest, largest first, with human sizes
    int top = lines.indexOf("largest 2 orphan(s) (gc.report.top):");
    assertThat(top).isPositive();
    assertThat(lines.get(top + 1)).matches(" +2\\.0 KiB  " + Pattern.quote(largest));
    assertThat(lines.get(top + 2)).matches(" +800 B  " + Pattern.quote(second));
    // 3,008 bytes at a million per GB-month
    long bytes = orphans.values().stream().mapToLong(Long::longValue).sum();
    assertThat(result.out()).contains(String.format(java.util.Locale.ROOT,
        "estimated cost of keeping them: %.2f per month at 1000000 per GB-month", bytes / 1e9 * 1e6));
    // no path but the largest two is printed without --list
    assertThat(result.out()).contains("orphaned files: 6 (--list prints every path)");
    orphans.keySet().stream().filter(p -> !p.equals(largest) && !p.equals(second))
        .forEach(p -> assertThat(result.out()).doesNotContain(p));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("RESULT: OK: 6 orphaned file(s), " + bytes + " byte(s) ("
        + (bytes >= 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " B")
        + "); dry run, nothing moved or deleted");
  }

  @Test
  void listPrintsEveryOrphanWithItsSize() {
    GcCli.Result result = report("--schema=" + A, "--format=text", "--list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    Map<String, Long> listed = new TreeMap<>();
    for (String line : result.out().split("\n")) {
      var row = Pattern.compile("^ {2,}(\\d+)  (\\S+)$").matcher(line);
      if (row.matches()) {
        listed.put(row.group(2), Long.parseLong(row.group(1)));
      }
    }
    assertThat(listed).isEqualTo(orphans);
    assertThat(result.out()).contains("orphaned files: 6\n");
  }

  @Test
  void csvHasOneRowPerOrphanWithItsTableAndAttribute() {
    // when
    GcCli.Result result = report("--schema=" + A, "--format=csv");

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    String[] lines = result.out().split("\r\n");
    assertThat(lines[0]).isEqualTo("path,size_bytes,section,schema,table,attribute,modified_utc");
    Map<String, Long> rows = new TreeMap<>();
    List<String> named = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split(",", -1);
      assertThat(fields).as(lines[i]).hasSize(7);
      rows.put(fields[0], Long.parseLong(fields[1]));
      named.add(fields[2] + "|" + fields[3] + "|" + fields[4] + "|" + fields[5]);
      assertThat(java.time.Instant.parse(fields[6])).isAfter(java.time.Instant.now().minusSeconds(3600));
    }
    assertThat(rows).isEqualTo(orphans);
    assertThat(named).containsExactlyInAnyOrder("schema|gct_a|recording|raw", "schema|gct_a|recording|raw",
        "schema|gct_a|recording|raw", "schema|gct_a|recording|trace", "hash|gct_a||", "hash|gct_a||");
  }

  @Test
  void theJsonReportCarriesTheSummary() {
    ReportJson report = cleanReport("--schema=" + A, "--gc.report.top=1");

    JsonNode summary = report.root().get("summary");
    List<String> groups = new ArrayList<>();
    summary.get("by_table").forEach(g -> groups.add(g.get("table").asText() + "|" + g.get("attribute").asText()
        + "|" + g.get("orphaned").asLong() + "|" + g.get("orphaned_bytes").asLong()));
    assertThat(groups).containsExactly("recording|raw|3|2150", "recording|trace|1|" + orphans.get(second),
        "(hash-addressed)||2|30");
    assertThat(summary.get("largest")).hasSize(1);
    assertThat(summary.get("largest").get(0).get("path").asText()).isEqualTo(largest);
    assertThat(summary.get("price_per_gb_month").asDouble()).isEqualTo(0.023);
    assertThat(report.orphans()).isEqualTo(orphans);
  }

  @Test
  void csvIsReportsOnlyAndABadSummarySettingIsNamed() {
    GcCli.Result quarantine = job("quarantine", "--schema=" + A, "--format=csv");
    GcCli.Result negative = report("--schema=" + A, "--gc.report.top=-1");

    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(quarantine.err()).contains("--format=csv belongs to --job=report");
    assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(negative.err()).contains("gc.report.top", "-1");
  }
}
