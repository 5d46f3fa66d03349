package org.djgc.batch.job.quarantine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;

/**
 * Groups the diff's stream (listed files in match order, each with its coverage verdict) into
 * units: in a schema section, {@code U.manifest.json} starts the unit of directory object {@code
 * U}, and every following file under {@code U/} joins it (the outermost manifest wins). A unit is
 * a candidate only when none of its files is covered and all are older than the cutoff.
 */
final class UnitGrouper {
  private final List<Section> sections;
  private final long cutoffMillis;
  private final Consumer<CandidateUnit> candidates;
  private final Consumer<Decision> decisions;
  private String unitPath;
  private final List<ListedFile> files = new ArrayList<>();
  private boolean anyCovered;
  private boolean anyYoung;

  /** What became of one unit. */
  record Decision(CandidateUnit unit, boolean covered, boolean tooYoung) {}

  UnitGrouper(List<Section> sections, long cutoffMillis, Consumer<CandidateUnit> candidates,
      Consumer<Decision> decisions) {
    this.sections = sections;
    this.cutoffMillis = cutoffMillis;
    this.candidates = candidates;
    this.decisions = decisions;
  }

  void accept(ListedFile file, boolean covered) {
    String key = file.matchKey();
    boolean joins = unitPath != null && (key.equals(unitPath) || key.startsWith(unitPath + "/"));
    if (!joins) {
      flush();
      boolean manifest = !key.equals(file.path()) && sections.get(file.section()).kind() == SectionKind.SCHEMA;
      unitPath = manifest ? key : file.path();
    }
    files.add(file);
    anyCovered |= covered;
    anyYoung |= file.modifiedMillis() >= cutoffMillis;
    if (unitPath.equals(file.path())) {
      flush();
    }
  }

  void flush() {
    if (files.isEmpty()) {
      unitPath = null;
      return;
    }
    CandidateUnit unit = new CandidateUnit(unitPath, List.copyOf(files));
    decisions.accept(new Decision(unit, anyCovered, anyYoung));
    if (!anyCovered && !anyYoung) {
      candidates.accept(unit);
    }
    files.clear();
    unitPath = null;
    anyCovered = false;
    anyYoung = false;
  }
}
