#!/usr/bin/env bash
# Starts kmhub-server (SQLite, demo data, a log line per RPC) on a free loopback port and
# runs kmhub-bench against it. Server and load share the machine, as the targets assume.
#   bench/run_bench.sh [--smoke] [--seconds N] [--projects N | --secure | --roi N | --survey N | --forum N] [--load async|library] [--server-bin PATH] [--bench-bin PATH] [-- server args…]
# --load (projects and forum modes): async (the default) drives the calls from gRPC's async API
# on one thread, as load tools do; library makes them through the client library, one thread
# per concurrent call, which spends more of the shared cores on the load generator itself.
# --projects N seeds N projects with 10 milestones each (kmhub-bench-seed) and measures
# GetProjectStatus and ListProjects instead.
# --roi N seeds N consortia with one project each on 20 procedures (kmhub-bench-activity),
# imports the catalogue and N × 20 × 60 months of activity through the kmhub CLI (timed, and
# compared with a direct SQLite insert of the same file into a copy of the database), then
# measures RankProjectRoi over all projects and ComputeProjectRoi of one.
# --survey N seeds 50 practices and a BENCH wave of the PBC survey, imports an export of N
# responses × 5 questions through `kmhub survey import` (timed, and compared with a direct
# SQLite insert of the same rows into a copy of the database), then measures the wave's results.
# --forum N seeds 500 contacts, 200 projects and N posts in threads of 10 with Zipf-distributed
# words (kmhub-bench-forum, straight into SQLite through the service's own full-text triggers, a
# few posts a transaction with the service's index merging after each, so that the index is as
# live posting leaves it), then measures SearchForum (searches of one or two middling words) and
# CreateForumPost (replies of words drawn as the seeded posts' were).
# --secure also starts a second server on a copy of the database (`backup`) with TLS (a throw-away CA made by
# openssl) and authentication on, and compares GetOrganisation on the two, interleaved.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server_bin="$here/../build/server/kmhub-server"
bench_bin="$here/../build/bench/kmhub-bench"
seed_bin="$here/../build/bench/kmhub-bench-seed"
activity_bin="$here/../build/bench/kmhub-bench-activity"
survey_bin="$here/../build/bench/kmhub-bench-survey"
forum_bin="$here/../build/bench/kmhub-bench-forum"
cli_bin="$here/../build/client/kmhub"
seconds=5
projects=0
roi=0
survey=0
forum=0
secure=0
load=async
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) seconds=0.3; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --projects) projects=$2; shift 2 ;;
    --secure) secure=1; shift ;;
    --roi) roi=$2; shift 2 ;;
    --activity-bin) activity_bin=$2; shift 2 ;;
    --survey) survey=$2; shift 2 ;;
    --survey-bin) survey_bin=$2; shift 2 ;;
    --forum) forum=$2; shift 2 ;;
    --forum-bin) forum_bin=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --cli-bin) cli_bin=$2; shift 2 ;;
    --seed-bin) seed_bin=$2; shift 2 ;;
    --server-bin) server_bin=$2; shift 2 ;;
    --bench-bin) bench_bin=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
