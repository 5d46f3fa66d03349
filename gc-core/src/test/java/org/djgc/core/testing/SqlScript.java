package org.djgc.core.testing;

import java.util.ArrayList;
import java.util.List;

/** Splits a mysqldump script into statements (semicolons outside quotes and comments). */
public final class SqlScript {
  private SqlScript() {}

  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && i + 1 < script.length()) {
          current.append(script.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && script.startsWith("-- ", i)) {
        i = skipLine(script, i);
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == ';') {
        add(statements, current);
      } else {
        current.append(c);
      }
    }
    add(statements, current);
    return statements;
  }

  private static int skipLine(String script, int i) {
    int end = script.indexOf('\n', i);
    return end < 0 ? script.length() : end;
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
