#!/usr/bin/env bash
# Serving throughput of the gateway: wrk against the V2 infer endpoint of a model that
# `./sluice demo` made serve. Needs wrk (Debian: apt-get install wrk).
#
# Usage: bench/serving/run.sh [--compare | --peers | --canary | --predlog] [connections] [seconds]
#
# --compare also measures the bare baseline (io.sluice.bench.serving.BareOnnxServer: the JDK HTTP
# server + ONNX Runtime) over the very model.onnx the gateway serves, fetched from the local S3
# and checked against the sha256 the gateway reports. It checks that both answer the sample row
# alike, warms both up the same way, then measures them back to back with identical wrk settings,
# $SLUICE_BENCH_ROUNDS rounds (default 2, the order flipped each round so that neither always runs
# on a machine the other just heated), and prints each round's ratio. Needs jq, and the bench
# module packaged: ./mvnw -B -o -q package -pl bench -DskipTests
#
# --peers measures, in one run and the same way, the gateway, both floors over the same
# model.onnx (the JDK one above and io.sluice.bench.serving.VertxOnnxServer, raw Vert.x with an
# event loop per core) and the classic peer: bench/serving/peer/ (Flask + scikit-learn's
# LogisticRegression trained on examples/iris, behind gunicorn, once with sync workers and once
# with gthread workers). All must answer the sample row with the same label. It prints each
# round's requests/s and latencies and the ratios the goals are stated in: gateway over the best
# peer (goal >= 8x with a lower p99) and Vert.x floor over gateway (goal <= 1.1). Needs, besides
# the above, Debian's python3-flask, python3-sklearn and gunicorn ($SLUICE_PEER_PYTHON, default
# /usr/bin/python3, is the Python that has them); $SLUICE_PEER_WORKERS picks the peer's worker
# classes (default "sync gthread").
#
# --canary measures the gateway while it rolls out a second version of the model (both loaded,
# the requests split between them) against the same gateway serving one version, in one run: each
# round measures "single" (only the serving version), "canary-50" (a canary paused at 50%),
# "pinned-stable" (the same paused canary, every request pinned to the stable version with the
# X-Sluice-Model-Version header) and "canary-moving" (the same canary resumed, its weight climbing 4 points every stepSeconds while
# wrk runs: stepSeconds = (seconds + 7) / 8, about 7 moves per run), and prints each canary run's
# requests/s and p99 over the single version's of that round (goal: >= 0.90x, i.e. at most 10%
# overhead), with the share of answers each version gave during the run (from the gateway's
# sluice_gateway_requests_seconds_count, before and after) and how far the weight moved.
# How: it adds a canary `model.serving` section to the Iris pipeline as registered, applies it and
# starts a run; the run's version starts its canary at 50% and stays there until traffic comes
# (a window with fewer than minRequests answers by the candidate is extended), so the bench pauses
# it first, checks that both versions answer, warms up, measures twice; resumes, measures; aborts. The
# next round approves the same version again by hand (the gateway rolls out an approved version
# newer than the stable one), so only the first round waits for a pipeline run. Odd rounds
# measure the single version first, even rounds after the canary. At the end (and on any exit)
# the canary is aborted, the version that served before serves alone, and the Iris pipeline as it
# was registered is applied again (it becomes the latest version again): the model's registry
# keeps one more version, rolled back by hand (reason "bench round N done"). The analysis has
# maxLatencyP99Ratio off and failedChecksToRollback at 100: under wrk every p99 is queueing, and
# a held step would keep the weights still. Needs jq; precondition as above (`./sluice demo`, no
# rollout of the model in flight); $SLUICE_BENCH_CANDIDATE_TIMEOUT (default 600 s) bounds the
# wait for the run's version to reach the gateway. Before the first measurement it warms up until
# steady (the JIT has seen only the demo's few requests; see warm_until_steady); single and
# canary-50 have a 5 s warm-up of their own besides, the other two follow canary-50 at once. It
# changes no gateway setting.
#
# --predlog measures what the prediction log costs: the same single-version measurement with the
# log's global sample rate (sluice.gateway.prediction-log.sample-rate) at each of
# $SLUICE_BENCH_PREDLOG_RATES (default "0 0.1 1.0"), the gateway restarted for each (`./sluice
# restart serving-gateway` with SLUICE_GATEWAY_PREDICTION_LOG_SAMPLE_RATE in its environment: it
# starts the service with the caller's environment plus its own), warmed up until steady, in
# rounds that alternate the order. It prints each rate's requests/s and p99 over the first rate's,
# and the records logged and dropped during the run (sluice_gateway_predictions_logged_total,
# _dropped_total). At the end (and on any exit) the gateway is restarted once more with the
# caller's environment, i.e. the rate the gateway's configuration gives (0.01 out of the box).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
model="iris-classifier"
gateway="${SLUICE_GATEWAY_URL:-http://localhost:8085}/v2/models/$model"
s3="${SLUICE_S3_URL:-http://localhost:9000}"
sample='{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'