# Logging as deployed (info: one line per RPC); extra arguments after -- go to the server.
[ ${#extra[@]} -gt 0 ] || extra=(--log-level=info)
work=$(mktemp -d)
secure_pid=
trap 'kill $server_pid $secure_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
if [ "$projects" -gt 0 ]; then
  echo "seeding $projects projects with 10 milestones each…"
  "$seed_bin" --database "sqlite:$work/bench.db" --projects "$projects" --milestones 10
fi
demo=(--demo)
if [ "$roi" -gt 0 ]; then
  echo "seeding $roi consortia and projects, and an activity file of $((roi * 20 * 60)) rows…"
  "$activity_bin" seed --database "sqlite:$work/bench.db" --projects "$roi" --procedures 20 --months 60 \
    --catalogue "$work/catalogue.csv" --activity "$work/activity.csv"
  demo=(--max-import-rows $((roi * 20 * 60 + 1)))
fi
if [ "$survey" -gt 0 ]; then
  echo "seeding 50 practices, a BENCH wave of the PBC survey, and an export of $survey responses × 5 questions…"
  "$survey_bin" seed --database "sqlite:$work/bench.db" --responses "$survey" --csv "$work/survey.csv"
  demo=(--max-import-rows $((survey + 1)))
fi
if [ "$forum" -gt 0 ]; then
  echo "seeding 500 contacts, 200 projects and $forum posts in threads of 10…"
  "$forum_bin" --sqlite "$work/bench.db" --posts "$forum" --out "$work"
  demo=()
fi
# The seeders leave a few hundred MB for the kernel to write back; flushed now, not while the
# server is being measured.
sync
"$server_bin" --listen 127.0.0.1:0 --port-file "$work/port" --database "sqlite:$work/bench.db" "${demo[@]}" \
  --insecure-no-auth --rate-limit 0 "${extra[@]}" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  port=$(cat "$work/port" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$work/server.log" >&2; exit 1; }
echo "server on 127.0.0.1:$port ($(nproc) cores); $seconds s per measurement"
if [ "$secure" = 1 ]; then
  (cd "$work" &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days 1 \
      -subj /CN=bench-ca >/dev/null 2>&1 &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
      -subj /CN=localhost >/dev/null 2>&1 &&
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext &&
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1 \
      -extfile server.ext >/dev/null 2>&1)
  # A SQLite file has one server: the secure one serves an online copy of the same data.
  "$server_bin" --database "sqlite:$work/bench.db" backup "$work/secure.db" 2>/dev/null
  token=$("$server_bin" --database "sqlite:$work/secure.db" token create --role viewer --name bench 2>/dev/null)
  "$server_bin" --listen 127.0.0.1:0 --port-file "$work/secure-port" --database "sqlite:$work/secure.db" \
    --tls-cert "$work/server.crt" --tls-key "$work/server.key" --rate-limit 0 "${extra[@]}" >"$work/secure.log" 2>&1 &
  secure_pid=$!
  for _ in $(seq 1 300); do
    secure_port=$(cat "$work/secure-port" 2>/dev/null || true)
    [ -n "$secure_port" ] && break
    sleep 0.1
  done
  [ -n "${secure_port:-}" ] || { cat "$work/secure.log" >&2; exit 1; }
  echo "TLS + token server on 127.0.0.1:$secure_port"
  KMHUB_TOKEN=$token "$bench_bin" --server "127.0.0.1:$port" --secure-server "127.0.0.1:$secure_port" \
    --tls-ca "$work/ca.crt" --seconds "$seconds" --concurrency 1 --concurrency 16
elif [ "$roi" -gt 0 ]; then
  "$cli_bin" --server "127.0.0.1:$port" procedures import "$work/catalogue.csv" >/dev/null
  "$server_bin" --database "sqlite:$work/bench.db" backup "$work/raw.db" >/dev/null
  rows=$((roi * 20 * 60))
  start=$(date +%s%N)
  "$cli_bin" --server "127.0.0.1:$port" --timeout 900 activity import "$work/activity.csv" >/dev/null
  end=$(date +%s%N)
  cli_rate=$(( rows * 1000000000 / (end - start) ))
  echo "activity import through the CLI: $rows rows in $(( (end - start) / 1000000 )) ms = $cli_rate rows/s"
  raw=$("$activity_bin" raw --sqlite "$work/raw.db" --activity "$work/activity.csv")
  echo "$raw"
  raw_rate=$(echo "$raw" | sed -n 's/.*= \([0-9]*\) rows\/s.*/\1/p')
  echo "ratio CLI import / raw insert: $(awk -v a="$cli_rate" -v b="$raw_rate" 'BEGIN { printf "%.2f", a / b }') (target: CLI >= 250000 rows/s)"
  "$bench_bin" --server "127.0.0.1:$port" --seconds "$seconds" --concurrency 1 --concurrency 16 --roi "$roi"
elif [ "$survey" -gt 0 ]; then
  "$server_bin" --database "sqlite:$work/bench.db" backup "$work/raw.db" >/dev/null
  start=$(date +%s%N)
  "$cli_bin" --server "127.0.0.1:$port" --timeout 900 survey import "$work/survey.csv" --survey pbc --wave BENCH >/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  echo "survey import through the CLI: $survey responses ($((survey * 5)) answers) in $ms ms (target <= 5000 ms for 200,000)"
  raw=$("$survey_bin" raw --sqlite "$work/raw.db" --csv "$work/survey.csv")
  echo "$raw"
  raw_s=$(echo "$raw" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
  echo "ratio CLI import / raw insert (throughput): $(awk -v r="$raw_s" -v m="$ms" 'BEGIN { printf "%.2f", r * 1000 / m }')"
  "$bench_bin" --server "127.0.0.1:$port" --seconds "$seconds" --survey-results "$survey"
elif [ "$forum" -gt 0 ]; then
  "$bench_bin" --server "127.0.0.1:$port" --seconds "$seconds" --concurrency 1 --concurrency 16 --forum "$forum" \
    --forum-dir "$work" --load "$load"
  echo "targets: SearchForum p99 <= 20 ms and CreateForumPost p99 <= 10 ms at 16 concurrent (100,000 posts)"
elif [ "$projects" -gt 0 ]; then
  "$bench_bin" --server "127.0.0.1:$port" --seconds "$seconds" --concurrency 1 --concurrency 16 --projects "$projects" \
    --load "$load"
else
  "$bench_bin" --server "127.0.0.1:$port" --seconds "$seconds" --concurrency 1 --concurrency 16
fi
