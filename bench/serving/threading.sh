#!/usr/bin/env bash
# Which thread should score a request? Measures the gateway once per inference dispatch mode
# (sluice.gateway.inference.dispatch: auto, event-loop, worker, virtual-threads), each time
#   1. the Iris model alone: wrk -t2 -c$connections -d$seconds on iris-classifier;
#   2. the Iris model while a slow model (bench/serving/slow_model.py: ~50 ms of real MatMuls per
#      row) is hammered by wrk -t1 -c$slow_connections on its own connections, both at once.
# It prints, per mode and case, Iris requests/s, p50/p99 (ms), errors, the slow model's requests/s,
# and the load average. The ratios that matter: each mode's Iris requests/s against worker's, and
# the Iris p99 beside the slow model (event-loop must be far worse: a 50 ms model holds its loop).
#
# Usage: bench/serving/threading.sh [connections] [seconds]      (defaults 16 and 15)
# Needs a platform up with iris-classifier served (./sluice demo), wrk, jq, curl, Debian's
# python3-onnx, and the bench module packaged (./mvnw -B -o -q package -pl bench -DskipTests).
# The gateway is restarted once per mode with SLUICE_GATEWAY_INFERENCE_DISPATCH=<mode> (the
# ./sluice restart of the CLI runs it on the CLI's Java: set JAVA_HOME to a JDK 21+, e.g.
# /usr/lib/jvm/temurin-25-jdk-amd64, for real virtual threads; on 17 Quarkus falls back to its
# worker pool and says so in the gateway's log). Modes: $SLUICE_DISPATCH_MODES (default all four).
# Local mode's ports come from the same variables as ./sluice (SLUICE_PORT_BASE, SLUICE_KAFKA_PORT,
# SLUICE_S3_PORT), so a second platform on its own ports can be measured. The gateway is left
# running in the last mode; run ./sluice restart serving-gateway to go back to the default.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
connections="${1:-16}"
seconds="${2:-15}"
slow_connections="${SLUICE_SLOW_CONNECTIONS:-4}"
read -r -a modes <<<"${SLUICE_DISPATCH_MODES:-auto event-loop worker virtual-threads}"
gateway_base="${SLUICE_GATEWAY_URL:-http://localhost:$((${SLUICE_PORT_BASE:-8081} + 4))}"
s3="${SLUICE_S3_URL:-http://localhost:${SLUICE_S3_PORT:-9000}}"
kafka="localhost:${SLUICE_KAFKA_PORT:-9092}"
iris="$gateway_base/v2/models/iris-classifier"
slow_model="slow-matmul-bench"
slow="$gateway_base/v2/models/$slow_model"

die() {
  echo "$*" >&2
  exit 1
}
for tool in wrk jq curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
jar="$(compgen -G "$root/bench/target/sluice-bench-*.jar" | grep -v -e -sources -e -tests | head -n 1 || true)"
[[ -n "$jar" && -d "$root/bench/target/lib" ]] ||
  die "the bench module is not packaged: ./mvnw -B -o -q package -pl bench -DskipTests"
export SLUICE_TOKEN="${SLUICE_TOKEN:-$("$root/sluice" token --role inference --subject bench)}"
auth=(-H "authorization: Bearer $SLUICE_TOKEN")
curl -fsS "${auth[@]}" "$iris/ready" >/dev/null || die "iris-classifier is not served; run ./sluice demo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ready() {
  curl -fsS "${auth[@]}" "$1/ready" >/dev/null 2>&1
}

await_ready() {
  for _ in $(seq 1 240); do
    ready "$1" && return
    sleep 0.5
  done
  die "$1 did not become ready within 120 s"
}

# The slow model, served once through the models topic as the registry would (ServeOnnx).
serve_slow_model() {
  ready "$slow" && return
  /usr/bin/python3 "$here/slow_model.py" "$work/slow.onnx" >/dev/null ||
    die "slow_model.py failed (Debian: apt-get install python3-onnx)"
  local key="bench/$slow_model/model.onnx" sha
  sha="$(sha256sum "$work/slow.onnx" | cut -d' ' -f1)"
  curl -fsS --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "${SLUICE_S3_USER:-minioadmin}:${SLUICE_S3_PASSWORD:-minioadmin}" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$work/slow.onnx" "$s3/artifacts/$key" ||
    die "cannot upload the slow model to $s3/artifacts/$key"
  java -cp "$jar:$root/bench/target/lib/*" io.sluice.bench.serving.ServeOnnx \
    "$kafka" "$slow_model" 1 "s3://artifacts/$key" "$sha"
  await_ready "$slow"
}

# wrk's latency (850.00us, 1.27ms, 2.01s) in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0;
    else if (v ~ /m$/) printf "%.3f", v * 60000; else printf "%.3f", v * 1000 }'
}

# "requests/s p50 p99 errors" of a wrk --latency output.
summary() {
  local rps p50 p99 errors
  read -r rps p50 p99 errors <<<"$(awk '/Requests\/sec:/ {rps = $2}
       $1 == "50.000%" || $1 == "50%" {p50 = $2}
       $1 == "99.000%" || $1 == "99%" {p99 = $2}
       /Non-2xx or 3xx responses:/ {errors += $NF}
       /Socket errors:/ {errors += $4 + $6 + $8 + $10}
       END {printf "%s %s %s %d\n", rps, p50, p99, errors}' "$1")"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $errors"
}

iris_wrk() {
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$here/infer.lua" "$iris/infer" >"$1"
}

row() {
  printf '%-16s %-11s %11s %9s %9s %7s %10s  %s\n' "$@"
}

results=()
serve_slow_model
for mode in "${modes[@]}"; do
  echo "--- dispatch $mode: restarting the gateway" >&2
  SLUICE_GATEWAY_INFERENCE_DISPATCH="$mode" "$root/sluice" restart serving-gateway >&2
  await_ready "$iris"
  await_ready "$slow"
  wrk -t1 -c"$connections" -d5s -s "$here/infer.lua" "$iris/infer" >/dev/null
  wrk -t1 -c2 -d3s --timeout 10s -s "$here/infer.lua" "$slow/infer" >/dev/null

  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  iris_wrk "$work/$mode.alone"
  read -r rps p50 p99 errors <<<"$(summary "$work/$mode.alone")"
  results+=("$(row "$mode" "iris alone" "$rps" "$p50" "$p99" "$errors" "-" "$load")")

  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t1 -c"$slow_connections" -d"$((seconds + 4))s" --timeout 30s --latency -s "$here/infer.lua" \
    "$slow/infer" >"$work/$mode.slow" &
  slow_pid=$!
  sleep 2 # the slow model is busy before Iris is measured
  iris_wrk "$work/$mode.beside"
  wait "$slow_pid"
  read -r rps p50 p99 errors <<<"$(summary "$work/$mode.beside")"
  read -r slow_rps _ _ _ <<<"$(summary "$work/$mode.slow")"
  results+=("$(row "$mode" "iris+slow" "$rps" "$p50" "$p99" "$errors" "$slow_rps" "$load")")
done
printf '\nwrk -t2 -c%s -d%ss on Iris; the slow model under wrk -t1 -c%s (%s)\n' \
  "$connections" "$seconds" "$slow_connections" "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"
row dispatch case "requests/s" "p50 ms" "p99 ms" errors "slow req/s" "load at start"
printf '%s\n' "${results[@]}"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