mode=single
case "${1:-}" in
  --compare | --peers | --canary | --predlog)
    mode="${1#--}"
    shift
    ;;
esac
connections="${1:-16}"
seconds="${2:-15}"
rounds="${SLUICE_BENCH_ROUNDS:-2}"
peer_python="${SLUICE_PEER_PYTHON:-/usr/bin/python3}"
read -r -a peer_workers <<<"${SLUICE_PEER_WORKERS:-sync gthread}"

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

# A JVM that has just started (or has seen only the demo's requests) needs more than one warm-up:
# at least 4 of 5 s, then more until one does not beat the one before by more than 10% and the
# server's JIT compilers (HotSpot's "C1/C2 CompilerThread"s, in the processes of session $2) used
# at most 1% of a core during it, at most $SLUICE_BENCH_MAX_WARM_UPS (default 24). (Without the
# minimum a cold JVM's plateau, 90 requests/s twice in a row, passed for steady. Without the
# compilers' share the gateway passed for steady after 20 s while its C2 thread still used 5-12%
# of a core for another minute: the floors' few classes settle far sooner, so a warm-up that ends on
# requests/s alone measures the gateway half-compiled.) A server with no JIT passes on the first.
warm_until_steady() {
  local previous=0 now count=0 compiling quiet=$((5 * $(getconf CLK_TCK) / 100))
  for _ in $(seq 1 "${SLUICE_BENCH_MAX_WARM_UPS:-24}"); do
    compiling="$(compiler_ticks "$2")"
    now="$(wrk -t1 -c"$connections" -d5s -s "$here/infer.lua" "$1" | awk '/Requests\/sec:/ {print $2}')"
    compiling=$(($(compiler_ticks "$2") - compiling))
    count=$((count + 1))
    echo "warm-up: $now requests/s, JIT compilers $((compiling * 1000 / $(getconf CLK_TCK))) ms" >&2
    if ((count >= 4 && compiling <= quiet)) &&
      awk -v a="$now" -v b="$previous" 'BEGIN {exit !(a <= b * 1.1)}'; then
      return
    fi
    previous="$now"
  done
  echo "warm-up: not steady after $count rounds; measuring anyway" >&2
}

