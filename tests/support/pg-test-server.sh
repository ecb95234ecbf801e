#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: its own cluster in DIR, its own port on 127.0.0.1.
# It never touches a system cluster.
#
#   pg-test-server.sh start DIR              initdb + start; prints the admin URL (only stdout line)
#   pg-test-server.sh stop DIR [fast|immediate]   stop (default fast); immediate = a crash
#   pg-test-server.sh restart DIR            start again on the same port (stops first if running)
#   pg-test-server.sh remove DIR             stop if running, delete DIR
#
# DIR holds: data/ (the cluster), url (admin URL, mode 600), port, bindir, log (server log).
# DIR is also the unix socket directory, so keep it short (e.g. /tmp/wlpg.XXXXXX, or a folder
# inside a `mktemp -d` one in /tmp): socket paths are limited to about 107 bytes.
# If PG_TEST_OWNER_PID is set at start, a watchdog removes the server once that process is gone,
# so a killed test run (Ctrl-C, timeout) leaves no postgres behind.
set -euo pipefail

MARKER=wlpg-test-server

say() { echo "pg-test-server: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  die "用法 / usage: $0 start DIR | stop DIR [fast|immediate] | restart DIR | remove DIR"
}

has_bins() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]; }

# pg_config may come from libpq-dev alone (no server), so its bindir must really hold initdb.
find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && has_bins "$d"; then echo "$d"; return 0; fi
  fi
  while read -r d; do
    if [ -n "$d" ] && has_bins "$d"; then echo "$d"; return 0; fi
  done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
  if command -v initdb >/dev/null 2>&1; then
    d=$(dirname "$(command -v initdb)")
    if has_bins "$d"; then echo "$d"; return 0; fi
  fi
  return 1
}

