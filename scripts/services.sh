#!/usr/bin/env bash
# Brings up the local MariaDB that dj-gc's tests use, without systemd, and makes it ready:
#   - server on 127.0.0.1:3306 (installed with apt-get and/or started by hand if needed),
#   - users DB_USER@localhost and DB_USER@127.0.0.1 with rights on their own databases only: ALL
#     (WITH GRANT OPTION) on the name patterns the tests, demo and benchmark use (DB_PATTERNS),
#     CREATE USER (tests create users with narrower grants) and PROCESS (tests read InnoDB's lock
#     waits); a global grant an older version of this script gave is revoked. The script prints
#     the grants it leaves.
#   - database datajoint_gc (utf8mb4), dj-gc's metadata DB,
#   - the Debian packages spin and gcc, which scripts/model-check.sh (the protocol model) needs,
#     and prometheus for promtool, which checks the alert rules in jobs/prometheus,
#   - RabbitMQ on 127.0.0.1:5672 (guest/guest, its default), the broker of remote partitioning
#     (RemotePartitioningIT runs manager and worker jars over it),
#   - PostgreSQL on 127.0.0.1:5432 with role DB_USER (LOGIN, same password) owning database
#     djgc_pipeline, for DataJoint pipelines on PostgreSQL, and role djgc_readonly (LOGIN, password
#     readonly-pw, no rights of its own: the read-only tests grant it SELECT on what DB_USER owns).
# Idempotent: a server that already answers is never reinstalled or restarted.
#
# Environment:
#   DJGC_TEST_JDBC_URL   if set, an external database is used and no local server is touched
#   DJGC_TEST_PG_URL     if set, an external PostgreSQL is used and no local one is touched
#                        (spin, gcc and promtool are still installed when missing)
#   DJGC_DB_USER         default: $DJGC_TEST_DB_USER, else djgc
#   DJGC_DB_PASSWORD     default: $DJGC_TEST_DB_PASSWORD, else djgc-test-pw
set -euo pipefail

DB_USER="${DJGC_DB_USER:-${DJGC_TEST_DB_USER:-djgc}}"
DB_PASSWORD="${DJGC_DB_PASSWORD:-${DJGC_TEST_DB_PASSWORD:-djgc-test-pw}}"
DB_NAME=datajoint_gc
# The databases the tests, demo and benchmark create: dj-gc's metadata (datajoint_gc*), test
# pipelines (gc*: gct_a, gce_a, gcs3_a, ...; sl*: SharedLedgerIT, SymlinkedStoreIT), the fixture's
# (djfx_s0, djfx_s1) and the demo's and benchmark's (djgc_demo, djgc_bench, djgc_*).
DB_PATTERNS=('datajoint%' 'gc%' 'sl%' 'djfx%' 'djgc%')
DB_HOST=127.0.0.1
DB_PORT=3306
START_LOG=/var/log/djgc-mariadbd.log

