# shellcheck shell=bash disable=SC2154 # the settings come from run.sh, which sources this file
# The --canary mode of run.sh, which sources this file after its settings and helpers (model,
# gateway, connections, seconds, rounds, auth, warm_up, run_one, summary, row, ratio, die).
# What it measures and how is described at the top of run.sh.

gateway_root="${gateway%/v2/models/*}"
rollout_url="$gateway_root/api/v1/rollouts/$model"
# The candidate starts at 50% and climbs by 4 points a window: 12 moves before the last step,
# more than one measured run makes (about seconds / step_seconds), so it never finishes while it
# is measured. Windows only pass under traffic (a window with fewer than minRequests answers by
# the candidate is extended), so between measurements the weight stays where it is.
canary_steps="50, 54, 58, 62, 66, 70, 74, 78, 82, 86, 90, 94, 98"
step_seconds=$(((seconds + 7) / 8))
# How long a pipeline run (split, two trainings, evaluation, selection) may take to offer the
# candidate, and the gateway to load it, on a loaded machine.
candidate_timeout="${SLUICE_BENCH_CANDIDATE_TIMEOUT:-600}"

# The bench acts as a person with every role: it registers a pipeline, starts a run, approves,
# pauses, resumes and aborts. wrk keeps the inference token in SLUICE_TOKEN.
ops_token="$("$root/sluice" token --role admin --subject bench-canary)"
ops_auth=(-H "authorization: Bearer $ops_token")

ops_cli() {
  SLUICE_TOKEN="$ops_token" "$root/sluice" "$@"
}

# The gateway's answer for this model's rollout into $work/rollout.json; prints the HTTP status.
read_rollout() {
  curl -sS "${ops_auth[@]}" -o "$work/rollout.json" -w '%{http_code}' "$rollout_url"
}

rollout_field() {
  jq -r "$1" "$work/rollout.json"
}

# The gateway answers a rollout in flight, or (with its outcome) the last one that ended, or 404.
rollout_in_flight() {
  [[ "$(read_rollout)" == 200 && "$(rollout_field '.outcome // empty')" == "" ]]
}

# POST pause|resume|abort with a reason; fails on anything but 2xx.
rollout_action() {
  curl -fsS "${ops_auth[@]}" -H 'content-type: application/json' \
    -d "{\"reason\": \"$2\"}" -o "$work/action.json" "$rollout_url/$1" ||
    die "could not $1 the rollout of $model"
}

# "version count" for each version that answered $1 sequential requests (X-Sluice-Model-Version).
sample_versions() {
  for _ in $(seq 1 "$1"); do
    curl -fsS -o /dev/null -D - "${auth[@]}" -H 'content-type: application/json' -d "$sample" \
      "$gateway/infer" | tr -d '\r' | sed -n 's/^[xX]-[sS]luice-[mM]odel-[vV]ersion: *//p'
  done | sort -n | uniq -c | awk '{print $2, $1}'
}

# "version outcome count" per series of sluice_gateway_requests_seconds_count for this model.
served_counts() {
  curl -fsS "$gateway_root/q/metrics" | awk -v m="model=\"$model\"" '
    /^sluice_gateway_requests_seconds_count\{/ && index($0, m) {
      match($0, /version="[^"]*"/); v = substr($0, RSTART + 9, RLENGTH - 10)
      match($0, /outcome="[^"]*"/); o = substr($0, RSTART + 9, RLENGTH - 10)
      n[v " " o] += $NF }
    END { for (k in n) printf "%s %d\n", k, n[k] }' | sort
}

# Who answered between two served_counts snapshots: "v1 49.6%, v2 50.4% of 31234 (errors 0)".
split_between() {
  local shares totals
  shares="$(awk 'FNR == NR {before[$1 " " $2] = $3; next}
       {d = $3 - before[$1 " " $2]; if ($2 == "ok") ok[$1] += d; total += d}
       END {for (v in ok) if (ok[v] > 0) printf "%s %.1f\n", v, 100 * ok[v] / total}' "$1" "$2" |
    sort -n | awk '{printf "v%s %s%%, ", $1, $2}')"
  totals="$(awk 'FNR == NR {before[$1 " " $2] = $3; next}
       {d = $3 - before[$1 " " $2]; if ($2 != "ok") errors += d; total += d}
       END {printf "of %d (errors %d)", total, errors}' "$1" "$2")"
  echo "$shares$totals"
}