# CPU time (clock ticks) the JIT compiler threads of a session's processes used so far.
compiler_ticks() {
  local pid task total=0 stat
  local -a fields
  for pid in $(pgrep -s "$1"); do
    for task in /proc/"$pid"/task/*; do
      [[ "$(cat "$task/comm" 2>/dev/null)" == C[12]\ CompilerThre* ]] || continue
      stat="$(cat "$task/stat" 2>/dev/null)" || continue
      read -r -a fields <<<"${stat##*) }"
      total=$((total + fields[11] + fields[12]))
    done
  done
  echo "$total"
}

measure() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/infer.lua" "$1"
}

if [[ "$mode" == single ]]; then
  # Warm-up (JIT, ONNX Runtime arenas), then the measured run.
  warm_up "$gateway/infer"
  measure "$gateway/infer"
  exit 0
fi

command -v jq >/dev/null || die "jq is not installed (apt-get install jq)"

# wrk's latency (850.00us, 1.27ms, 2.01s) in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0;
    else if (v ~ /m$/) printf "%.3f", v * 60000; else printf "%.3f", v * 1000 }'
}

# "requests/s p50 p90 p99 errors cpu-ms-per-request" from run_one's output, latencies in ms.
summary() {
  local rps p50 p90 p99 errors cpu
  read -r rps p50 p90 p99 errors cpu <<<"$(awk -v hz="$(getconf CLK_TCK)" '/Requests\/sec:/ {rps = $2}
       / requests in / {requests = $1}
       /^cpu ticks:/ {ticks = $3}
       $1 == "50.000%" || $1 == "50%" {p50 = $2}
       $1 == "90.000%" || $1 == "90%" {p90 = $2}
       $1 == "99.000%" || $1 == "99%" {p99 = $2}
       /Non-2xx or 3xx responses:/ {errors += $NF}
       /Socket errors:/ {errors += $4 + $6 + $8 + $10}
       END {printf "%s %s %s %s %d %.3f\n", rps, p50, p90, p99, errors, ticks * 1000 / hz / requests}' "$1")"
  echo "$rps $(to_ms "$p50") $(to_ms "$p90") $(to_ms "$p99") $errors $cpu"
}

# CPU time (clock ticks) used so far by all processes of a session: a server's own cost,
# which the machine's other load changes much less than its requests/s.
cpu_ticks() {
  local pid total=0 stat
  local -a fields
  for pid in $(pgrep -s "$1"); do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    read -r -a fields <<<"${stat##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

run_one() {
  local name="$1" url="$2" out="$3" sid="$4" before
  echo "--- $name: wrk -t2 -c$connections -d${seconds}s --latency (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  before="$(cpu_ticks "$sid")"
  measure "$url" | tee "$out"
  echo "cpu ticks: $(($(cpu_ticks "$sid") - before)) of $(getconf CLK_TCK)/s" | tee -a "$out"
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'
}

row() {
  printf '%-6s %-13s %12s %10s %10s %10s %7s %8s %s\n' "$@"
}

# The gateway's session: that of the process that listens on its port.
gateway_port="$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$gateway")"
gateway_pid="$(ss -ltnpH "sport = :${gateway_port:-80}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
[[ -n "$gateway_pid" ]] || die "no local process listens on the gateway's port ${gateway_port:-80}"
gateway_sid="$(ps -o sid= -p "$gateway_pid" | tr -d ' ')"
# The gateway's own JVM options (-X..., e.g. its heap and collector): the floors run with the same.
gateway_java="$(readlink -f "/proc/$gateway_pid/exe")"
mapfile -t jvm_options < <(tr '\0' '\n' <"/proc/$gateway_pid/cmdline" | grep -E '^-X' || true)

if [[ "$mode" == canary ]]; then
  # shellcheck source=bench/serving/canary.sh
  source "$here/canary.sh"
  canary_bench
  exit 0
fi
if [[ "$mode" == predlog ]]; then
  # shellcheck source=bench/serving/predlog.sh
  source "$here/predlog.sh"
  predlog_bench
  exit 0
fi

jar="$(compgen -G "$root/bench/target/sluice-bench-*.jar" | grep -v -e -sources -e -tests | head -n 1 || true)"
[[ -n "$jar" && -d "$root/bench/target/lib" ]] ||
  die "the bench module is not packaged: ./mvnw -B -o -q package -pl bench -DskipTests"
if [[ "$mode" == peers ]]; then
  "$peer_python" -c 'import flask, sklearn, gunicorn' 2>/dev/null ||
    die "$peer_python lacks flask, sklearn or gunicorn (apt-get install python3-flask python3-sklearn gunicorn)"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true # they end by SIGTERM: not this script's exit status
  done
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

# Waits for a started server's log to name its port (sed expression $3) and prints it.
await_port() {
  local name="$1" pid="$2" pattern="$3" log="$work/$1.log" port=""
  for _ in $(seq 1 120); do
    port="$(sed -n "$pattern" "$log" | head -n 1)"
    [[ -n "$port" ]] && echo "$port" && return
    kill -0 "$pid" 2>/dev/null || die "$name did not start: $(cat "$log")"
    sleep 0.5
  done
  die "$name did not start within 60 s: $(cat "$log")"
}

# Every server runs in a session of its own (setsid), as ./sluice up starts the gateway. Linux
# groups CPU time by session (sched_autogroup_enabled): a server in wrk's own session is woken
# within wrk's time slice, one in another session waits its group's turn. On a loaded machine
# that alone made the same Vert.x floor 10-25x faster beside wrk than in its own session.
#
# A floor over the gateway's model.onnx. Same java and JVM options (heap, collector) as the running
# gateway; port 0: any free port, read from its log. Adds the server to names and urls.
start_floor() {
  local name="$1" class="$2" port
  ORT_DISABLE_TELEMETRY=1 setsid "$gateway_java" "${jvm_options[@]}" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$jar:$root/bench/target/lib/*" "io.sluice.bench.serving.$class" \
    "$work/model.onnx" 0 "$classes" >"$work/$name.log" 2>&1 &
  pids+=($!)
  sids+=($!)
  port="$(await_port "$name" $! 's/^[a-z]* server: .* on port \([0-9]*\),.*/\1/p')"
  names+=("$name")
  urls+=("http://127.0.0.1:$port/v2/models/$model")
}

