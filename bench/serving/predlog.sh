# shellcheck shell=bash disable=SC2154 # the settings come from run.sh, which sources this file
# The --predlog mode of run.sh, which sources this file after its settings and helpers (model,
# gateway, rounds, warm_up, run_one, summary, row, ratio, die). What it measures and how is
# described at the top of run.sh.

gateway_root="${gateway%/v2/models/*}"
read -r -a sample_rates <<<"${SLUICE_BENCH_PREDLOG_RATES:-0 0.1 1.0}"

# The value of one counter of the gateway's metrics, summed over its series (0 when absent).
counter() {
  curl -fsS "$gateway_root/q/metrics" |
    awk -v name="$1" '$1 == name || index($1, name "{") == 1 {n += $NF} END {printf "%d\n", n}'
}

# Restarts the gateway as ./sluice up starts it, with the prediction log's global sample rate
# set (or, with no argument, as the caller's environment has it), and finds its new session.
restart_gateway() {
  if [[ $# == 1 ]]; then
    SLUICE_GATEWAY_PREDICTION_LOG_SAMPLE_RATE="$1" "$root/sluice" restart serving-gateway >&2
  else
    "$root/sluice" restart serving-gateway >&2
  fi
  local pid
  pid="$(ss -ltnpH "sport = :${gateway_port:-80}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
  [[ -n "$pid" ]] || die "the restarted gateway does not listen on port ${gateway_port:-80}"
  gateway_sid="$(ps -o sid= -p "$pid" | tr -d ' ')"
  curl -fsS "${auth[@]}" "$gateway/ready" >/dev/null || die "$model is not served after the restart"
}

# One rate: restart, warm up, measure; the row says which share of the answers was logged.
measure_rate() {
  local round="$1" rate="$2" name="rate-$2" answered logged dropped r p50 p90 q99 errors cpu
  restart_gateway "$rate"
  # A restarted gateway's JIT starts from nothing.
  warm_until_steady "$gateway/infer" "$gateway_sid"
  answered="$(counter sluice_gateway_requests_seconds_count)"
  logged="$(counter sluice_gateway_predictions_logged_total)"
  dropped="$(counter sluice_gateway_predictions_dropped_total)"
  run_one "$name" "$gateway/infer" "$work/$name.$round" "$gateway_sid" >&2
  answered="$(($(counter sluice_gateway_requests_seconds_count) - answered))"
  logged="$(($(counter sluice_gateway_predictions_logged_total) - logged))"
  dropped="$(($(counter sluice_gateway_predictions_dropped_total) - dropped))"
  read -r r p50 p90 q99 errors cpu <<<"$(summary "$work/$name.$round")"
  rps["$rate"]="$r"
  p99["$rate"]="$q99"
  results+=("$(row "$round" "$name" "$r" "$p50" "$p90" "$q99" "$errors" "$cpu" \
    "logged $logged, dropped $dropped of $answered answered ($(awk -v l="$logged" -v a="$answered" 'BEGIN {printf "%.3f", a ? l / a : 0}'))")")
}

predlog_cleanup() {
  echo "restarting the gateway with the caller's environment" >&2
  restart_gateway || echo "could not restart the gateway: ./sluice restart serving-gateway" >&2
  rm -rf "$work"
}

predlog_bench() {
  work="$(mktemp -d)"
  trap predlog_cleanup EXIT
  results=()
  declare -A rps=() p99=()
  local order base="${sample_rates[0]}" rate
  for round in $(seq 1 "$rounds"); do
    order=("${sample_rates[@]}")
    if ((round % 2 == 0)); then
      mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
    fi
    for rate in "${order[@]}"; do
      measure_rate "$round" "$rate"
    done
    for rate in "${sample_rates[@]:1}"; do
      results+=("$(row "$round" "" "" "" "" "" "" "" "rate-$rate/rate-$base $(ratio "${rps[$rate]}" "${rps[$base]}"), p99 $(ratio "${p99[$rate]}" "${p99[$base]}")")")
    done
  done
  printf '\n'
  row round server "requests/s" "p50 ms" "p90 ms" "p99 ms" errors "cpu ms" "prediction log during the run (gateway metrics)"
  printf '%s\n' "${results[@]}"
  echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
}
