#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL.
#
#   scripts/dev-services.sh [up]   reuse what listens; else start project-local servers under .data/
#   scripts/dev-services.sh stop   stop the project-local servers this script started
#   scripts/dev-services.sh clean  stop them and delete their data (.data/pg and logs)
#
# Servers that were already running (a system PostgreSQL, a remote Redis) are only used, never
# started or stopped. Idempotent: when everything answers it returns in well under a second.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/.data

DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/brigade}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}

say() { printf 'services: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- URL parsing: scheme://[user[:password]@]host[:port][/path][?query] -----------------------
# Sets U_USER U_PASS U_HOST U_PORT U_PATH.
parse_url() {
  local rest=${1#*://} auth='' hostport
  rest=${rest%%\?*}
  if [[ $rest == *@* ]]; then auth=${rest%@*}; rest=${rest##*@}; fi
  hostport=${rest%%/*}
  U_PATH=''; [[ $rest == */* ]] && U_PATH=${rest#*/}
  U_USER=${auth%%:*}; U_PASS=''; [[ $auth == *:* ]] && U_PASS=${auth#*:}
  if [[ $hostport == \[*\]* ]]; then            # [::1]:5432
    U_HOST=${hostport%%]*}; U_HOST=${U_HOST#[}; U_PORT=${hostport##*]}; U_PORT=${U_PORT#:}
  else
    U_HOST=${hostport%%:*}; U_PORT=''; [[ $hostport == *:* ]] && U_PORT=${hostport##*:}
  fi
  U_HOST=${U_HOST:-127.0.0.1}
}

is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

wait_for() {  # wait_for SECONDS CMD...
  local tries=$(( $1 * 5 )); shift
  while (( tries-- > 0 )); do "$@" && return 0; sleep 0.2; done
  return 1
}

# --- PostgreSQL --------------------------------------------------------------------------------
parse_url "$DATABASE_URL"
PG_HOST=$U_HOST PG_PORT=${U_PORT:-5432} PG_USER=${U_USER:-postgres} PG_PASS=$U_PASS PG_DB=${U_PATH:-brigade}
PGDATA_DIR=$DATA/pg

pg_bindir() {
  # Prefer the server binaries next to a pg_ctl on PATH, else the newest Debian-style install.
  local p
  if p=$(command -v pg_ctl 2>/dev/null); then dirname "$(readlink -f "$p")"; return; fi
  p=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $p && -x $p/pg_ctl ]] && echo "$p"
}

pg_up() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  elif [[ -n ${PG_BIN:-} ]]; then
    "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}

# PostgreSQL refuses to run as root: as root, run its binaries as an unprivileged system user.
PG_RUN_AS='' PG_REAL='' PG_LOG=''
pg_as() {
  if [[ -n $PG_RUN_AS ]]; then (cd / && runuser -u "$PG_RUN_AS" -- "$@"); else "$@"; fi
}

pg_choose_user() {
  if [[ $(id -u) -ne 0 ]]; then pg_paths; return; fi
  if id -u postgres >/dev/null 2>&1; then
    PG_RUN_AS=postgres
  else
    id -u brigade-pg >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin brigade-pg ||
      die "running as root and could not create a user to own $PGDATA_DIR"
    PG_RUN_AS=brigade-pg
  fi
  # The server user must reach .data/pg. When the checkout sits in a directory it cannot enter
  # (/root/...), keep the cluster in /var/tmp and point .data/pg at it.
  if [[ ! -e $PGDATA_DIR ]] && ! runuser -u "$PG_RUN_AS" -- test -x "$DATA"; then
    local outside
    outside=/var/tmp/brigade-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
    mkdir -p "$outside/pg"
    chown "$PG_RUN_AS" "$outside"
    ln -sfn "$outside/pg" "$PGDATA_DIR"
    say "$DATA is not reachable by $PG_RUN_AS; the cluster and its log live in $outside"
  fi
  pg_paths
}

# The server is given real paths: it may not be able to follow .data/pg's own path.
pg_paths() {
  PG_REAL=$(readlink -f "$PGDATA_DIR")
  PG_LOG=$(dirname "$PG_REAL")/pg.log
}

pg_start_local() {
  PG_BIN=$(pg_bindir) || true
  [[ -n $PG_BIN && -x $PG_BIN/initdb ]] || die "no PostgreSQL server binaries (initdb, pg_ctl) found.
  Install them (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql),
  or point DATABASE_URL at a running server."
  mkdir -p "$DATA"
  pg_choose_user
  if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
    say "creating a PostgreSQL cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [[ -n $PG_RUN_AS ]] && chown "$PG_RUN_AS" "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    pg_paths
    pg_as "$PG_BIN/initdb" -U "$PG_USER" --auth=trust -E UTF8 -D "$PG_REAL" >"$DATA/pg-initdb.log" 2>&1 ||
      die "initdb failed; see $DATA/pg-initdb.log"
  fi
  touch "$PG_LOG"
  [[ -n $PG_RUN_AS ]] && chown "$PG_RUN_AS" "$PG_LOG"
  say "starting PostgreSQL on $PG_HOST:$PG_PORT (data $PGDATA_DIR, log $PG_LOG)"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_REAL" -l "$PG_LOG" -w -t 30 \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null ||
    die "PostgreSQL did not start; see $PG_LOG"
  wait_for 15 pg_up || die "PostgreSQL started but does not answer on $PG_HOST:$PG_PORT; see $PG_LOG"
}

pg_ensure_database() {
  local psql
  psql=$(command -v psql || true)
  [[ -z $psql && -n ${PG_BIN:-} ]] && psql=$PG_BIN/psql
  export PGPASSWORD=$PG_PASS
  if [[ -n $psql && -x $psql ]]; then
    local conn=(-h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [[ -z $("$psql" "${conn[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DB//\'/\'\'}'") ]]; then
      say "creating database $PG_DB"
      "$psql" "${conn[@]}" -c "CREATE DATABASE \"${PG_DB//\"/\"\"}\"" >/dev/null
    fi
  elif [[ -x $ROOT/.venv/bin/python ]]; then
    "$ROOT/.venv/bin/python" - "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_PASS" "$PG_DB" <<'PY'
import sys
import psycopg
from psycopg import sql
host, port, user, password, db = sys.argv[1:]
with psycopg.connect(host=host, port=port, user=user, password=password or None,
                     dbname="postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
        print(f"services: creating database {db}", file=sys.stderr)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
PY
  else
    die "cannot create database $PG_DB: no psql (apt-get install postgresql-client) and no .venv yet"
  fi
}

pg_stop_local() {
  [[ -f $PGDATA_DIR/postmaster.pid ]] || return 0
  PG_BIN=$(pg_bindir) || true
  [[ -n $PG_BIN ]] || die "cannot stop PostgreSQL in $PGDATA_DIR: pg_ctl not found"
  pg_choose_user
  say "stopping the project-local PostgreSQL"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_REAL" -m fast -w stop >/dev/null
}

# --- Redis -------------------------------------------------------------------------------------
parse_url "$REDIS_URL"
RD_HOST=$U_HOST RD_PORT=${U_PORT:-6379} RD_PASS=$U_PASS
RD_PIDFILE=$DATA/redis.pid

redis_up() {
  if command -v redis-cli >/dev/null; then
    local auth=(); [[ -n $RD_PASS ]] && auth=(--no-auth-warning -a "$RD_PASS")
    [[ $(redis-cli -h "$RD_HOST" -p "$RD_PORT" "${auth[@]}" ping 2>/dev/null) == PONG ]]
  else
    (exec 3<>"/dev/tcp/$RD_HOST/$RD_PORT") 2>/dev/null
  fi
}

redis_start_local() {
  command -v redis-server >/dev/null || die "no redis-server found.
  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),
  or point REDIS_URL at a running server."
  mkdir -p "$DATA"
  say "starting Redis on $RD_HOST:$RD_PORT (log .data/redis.log)"
  # Absolute paths: redis changes into --dir while reading its options.
  local pass=(); [[ -n $RD_PASS ]] && pass=(--requirepass "$RD_PASS")
  redis-server --port "$RD_PORT" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$RD_PIDFILE" --logfile "$DATA/redis.log" --dir "$DATA" \
    --save '' --appendonly no "${pass[@]}" ||
    die "Redis did not start; see .data/redis.log"
  wait_for 10 redis_up || die "Redis started but does not answer on $RD_HOST:$RD_PORT; see .data/redis.log"
}

redis_stop_local() {
  [[ -f $RD_PIDFILE ]] || return 0
  local pid; pid=$(cat "$RD_PIDFILE")
  if kill -0 "$pid" 2>/dev/null && grep -q redis "/proc/$pid/comm" 2>/dev/null; then
    say "stopping the project-local Redis (pid $pid)"
    kill "$pid"
    wait_for 10 bash -c "! kill -0 $pid 2>/dev/null" || say "Redis (pid $pid) is still running"
  fi
  rm -f "$RD_PIDFILE"
}

# --- main --------------------------------------------------------------------------------------
case ${1:-up} in
  up)
    if ! pg_up; then
      is_local "$PG_HOST" || die "nothing answers at $PG_HOST:$PG_PORT (DATABASE_URL) and it is not local"
      pg_start_local
    fi
    pg_ensure_database
    if ! redis_up; then
      is_local "$RD_HOST" || die "nothing answers at $RD_HOST:$RD_PORT (REDIS_URL) and it is not local"
      redis_start_local
    fi
    say "PostgreSQL $PG_HOST:$PG_PORT/$PG_DB and Redis $RD_HOST:$RD_PORT are up"
    ;;
  stop)
    pg_stop_local
    redis_stop_local
    ;;
  clean)
    pg_stop_local
    redis_stop_local
    # A cluster kept outside the checkout (see pg_choose_user) goes with it.
    if [[ -L $PGDATA_DIR ]]; then
      outside=$(dirname "$(readlink -f "$PGDATA_DIR")")
      [[ $outside == /var/tmp/brigade-* ]] && rm -rf "$outside"
    fi
    # Only what this script made: other tools keep their own things under .data/ too.
    rm -rf "$PGDATA_DIR" "$DATA"/pg.log "$DATA"/pg-initdb.log "$DATA"/redis.log "$RD_PIDFILE"
    say "removed the PostgreSQL and Redis data under .data/"
    ;;
  *)
    die "usage: $0 [up|stop|clean]"
    ;;
esac