# The classic peer behind gunicorn with the given worker class, on any free port.
start_peer() {
  local name="peer-$1" port
  [[ -f "$work/peer-model.pkl" ]] ||
    "$peer_python" "$here/peer/train.py" "$root/examples/iris/iris.csv" "$work/peer-model.pkl"
  PEER_MODEL="$work/peer-model.pkl" PEER_BIND=127.0.0.1:0 PEER_WORKER_CLASS="$1" \
    setsid "$peer_python" -m gunicorn -c "$here/peer/gunicorn.conf.py" --chdir "$here/peer" \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  sids+=($!)
  port="$(await_port "$name" $! 's/.*Listening at: http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p')"
  names+=("$name")
  urls+=("http://127.0.0.1:$port/v2/models/$model")
}

names=(gateway)
urls=("$gateway")
sids=("$gateway_sid")
start_floor bare BareOnnxServer
if [[ "$mode" == peers ]]; then
  start_floor vertx VertxOnnxServer
  for workers in "${peer_workers[@]}"; do
    start_peer "$workers"
  done
fi

# Same work, same answer. The floors run the very model.onnx: all outputs (label, probabilities,
# class names) must be equal. The peer runs its own model of the same class: the label must be.
answer() {
  curl -fsS "${auth[@]}" "$1/infer" -H 'content-type: application/json' -d "$sample" | jq -cS "$2"
}
for i in "${!names[@]}"; do
  outputs="$(answer "${urls[$i]}" '.outputs')"
  label="$(answer "${urls[$i]}" '.outputs[] | select(.name == "label") | .data')"
  [[ "${names[$i]}" == peer-* ]] && expected="$(answer "$gateway" '.outputs[] | select(.name == "label") | .data')" ||
    expected="$(answer "$gateway" '.outputs')"
  [[ "${names[$i]}" == peer-* ]] && got="$label" || got="$outputs"
  [[ "$got" == "$expected" ]] || die "the answers differ: gateway $expected, ${names[$i]} $got"
  echo "${names[$i]} (${urls[$i]}) answers the sample row: $outputs"
done
echo "model: $uri (sha256 $sha)"

# Every server until steady, not 5 s each: a gateway just restarted (or that has seen only the
# demo's requests) was still compiling in round 1 and measured at half its round-2 figure.
for i in "${!urls[@]}"; do
  warm_until_steady "${urls[$i]}/infer" "${sids[$i]}"
done

results=()
for round in $(seq 1 "$rounds"); do
  order=("${!names[@]}")
  # Odd rounds in list order, even rounds reversed: no server always runs on a machine that
  # the same neighbour just heated.
  if ((round % 2 == 0)); then
    mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
  fi
  for i in "${order[@]}"; do
    run_one "${names[$i]}" "${urls[$i]}/infer" "$work/${names[$i]}.$round" "${sids[$i]}" >&2
  done
  declare -A rps=() p99=()
  for i in "${order[@]}"; do
    read -r r p50 p90 q99 errors cpu <<<"$(summary "$work/${names[$i]}.$round")"
    rps[${names[$i]}]="$r"
    p99[${names[$i]}]="$q99"
    results+=("$(row "$round" "${names[$i]}" "$r" "$p50" "$p90" "$q99" "$errors" "$cpu" "")")
  done
  # The ratios the goals are stated in, from this round's pairs.
  results+=("$(row "$round" "" "" "" "" "" "" "" "bare/gateway $(ratio "${rps[bare]}" "${rps[gateway]}")")")
  if [[ "$mode" == peers ]]; then
    results+=("$(row "$round" "" "" "" "" "" "" "" "vertx/gateway $(ratio "${rps[vertx]}" "${rps[gateway]}") (goal <= 1.1)")")
    for name in "${names[@]}"; do
      [[ "$name" == peer-* ]] || continue
      results+=("$(row "$round" "" "" "" "" "" "" "" "gateway/$name $(ratio "${rps[gateway]}" "${rps[$name]}") (goal >= 8), p99 $(ratio "${p99[gateway]}" "${p99[$name]}") of the peer's (goal < 1)")")
    done
  fi
  unset rps p99
done
printf '\n'
row round server "requests/s" "p50 ms" "p90 ms" "p99 ms" errors "cpu ms" ""
printf '%s\n' "${results[@]}"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
