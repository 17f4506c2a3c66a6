#!/usr/bin/env bash
# Serving throughput of the gateway: wrk against the V2 infer endpoint of a model that
# `./sluice demo` made serve. Needs wrk (Debian: apt-get install wrk).
# Usage: bench/serving/run.sh [connections] [seconds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="${SLUICE_GATEWAY_URL:-http://localhost:8085}/v2/models/iris-classifier/infer"
connections="${1:-16}"
seconds="${2:-15}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
curl -fsS "${url%/infer}/ready" >/dev/null || { echo "iris-classifier is not served; run ./sluice demo" >&2; exit 1; }
# Warm-up (JIT, ONNX Runtime arenas), then the measured run.
wrk -t1 -c"$connections" -d5s -s "$here/infer.lua" "$url" >/dev/null
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/infer.lua" "$url"