BINDIR=$(find_bindir) || die "未安装 PostgreSQL 服务器（找不到 initdb / pg_ctl / postgres）。\
运行 make test 会自动安装（Debian 软件包 postgresql），或手动执行：apt-get install postgresql
PostgreSQL server is not installed (initdb / pg_ctl / postgres not found). \
\`make test\` installs it (Debian package postgresql), or run: apt-get install postgresql"

# initdb and postgres refuse to run as root: as root, run them as nobody.
if [ "$(id -u)" = 0 ]; then
  RUN_AS=(runuser -u nobody --)
  OWNER=nobody
else
  RUN_AS=()
  OWNER=$(id -un)
fi

# Run a PostgreSQL binary as the cluster owner, from a directory that owner can enter.
pg() {
  local bin=$1; shift
  (cd "$DIR" && "${RUN_AS[@]}" "$BINDIR/$bin" "$@")
}

is_running() { pg pg_ctl -D "$DIR/data" status >/dev/null 2>&1; }

# A port the kernel just handed out and released: free now, though another process may still
# take it before postgres binds it (start retries on that).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}

pg_start() {
  pg pg_ctl -D "$DIR/data" -l "$DIR/log" -w -t 60 start >&2
}

cmd_start() {
  case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
  # Written into postgresql.conf unquoted-safe, and kept short for the socket path.
  [[ "$DIR" =~ ^[A-Za-z0-9/._-]+$ ]] || die "目录名只能含字母、数字和 /._- / DIR may only contain letters, digits and /._-: $DIR"
  [ "${#DIR}" -le 80 ] || die "目录路径太长（unix 套接字路径上限约 107 字节）/ DIR too long for a unix socket path: $DIR"
  if [ -e "$DIR" ]; then
    [ -d "$DIR" ] && [ -z "$(ls -A "$DIR")" ] || die "目录已存在且非空 / DIR exists and is not empty: $DIR"
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  : >"$DIR/$MARKER"
  # A failed or interrupted start leaves nothing behind (its messages went to stderr). If the
  # caller dies meanwhile, SIGPIPE is ignored so that the final echo fails and cleans up.
  trap 'if [ $? -ne 0 ]; then start_failed >/dev/null 2>&1 || true; fi' EXIT
  trap 'exit 130' INT TERM HUP
  trap '' PIPE
  if [ "$OWNER" = nobody ]; then
    chown nobody "$DIR"
    # A mktemp-made parent (0700, root's) keeps nobody out: let nobody pass through it (search
    # only, no listing), but only a parent of ours directly in the temp folder.
    local parent grand
    parent=$(dirname "$DIR"); grand=$(dirname "$parent")
    if ! runuser -u nobody -- test -x "$parent" && [ -O "$parent" ] \
        && { [ "$grand" = /tmp ] || [ "$grand" = "${TMPDIR:-/tmp}" ]; }; then
      chmod o+x "$parent"
    fi
  fi
  "${RUN_AS[@]}" test -w "$DIR" -a -x "$DIR" \
    || die "$OWNER 无法写入该目录（上级目录不可进入？）/ $OWNER cannot write DIR (a parent not traversable?): $DIR"
  echo "$BINDIR" >"$DIR/bindir"

  # Hex: no characters that would need percent-encoding in the URL.
  local password
  password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; echo "$password" >"$DIR/pwfile")
  [ "$OWNER" = nobody ] && chown nobody "$DIR/pwfile"
  # UTF8 as in production (a C locale alone would give SQL_ASCII); C locale keeps server
  # messages in English and collation predictable. scram on TCP: logins need real passwords.
  # --no-sync: the final fsync of a throwaway cluster guards only against an OS crash and
  # costs 2-3 s here; the running server still fsyncs as usual.
  if ! pg initdb -D "$DIR/data" -U postgres --pwfile="$DIR/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
      >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    die "initdb 失败 / initdb failed"
  fi
  rm -f "$DIR/pwfile"

  # Settings live in postgresql.conf so that restart brings back the same port and socket.
  # fsync and the rest stay at their defaults (crash tests rely on real durability).
  # max_connections: a load test opens ~100 connections. syncfs: after a crash, flush the data
  # folder's file system in one call instead of fsyncing each file (2.4 s -> 0.1 s here).
  cat >>"$DIR/data/postgresql.conf" <<EOF

# pg-test-server.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 200
recovery_init_sync_method = syncfs
port = 0
EOF

  local port tries=0
  while :; do
    port=$(free_port)
    sed -i "s/^port = .*/port = $port/" "$DIR/data/postgresql.conf"
    # Only this attempt's messages (truncating keeps the owner, so postgres can still write).
    [ -e "$DIR/log" ] && : >"$DIR/log"
    if pg_start; then break; fi
    tries=$((tries + 1))
    if grep -q 'could not bind\|Address already in use' "$DIR/log" 2>/dev/null && [ "$tries" -lt 5 ]; then
      say "端口 $port 已被占用，换一个 / port $port taken, trying another"
      continue
    fi
    cat "$DIR/log" >&2 || true
    die "PostgreSQL 启动失败 / PostgreSQL failed to start"
  done

  local url="postgres://postgres:$password@127.0.0.1:$port/postgres"
  echo "$port" >"$DIR/port"
  (umask 077; echo "$url" >"$DIR/url")

  # The watchdog only once the server is up: earlier, its cleanup would race initdb (which
  # recreates a deleted DIR); until then the EXIT trap covers a dead caller.
  if [ -n "${PG_TEST_OWNER_PID:-}" ]; then
    start_watchdog "$PG_TEST_OWNER_PID"
  fi
  echo "$url"
  trap - EXIT
}

# Everything in DIR is ours (it was empty), marker or not.
start_failed() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    pg pg_ctl -D "$DIR/data" -m immediate -w -t 60 stop || true
  fi
  kill_watchdog
  rm -rf "$DIR"
}

kill_watchdog() {
  local wd
  wd=$(cat "$DIR/watchdog.pid" 2>/dev/null || true)
  # Not when the watchdog itself is the one removing.
  if [ -n "$wd" ] && [ "$wd" != "$$" ]; then
    kill "$wd" 2>/dev/null || true
  fi
}

# Detached, with no inherited stdout: a caller reading our stdout to EOF must not wait on it.
start_watchdog() {
  setsid bash "$(readlink -f "$0")" _watch "$DIR" "$1" </dev/null >/dev/null 2>&1 &
  echo $! >"$DIR/watchdog.pid"
}

# Alive and not a zombie (a killed test process stays a zombie until its parent reaps it).
owner_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

cmd_watch() {
  while [ -e "$DIR/$MARKER" ] && owner_alive "$1"; do sleep 1; done
  if [ -e "$DIR/$MARKER" ]; then cmd_remove; fi
}

require_ours() {
  [ -f "$DIR/$MARKER" ] || die "不是 pg-test-server 的目录 / not a pg-test-server DIR: $DIR"
}

cmd_stop() {
  require_ours
  local mode=${1:-fast}
  case "$mode" in fast|immediate) ;; *) usage ;; esac
  if is_running; then
    pg pg_ctl -D "$DIR/data" -m "$mode" -w -t 60 stop >&2
  fi
}

cmd_restart() {
  require_ours
  if is_running; then cmd_stop fast; fi
  pg_start || { tail -n 30 "$DIR/log" >&2 || true; die "PostgreSQL 重启失败 / PostgreSQL failed to restart"; }
}

cmd_remove() {
  [ -d "$DIR" ] || return 0
  require_ours
  cmd_stop fast || cmd_stop immediate || true
  kill_watchdog
  rm -rf "$DIR"
}

[ $# -ge 2 ] || usage
CMD=$1
DIR=${2%/}
shift 2
case "$CMD" in
  start)   [ $# -eq 0 ] || usage; cmd_start ;;
  stop)    [ $# -le 1 ] || usage; cmd_stop "$@" ;;
  restart) [ $# -eq 0 ] || usage; cmd_restart ;;
  remove)  [ $# -eq 0 ] || usage; cmd_remove ;;
  _watch)  [ $# -eq 1 ] || usage; cmd_watch "$1" ;;
  *) usage ;;
esac
