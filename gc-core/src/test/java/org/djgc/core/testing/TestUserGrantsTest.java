package org.djgc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB user the tests run as (scripts/services.sh provisions it, with a published password)
 * holds rights on its own databases only: no global privilege but {@code CREATE USER} and {@code PROCESS}
 * (issue 13).
 * Its grants still let every test run, which the rest of the suite proves.
 */
class TestUserGrantsTest {
  @Test
  void theTestUserHoldsNoGlobalRightButCreateUserAndProcess() throws Exception {
    List<String> grants = new ArrayList<>();
    try (Connection connection = TestDatabase.get().dataSource().getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SHOW GRANTS FOR CURRENT_USER")) {
      while (rows.next()) {
        grants.add(rows.getString(1));
      }
    }

    List<String> global = grants.stream().filter(g -> g.contains(" ON *.* ")).toList();
    assertThat(global).as("global grants of %s (services.sh grants rights on the test databases only)", grants)
        .allSatisfy(g -> assertThat(g).matches("GRANT (USAGE|PROCESS, CREATE USER|CREATE USER, PROCESS) ON \\*\\.\\* TO .*"));
    assertThat(grants).anyMatch(g -> g.contains("ON `gc%`.*") && g.contains("WITH GRANT OPTION"));
  }
}
