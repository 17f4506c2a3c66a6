#!/usr/bin/env bash
# A/B of two running inference servers on this machine: short wrk runs alternating between them
# (A B, then B A, ...), then the median requests/s and CPU per request of each and their ratios.
# For a change too small for run.sh's two rounds to see: on the 2-core box one server moves by
# 10-20% between runs minutes apart, and the median of several interleaved runs moves much less.
#
# Usage: bench/serving/alternate.sh [-n runs] [-d seconds] URL_A URL_B
#   URL_x: a model's V2 base URL, e.g. http://localhost:8085/v2/models/iris-classifier
#   -n: runs per server (default 6); -d: seconds per run (default 8); 16 connections, 2 threads.
# Each server must listen on a local port: its process (found by the port, as run.sh finds the
# gateway's) is where the CPU time is read. Warm both up first (run.sh --peers does it, or wrk
# until the JIT is quiet): this script does not. It sends infer.lua's request with $SLUICE_TOKEN
# (default: a token with the inference role from ./sluice token; the floors ignore it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=6
seconds=8
while getopts "n:d:" option; do
  case "$option" in
    n) runs="$OPTARG" ;;
    d) seconds="$OPTARG" ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 2 ]] || {
  sed -n '2,14p' "$0" >&2
  exit 2
}
command -v wrk >/dev/null || {
  echo "wrk is not installed (apt-get install wrk)" >&2
  exit 1
}
export SLUICE_TOKEN="${SLUICE_TOKEN:-$("$root/sluice" token --role inference --subject bench)}"

# The process listening on a URL's port.
process_of() {
  local port pid
  port="$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$1")"
  pid="$(ss -ltnpH "sport = :${port:-80}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
  [[ -n "$pid" ]] || {
    echo "no local process listens on port ${port:-80} ($1)" >&2
    exit 1
  }
  echo "$pid"
}

# CPU clock ticks a process has used so far (user + system, all threads).
ticks() {
  local stat
  stat="$(cat "/proc/$1/stat")"
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

# One run: "requests/s cpu-microseconds-per-request".
one_run() {
  local url="$1" pid="$2" before out requests
  before="$(ticks "$pid")"
  out="$(wrk -t2 -c16 -d"${seconds}s" -s "$here/infer.lua" "$url/infer")"
  requests="$(awk '/ requests in / {print $1}' <<<"$out")"
  awk -v rps="$(awk '/Requests\/sec:/ {print $2}' <<<"$out")" -v t=$(($(ticks "$pid") - before)) \
    -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%s %.1f\n", rps, t * 1e6 / hz / n}'
}

median() {
  sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

url_a="$1"
url_b="$2"
pid_a="$(process_of "$url_a")"
pid_b="$(process_of "$url_b")"
results_a=()
results_b=()
for run in $(seq 1 "$runs"); do
  if ((run % 2)); then
    results_a+=("$(one_run "$url_a" "$pid_a")")
    results_b+=("$(one_run "$url_b" "$pid_b")")
  else
    results_b+=("$(one_run "$url_b" "$pid_b")")
    results_a+=("$(one_run "$url_a" "$pid_a")")
  fi
  echo "run $run: A ${results_a[-1]}, B ${results_b[-1]} (requests/s, CPU µs/request)" >&2
done
rps_a="$(printf '%s\n' "${results_a[@]}" | awk '{print $1}' | median)"
cpu_a="$(printf '%s\n' "${results_a[@]}" | awk '{print $2}' | median)"
rps_b="$(printf '%s\n' "${results_b[@]}" | awk '{print $1}' | median)"
cpu_b="$(printf '%s\n' "${results_b[@]}" | awk '{print $2}' | median)"
echo "A $url_a: median $rps_a requests/s, $cpu_a µs CPU/request"
echo "B $url_b: median $rps_b requests/s, $cpu_b µs CPU/request"
awk -v ra="$rps_a" -v rb="$rps_b" -v ca="$cpu_a" -v cb="$cpu_b" \
  'BEGIN {printf "B/A requests/s %.2fx; A/B CPU per request %.2fx (above 1: B is cheaper)\n", rb / ra, ca / cb}'
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