# The canary's pipeline: the Iris pipeline as registered now, plus a canary serving section.
write_canary_pipeline() {
  ops_cli pipelines get iris --output json | jq -r '.source' >"$work/pipeline-before.yaml"
  [[ -s "$work/pipeline-before.yaml" ]] || die "cannot read the registered Iris pipeline; run ./sluice demo"
  ! grep -q '^  serving:' "$work/pipeline-before.yaml" ||
    die "the registered Iris pipeline already has a serving section; apply examples/iris/pipeline.yaml first"
  # The section is appended: `model` must be the last top-level key, as in examples/iris.
  [[ "$(grep '^[a-z]' "$work/pipeline-before.yaml" | tail -n 1)" == "model:" ]] ||
    die "the registered Iris pipeline does not end with its model section; apply examples/iris/pipeline.yaml first"
  # maxLatencyP99Ratio is off: under wrk every p99 is queueing, and a held step would stop the
  # weights from changing. failedChecksToRollback at its maximum, for the same reason.
  cat "$work/pipeline-before.yaml" - >"$work/pipeline-canary.yaml" <<EOF
  serving:
    strategy: canary
    steps: [$canary_steps]
    stepSeconds: $step_seconds
    analysis: {minRequests: 20, maxLatencyP99Ratio: null, failedChecksToRollback: 100}
EOF
}

# Waits until the gateway reports a rollout of $1 (any version when empty) in CANARY; prints it.
await_rollout() {
  local wanted="$1" deadline=$((SECONDS + candidate_timeout))
  while ((SECONDS < deadline)); do
    if rollout_in_flight &&
      [[ -z "$wanted" || "$(rollout_field .candidateVersion)" == "$wanted" ]]; then
      rollout_field .candidateVersion
      return
    fi
    sleep 2
  done
  die "no canary of $model ${wanted:+v$wanted }within ${candidate_timeout}s (./sluice runs list, ./sluice logs serving-gateway)"
}

# Waits until the rollout is gone and only the stable version answers.
await_no_rollout() {
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    if ! rollout_in_flight && [[ "$(sample_versions 10 | cut -d' ' -f1)" == "$stable" ]]; then
      return
    fi
    sleep 1
  done
  die "the rollout of $model did not end within 60 s"
}

# Starts a canary: the first time a pipeline run makes the candidate, later an approval by hand
# offers the same version again (the gateway rolls out an approved version newer than the stable
# one; the abort before it took the challenger alias away). Pauses it at its first weight.
start_canary() {
  local reason deadline=$((SECONDS + 60))
  reason="bench round $1 at $(date -u +%FT%TZ)"
  if [[ -z "$candidate" ]]; then
    if ((pipeline_applied == 0)); then
      ops_cli pipelines apply -f "$work/pipeline-canary.yaml" >&2
      pipeline_applied=1
    fi
    ops_cli runs start iris >&2
    echo "waiting up to ${candidate_timeout}s for the run's version to start its canary" >&2
  else
    until ops_cli models approve "$model" "$candidate" --reason "$reason" >&2; do
      ((SECONDS < deadline)) || die "the registry did not accept approving v$candidate again"
      sleep 2
    done
  fi
  candidate="$(await_rollout "$candidate")"
  rollout_started=1
  rollout_action pause "$reason: measure at a fixed weight"
  [[ "$(jq -r .candidatePercent "$work/action.json")" == 50 ]] ||
    die "the canary moved past its first weight before the pause: $(cat "$work/action.json")"
  local versions
  versions="$(sample_versions 40)"
  echo "40 requests at 50%, answered by: $(awk '{printf "v%s %d times  ", $1, $2}' <<<"$versions")" >&2
  [[ "$(wc -l <<<"$versions")" == 2 ]] || die "not both versions answered during the canary"
}

# One measured run: run_one's output in $work/$2.$1, the answers per version, the row.
measure_step() {
  local round="$1" name="$2" before="$work/counts-before" after="$work/counts-after"
  served_counts >"$before"
  run_one "$name" "$gateway/infer" "$work/$name.$round" "$gateway_sid" >&2
  served_counts >"$after"
  split["$name"]="$(split_between "$before" "$after")"
  read -r r p50 p90 q99 errors cpu <<<"$(summary "$work/$name.$round")"
  rps["$name"]="$r"
  p99["$name"]="$q99"
  results+=("$(row "$round" "$name" "$r" "$p50" "$p90" "$q99" "$errors" "$cpu" "${split[$name]}")")
}