say() { echo "services.sh: $*"; }
die() { echo "services.sh: ERROR: $*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# spin and gcc check the protocol model (docs/model/README.md); promtool (Debian package
# prometheus; the server is not started) checks the alert rules in jobs/prometheus. Installed only
# when missing.
install_tools() {
  local missing=() tool package
  for tool in spin:spin gcc:gcc promtool:prometheus; do
    package=${tool#*:}
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("$package")
  done
  (( ${#missing[@]} == 0 )) && return 0
  is_root || die "${missing[*]} not installed and this is not root. Run as root:
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  say "installing ${missing[*]} with apt-get"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}
install_tools

# RabbitMQ: installed and started when nothing answers on 127.0.0.1:5672.
AMQP_PORT=5672
RABBIT_LOG=/var/log/djgc-rabbitmq.log
amqp_alive() { (exec 3<>"/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null; }

ensure_rabbitmq() {
  if amqp_alive; then
    say "RabbitMQ already answering on 127.0.0.1:$AMQP_PORT"
    return 0
  fi
  is_root || die "RabbitMQ is not running on 127.0.0.1:$AMQP_PORT and starting it needs root. Run as root:
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server && rabbitmq-server -detached"
  local action=""
  if [[ ! -x /usr/sbin/rabbitmq-server ]]; then
    say "installing rabbitmq-server with apt-get (a 'policy-rc.d denied execution' message is harmless)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server
    action="installed and "
  fi
  # No systemd here: the Debian wrapper starts the node as user rabbitmq, detached.
  amqp_alive || /usr/sbin/rabbitmq-server -detached >>"$RABBIT_LOG" 2>&1 || true
  local i
  for i in $(seq 120); do
    if amqp_alive; then
      say "RabbitMQ ${action}started on 127.0.0.1:$AMQP_PORT"
      return 0
    fi
    sleep 0.5
  done
  echo "services.sh: ERROR: RabbitMQ did not answer on 127.0.0.1:$AMQP_PORT within 60 s" >&2
  tail -n 40 "$RABBIT_LOG" >&2 2>/dev/null || true
  tail -n 40 /var/log/rabbitmq/*.log >&2 2>/dev/null || true
  exit 1
}

ensure_rabbitmq

# PostgreSQL on 127.0.0.1:5432 for DataJoint pipelines on PostgreSQL (issue 12): role $DB_USER
# (password $DB_PASSWORD, LOGIN only) owning database djgc_pipeline, where the tests create their
# schemas. Installed with apt-get and started with pg_ctlcluster when nothing answers.
PG_PORT=5432
PG_DB=djgc_pipeline
pg_alive() { (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; }
pg_test_user_ok() {
  PGPASSWORD="$DB_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$PG_DB" -c 'SELECT 1' >/dev/null 2>&1
}

ensure_postgres() {
  if [[ -n "${DJGC_TEST_PG_URL:-}" ]]; then
    say "DJGC_TEST_PG_URL is set; using the external PostgreSQL $DJGC_TEST_PG_URL (nothing local started)"
    return 0
  fi
  local action="already running" version
  if ! pg_alive; then
    is_root || die "PostgreSQL is not running on 127.0.0.1:$PG_PORT and starting it needs root. Run as root:
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql && pg_ctlcluster <version> main start"
    action=""
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
      say "installing postgresql with apt-get"
      apt-get update
      DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
      action="installed"
    fi
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || pg_createcluster "$version" main
    pg_ctlcluster "$version" main start || true
    local i
    for i in $(seq 120); do pg_alive && break; sleep 0.5; done
    pg_alive || { tail -n 40 /var/log/postgresql/*.log >&2 2>/dev/null || true; die "PostgreSQL did not answer on 127.0.0.1:$PG_PORT within 60 s"; }
    action="${action:+$action and }started"
  fi
  if is_root && su postgres -c "psql -X -q -d postgres -c 'SELECT 1'" >/dev/null 2>&1; then
    local password=${DB_PASSWORD//\'/\'\'}
    su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -d postgres" >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN PASSWORD '$password';
  END IF;
END \$\$;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'djgc_readonly') THEN
    CREATE ROLE djgc_readonly LOGIN PASSWORD 'readonly-pw';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER "$DB_USER"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
SQL
  fi
  pg_test_user_ok || die "PostgreSQL is up, but role '$DB_USER' cannot use database $PG_DB on 127.0.0.1:$PG_PORT.
  Creating them needs root (su postgres): run scripts/services.sh as root once."
  say "PostgreSQL $action on 127.0.0.1:$PG_PORT; role '$DB_USER' and database '$PG_DB' ready"
}

ensure_postgres

if [[ -n "${DJGC_TEST_JDBC_URL:-}" ]]; then
  say "DJGC_TEST_JDBC_URL is set; using the external database $DJGC_TEST_JDBC_URL (nothing local started)"
  exit 0
fi

# True when a server answers, over TCP on 127.0.0.1:3306 or on the default unix socket.
# mariadb-admin ping succeeds even when access is denied, so no credentials are needed.
server_alive() {
  command -v mariadb-admin >/dev/null 2>&1 || return 1
  mariadb-admin --no-defaults --connect-timeout=2 --protocol=tcp -h"$DB_HOST" -P"$DB_PORT" ping >/dev/null 2>&1 \
    || mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1
}

server_installed() { [[ -x /usr/sbin/mariadbd ]] && command -v mariadb >/dev/null 2>&1; }

# The error log named in the server's configuration, if any.
configured_error_log() {
  command -v my_print_defaults >/dev/null 2>&1 || return 0
  my_print_defaults --mysqld 2>/dev/null | sed -n 's/^--log[-_]error=//p' | tail -n 1
}

print_log_tails() {
  local log
  for log in "$(configured_error_log)" "$START_LOG"; do
    if [[ -n "$log" && -r "$log" ]]; then
      echo "---- last 40 lines of $log ----" >&2
      tail -n 40 "$log" >&2
    fi
  done
}

install_server() {
  is_root || die "MariaDB is not installed and this is not root. Run as root:
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server"
  say "installing mariadb-server with apt-get (a 'policy-rc.d denied execution' message is harmless)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server
}

start_server() {
  is_root || die "MariaDB is installed but not running, and starting it needs root. Run this script as root."
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  local log
  log="$(configured_error_log)"
  if [[ -n "$log" ]]; then
    mkdir -p "$(dirname "$log")"
    chown mysql:mysql "$(dirname "$log")" 2>/dev/null || true
  fi
  # No systemd here: run mariadbd detached from this shell. Output that does not go to the
  # configured error log lands in $START_LOG.
  setsid nohup /usr/sbin/mariadbd --user=mysql >>"$START_LOG" 2>&1 </dev/null &
  local pid=$! i
  for i in $(seq 120); do
    server_alive && return 0
    if ! kill -0 "$pid" 2>/dev/null && ! pidof mariadbd >/dev/null 2>&1; then
      echo "services.sh: ERROR: mariadbd exited during startup" >&2
      print_log_tails
      exit 1
    fi
    sleep 0.5
  done
  echo "services.sh: ERROR: MariaDB did not answer mariadb-admin ping within 60 s" >&2
  print_log_tails
  exit 1
}

sql_string() { # a SQL string literal
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\\\'}"
}

# As root over the unix socket: users, grants and the metadata database.
provision_as_root() {
  local u p host pattern grants=""
  u="$(sql_string "$DB_USER")"
  p="$(sql_string "$DB_PASSWORD")"
  for host in localhost 127.0.0.1; do
    grants+="GRANT CREATE USER, PROCESS ON *.* TO $u@'$host';"$'\n'
    for pattern in "${DB_PATTERNS[@]}"; do
      grants+="GRANT ALL PRIVILEGES ON \`$pattern\`.* TO $u@'$host' WITH GRANT OPTION;"$'\n'
    done
  done
  mariadb --protocol=socket -uroot <<SQL
CREATE USER IF NOT EXISTS $u@'localhost' IDENTIFIED BY $p;
CREATE USER IF NOT EXISTS $u@'127.0.0.1' IDENTIFIED BY $p;
ALTER USER $u@'localhost' IDENTIFIED BY $p;
ALTER USER $u@'127.0.0.1' IDENTIFIED BY $p;
REVOKE ALL PRIVILEGES, GRANT OPTION FROM $u@'localhost';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM $u@'127.0.0.1';
$grants
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
  say "grants of user '$DB_USER' (@127.0.0.1 and @localhost alike), no global rights but CREATE USER, PROCESS:"
  mariadb --protocol=socket -uroot -N -e "SHOW GRANTS FOR $u@'127.0.0.1'" | sed -e 's/ IDENTIFIED BY PASSWORD .*//' \
    -e 's/^/  /'
}

# As the test user over TCP, the way the tests connect.
as_test_user() {
  MYSQL_PWD="$DB_PASSWORD" mariadb --no-defaults --connect-timeout=5 --protocol=tcp \
    -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" "$@"
}

verify_test_user() {
  as_test_user -N -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; SELECT 1" \
    >/dev/null
}

action="already running"
if ! server_alive; then
  action=""
  if ! server_installed; then
    install_server
    action="installed"
  fi
  if ! server_alive; then
    start_server
    action="${action:+$action and }started"
  fi
fi

if is_root && mariadb --protocol=socket -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  provision_as_root
elif ! is_root; then
  verify_test_user 2>/dev/null || die "MariaDB is up, but user '$DB_USER' cannot log in on $DB_HOST:$DB_PORT.
  Creating the users needs root: run scripts/services.sh as root once."
else
  # Root without socket access (root has a password): fine if the test user already works.
  verify_test_user 2>/dev/null || die "cannot connect as root over the unix socket, and user '$DB_USER' cannot log in on $DB_HOST:$DB_PORT"
fi

verify_test_user || die "user '$DB_USER' still cannot log in on $DB_HOST:$DB_PORT"
say "MariaDB $action on $DB_HOST:$DB_PORT; user '$DB_USER' and database '$DB_NAME' ready"
