package org.djgc.core.reference.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.Reference;
import org.djgc.core.reference.ReferenceScanException;
import org.djgc.core.reference.ReferenceScope;
import org.djgc.core.reference.ReferenceSink;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The snapshot must come from the server that serves locks. A read/write-splitting proxy is
 * simulated in front of the real test server: statements outside a transaction go to the
 * "primary", statements inside one to the "replica", which answers the identity query as another
 * server would.
 */
class SnapshotServerTest {
  private final TestDatabase db = TestDatabase.get();
  private static final ReferenceScope SCOPE = new ReferenceScope(List.of("gct_none"), Set.of("local"), Set.of(),
      "local", null, false);
  private static final ReferenceSink SINK = new ReferenceSink() {
    @Override
    public void reference(Reference reference) {}

    @Override
    public void finding(Finding finding) {}
  };

  @Test
  void aDirectConnectionServesLocksAndSnapshotFromOneServer() throws Exception {
    try (Connection connection = db.dataSource().getConnection()) {
      String lockServer = SnapshotServer.lockServer(connection);
      connection.setAutoCommit(false);
      assertThat(SnapshotServer.current(connection)).isEqualTo(lockServer);
      connection.rollback();
    }
    new JdbcReferenceScanner(db.dataSource(), CodecClassifier.withCustomCodecs(java.util.Map.of())).scan(SCOPE, SINK);
  }

  @Test
  void aSnapshotRoutedToAnotherServerIsRefused() {
    JdbcReferenceScanner scanner = new JdbcReferenceScanner(new SplittingProxy(db.dataSource()),
        CodecClassifier.withCustomCodecs(java.util.Map.of()));

    assertThatThrownBy(() -> scanner.scan(SCOPE, SINK)).isInstanceOf(ReferenceScanException.class)
        .hasMessageContaining("replica-1:3306").hasMessageContaining("connect dj-gc to the primary");
  }

  /** Routes a transaction's statements to a "replica" that reports another identity. */
  private record SplittingProxy(DataSource target) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      Connection real = target.getConnection();
      boolean[] inTransaction = {false};
      InvocationHandler connection = (proxy, method, args) -> {
        Object result = invoke(method, real, args);
        if (result instanceof Statement statement && method.getName().equals("createStatement")) {
          return statement(statement, inTransaction);
        }
        if (method.getName().equals("rollback") || method.getName().equals("commit")) {
          inTransaction[0] = false;
        }
        return result;
      };
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
          connection);
    }

    private static Statement statement(Statement real, boolean[] inTransaction) {
      InvocationHandler handler = (proxy, method, args) -> {
        if (args != null && args.length > 0 && args[0] instanceof String sql) {
          if (sql.startsWith("START TRANSACTION")) {
            inTransaction[0] = true;
          } else if (inTransaction[0] && sql.equals("SELECT " + SnapshotServer.IDENTITY)) {
            args[0] = "SELECT 'replica-1', 3306, 2";
          }
        }
        return invoke(method, real, args);
      };
      return (Statement) Proxy.newProxyInstance(SplittingProxy.class.getClassLoader(),
          new Class<?>[] {Statement.class}, handler);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public Connection getConnection(String username, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