# The canary's two measurements, paused at 50% and with the weights moving, then its abort.
measure_canary() {
  local round="$1" from to
  warm_up "$gateway/infer"
  measure_step "$round" canary-50
  # Both versions loaded, every request pinned to the stable one: the canary's cost without
  # a second ONNX session answering.
  SLUICE_BENCH_PIN_VERSION="$stable" measure_step "$round" pinned-stable
  rollout_action resume "bench round $round: measure with the weights moving"
  from="$(jq -r .candidatePercent "$work/action.json")"
  measure_step "$round" canary-moving
  rollout_in_flight && [[ "$(rollout_field .candidateVersion)" == "$candidate" ]] ||
    die "the canary ended during the measured run (promoted or rolled back): see ./sluice models aliases $model"
  to="$(rollout_field .candidatePercent)"
  results+=("$(row "$round" "" "" "" "" "" "" "" "canary weight moved $from% -> $to% during canary-moving; failed checks $(rollout_field .failedChecks)")")
  rollout_action abort "bench round $round done"
  rollout_started=0
  await_no_rollout
}

measure_single() {
  warm_up "$gateway/infer"
  measure_step "$1" single
}

canary_cleanup() {
  if ((rollout_started == 1)); then
    echo "aborting the canary of $model v$candidate" >&2
    curl -fsS "${ops_auth[@]}" -H 'content-type: application/json' -d '{"reason": "bench interrupted"}' \
      -o /dev/null "$rollout_url/abort" || echo "could not abort the canary: ./sluice rollouts abort $model" >&2
  fi
  restore_pipeline
  rm -rf "$work"
}

# The Iris pipeline as it was registered becomes the latest version again.
restore_pipeline() {
  if ((pipeline_applied == 1)); then
    ops_cli pipelines apply -f "$work/pipeline-before.yaml" >&2 ||
      echo "could not restore the Iris pipeline: ./sluice pipelines apply -f examples/iris/pipeline.yaml" >&2
    pipeline_applied=0
  fi
}

canary_bench() {
  work="$(mktemp -d)"
  candidate=""
  pipeline_applied=0
  rollout_started=0
  trap canary_cleanup EXIT
  ! rollout_in_flight || die "$model has a rollout in flight; end it first (./sluice rollouts status)"
  stable="$(sample_versions 5 | cut -d' ' -f1)"
  [[ "$(wc -l <<<"$stable")" == 1 ]] || die "more than one version of $model answers: $stable"
  echo "v$stable serves $model; the canary: steps [$canary_steps], stepSeconds $step_seconds" >&2
  write_canary_pipeline

  warm_until_steady "$gateway/infer" "$gateway_sid"

  results=()
  declare -A rps=() p99=() split=()
  for round in $(seq 1 "$rounds"); do
    # Odd rounds measure the single version first, even rounds after the canary.
    if ((round % 2 == 1)); then
      measure_single "$round"
      start_canary "$round"
      measure_canary "$round"
    else
      start_canary "$round"
      measure_canary "$round"
      measure_single "$round"
    fi
    results+=("$(row "$round" "" "" "" "" "" "" "" "over single: canary-50 $(ratio "${rps[canary-50]}" "${rps[single]}"), canary-moving $(ratio "${rps[canary-moving]}" "${rps[single]}") (goal >= 0.90x), pinned-stable $(ratio "${rps[pinned-stable]}" "${rps[single]}"); p99 $(ratio "${p99[canary-50]}" "${p99[single]}"), $(ratio "${p99[canary-moving]}" "${p99[single]}"), $(ratio "${p99[pinned-stable]}" "${p99[single]}")")")
  done
  restore_pipeline
  printf '\n'
  row round server "requests/s" "p50 ms" "p90 ms" "p99 ms" errors "cpu ms" "answered by (gateway metrics)"
  printf '%s\n' "${results[@]}"
  echo "v$candidate was aborted after each round; v$stable serves $model as before; the Iris pipeline is restored"
  echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
}
