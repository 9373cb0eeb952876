#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL server for the test suite: initdb into a
# temporary directory, listen on 127.0.0.1:PORT only, trust authentication, no fsync.
# ctest runs "start" before and "stop" after every test that needs it, so nothing is
# left running and no pre-configured server is needed.
# "pause" stops the server but keeps its data; "resume" starts it again on the same data
# (the fault tests use them to take the database away under load).
# usage: postgres_fixture.sh start|stop|pause|resume PORT
set -euo pipefail
action=$1
port=$2
dir=/tmp/kmhub-test-pg-$port
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

launch() {
  as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$action" in
  pause)
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    echo "PostgreSQL test server on port $port paused"
    ;;
  resume)
    launch
    echo "PostgreSQL test server on port $port resumed"
    ;;
  start)
    stop
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$pgbin/initdb" -D "$dir/data" -U kmhub --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    launch
    as_owner "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U kmhub kmhub_test
    echo "PostgreSQL test server on 127.0.0.1:$port (data in $dir)"
    ;;
  stop)
    stop
    echo "PostgreSQL test server on port $port stopped"
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume PORT" >&2
    exit 2
    ;;
esac
