#!/usr/bin/env bash
# Serving throughput of the gateway: wrk against the V2 infer endpoint of a model that
# `./sluice demo` made serve. Needs wrk (Debian: apt-get install wrk).
#
# Usage: bench/serving/run.sh [--compare] [connections] [seconds]
#
# --compare also measures the bare baseline (io.sluice.bench.serving.BareOnnxServer: the JDK HTTP
# server + ONNX Runtime) over the very model.onnx the gateway serves, fetched from the local S3
# and checked against the sha256 the gateway reports. It checks that both answer the sample row
# alike, warms both up the same way, then measures them back to back with identical wrk settings,
# $SLUICE_BENCH_ROUNDS rounds (default 2, the order flipped each round so that neither always runs
# on a machine the other just heated), and prints each round's ratio. Needs jq, and the bench
# module packaged: ./mvnw -B -o -q package -pl bench -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
model="iris-classifier"
gateway="${SLUICE_GATEWAY_URL:-http://localhost:8085}/v2/models/$model"
s3="${SLUICE_S3_URL:-http://localhost:9000}"
sample='{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'

compare=false
if [[ "${1:-}" == --compare ]]; then
  compare=true
  shift
fi
connections="${1:-16}"
seconds="${2:-15}"
rounds="${SLUICE_BENCH_ROUNDS:-2}"

die() {
  echo "$*" >&2
  exit 1
}

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
# A token with the inference role, as a client of the model would hold (infer.lua sends it too).
export SLUICE_TOKEN="${SLUICE_TOKEN:-$("$root/sluice" token --role inference --subject bench)}"
auth=(-H "authorization: Bearer $SLUICE_TOKEN")
curl -fsS "${auth[@]}" "$gateway/ready" >/dev/null || die "$model is not served; run ./sluice demo"

warm_up() {
  wrk -t1 -c"$connections" -d5s -s "$here/infer.lua" "$1" >/dev/null
}

measure() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/infer.lua" "$1"
}

if [[ "$compare" == false ]]; then
  # Warm-up (JIT, ONNX Runtime arenas), then the measured run.
  warm_up "$gateway/infer"
  measure "$gateway/infer"
  exit 0
fi

command -v jq >/dev/null || die "jq is not installed (apt-get install jq)"
jar="$(compgen -G "$root/bench/target/sluice-bench-*.jar" | grep -v -e -sources -e -tests | head -n 1 || true)"
[[ -n "$jar" && -d "$root/bench/target/lib" ]] ||
  die "the bench module is not packaged: ./mvnw -B -o -q package -pl bench -DskipTests"

work="$(mktemp -d)"
bare_pid=""
cleanup() {
  if [[ -n "$bare_pid" ]]; then
    kill "$bare_pid" 2>/dev/null || true
    wait "$bare_pid" 2>/dev/null || true # it ends by SIGTERM: not this script's exit status
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The file the gateway serves: its metadata names the artifact and its sha256.
curl -fsS "${auth[@]}" "$gateway" >"$work/metadata.json"
uri="$(jq -r '.parameters.artifact_uri' "$work/metadata.json")"
sha="$(jq -r '.parameters.sha256' "$work/metadata.json")"
classes="$(jq -r '[.outputs[] | select(.name == "probabilities") | .parameters.class_names[]] | join(",")' \
  "$work/metadata.json")"
[[ "$uri" == s3://* ]] || die "the gateway reports no s3:// artifact for $model (got '$uri')"
# Local mode's S3 takes minioadmin/minioadmin with SigV4; curl signs, the payload is left unsigned.
curl -fsS --aws-sigv4 "aws:amz:us-east-1:s3" --user "${SLUICE_S3_USER:-minioadmin}:${SLUICE_S3_PASSWORD:-minioadmin}" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -o "$work/model.onnx" "$s3/${uri#s3://}" ||
  die "cannot download $uri from $s3"
echo "$sha  $work/model.onnx" | sha256sum --check --quiet - ||
  die "the downloaded model.onnx does not have the sha256 the gateway serves ($sha)"

# Same JVM and heap as local mode gives the gateway; port 0: any free port, read from its log.
ORT_DISABLE_TELEMETRY=1 java -Xmx256m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:$root/bench/target/lib/*" io.sluice.bench.serving.BareOnnxServer \
  "$work/model.onnx" 0 "$classes" >"$work/bare.log" 2>&1 &
bare_pid=$!
port=""
for _ in $(seq 1 60); do
  port="$(sed -n 's/^bare server: .* on port \([0-9]*\),.*/\1/p' "$work/bare.log")"
  [[ -n "$port" ]] && break
  kill -0 "$bare_pid" 2>/dev/null || die "the bare server did not start: $(cat "$work/bare.log")"
  sleep 0.5
done
[[ -n "$port" ]] || die "the bare server did not start within 30 s: $(cat "$work/bare.log")"
bare="http://127.0.0.1:$port/v2/models/$model"

# Same work, same answer: the outputs (label, probabilities, class names) must be equal.
answer() {
  curl -fsS "${auth[@]}" "$1/infer" -H 'content-type: application/json' -d "$sample" | jq -cS '.outputs'
}
gateway_answer="$(answer "$gateway")"
bare_answer="$(answer "$bare")"
[[ "$gateway_answer" == "$bare_answer" ]] ||
  die "the answers differ: gateway $gateway_answer, bare $bare_answer"
echo "same answer from both for the sample row: $gateway_answer"
echo "model: $uri (sha256 $sha)"

warm_up "$gateway/infer"
warm_up "$bare/infer"

# "requests/s p50 p90 p99" from wrk's --latency output.
summary() {
  awk '/Requests\/sec:/ {rps = $2}
       $1 == "50.000%" || $1 == "50%" {p50 = $2}
       $1 == "90.000%" || $1 == "90%" {p90 = $2}
       $1 == "99.000%" || $1 == "99%" {p99 = $2}
       END {printf "%s %s %s %s\n", rps, p50, p90, p99}' "$1"
}

run_one() {
  local name="$1" url="$2" out="$3"
  echo "--- $name: wrk -t2 -c$connections -d${seconds}s --latency (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  measure "$url" | tee "$out"
}

results=()
for round in $(seq 1 "$rounds"); do
  if ((round % 2 == 1)); then
    run_one gateway "$gateway/infer" "$work/gateway.$round" >&2
    run_one bare "$bare/infer" "$work/bare.$round" >&2
  else
    run_one bare "$bare/infer" "$work/bare.$round" >&2
    run_one gateway "$gateway/infer" "$work/gateway.$round" >&2
  fi
  read -r g_rps g50 g90 g99 <<<"$(summary "$work/gateway.$round")"
  read -r b_rps b50 b90 b99 <<<"$(summary "$work/bare.$round")"
  # The ratio the goal is stated in: bare requests/s over gateway requests/s (<= 1.2 meets it).
  ratio="$(awk -v b="$b_rps" -v g="$g_rps" 'BEGIN {printf "%.2f", b / g}')"
  results+=("$(printf '%-6s %-8s %12s %10s %10s %10s %8s' "$round" gateway "$g_rps" "$g50" "$g90" "$g99" "")")
  results+=("$(printf '%-6s %-8s %12s %10s %10s %10s %8s' "$round" bare "$b_rps" "$b50" "$b90" "$b99" "${ratio}x")")
done
printf '\n%-6s %-8s %12s %10s %10s %10s %8s\n' round server "requests/s" p50 p90 p99 ratio
printf '%s\n' "${results[@]}"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
