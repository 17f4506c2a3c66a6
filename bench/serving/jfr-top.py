"""Where a JVM's CPU time went, from a JFR recording: the top methods by self and by total samples.

Reads the jdk.ExecutionSample events (JFR's CPU sampling: threads running Java code) and, with
--native, jdk.NativeMethodSample (threads inside native code, e.g. ONNX Runtime or socket calls;
threads waiting in epoll or poll are idle and left out).
Threads are kept when their name contains --thread (default: the Vert.x event loops that serve
the gateway's requests). Used by docs/benchmarks.md to say where the gateway's time goes:

  jcmd <pid> JFR.start name=bench settings=profile
  ... load it with wrk ...
  jcmd <pid> JFR.dump name=bench filename=/tmp/gateway.jfr; jcmd <pid> JFR.stop name=bench
  python3 bench/serving/jfr-top.py /tmp/gateway.jfr [--thread vert.x-eventloop] [--top 30]
"""

import argparse
import collections
import json
import subprocess


# A native sample of a thread waiting for sockets is idle time, not work.
IDLE = ("sun/nio/ch/EPoll.wait", "sun/nio/ch/Net.poll")


def samples(recording, events, thread_filter):
    printed = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(events), recording],
        check=True, capture_output=True, text=True).stdout
    for event in json.loads(printed)["recording"]["events"]:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or ""
        stack = [frame_name(frame) for frame in (values.get("stackTrace") or {}).get("frames", [])]
        if thread_filter in thread and not (stack and stack[0] in IDLE):
            yield stack


# What a sample was doing, by the nearest frame (from the leaf up) of a known part: the order
# matters, e.g. BigInteger under jose4j is the token check, not "other".
CATEGORIES = [
    ("onnx runtime", ("ai/onnxruntime/",)),
    ("token check (JWT, roles)", ("org/jose4j/", "io/smallrye/jwt/", "io/quarkus/security/",
                                  "io/quarkus/vertx/http/runtime/security/", "io/sluice/security/",
                                  "io/sluice/gateway/api/InferenceAccess")),
    ("V2 JSON parse/write", ("io/sluice/gateway/protocol/", "com/fasterxml/jackson/")),
    ("metrics (micrometer)", ("io/micrometer/", "io/quarkus/micrometer/")),
    ("gateway routing/model", ("io/sluice/gateway/",)),
    ("REST framework (RESTEasy Reactive, Mutiny, Vert.x Web)",
     ("org/jboss/resteasy/", "io/smallrye/mutiny/", "io/vertx/ext/web/", "io/quarkus/")),
    ("HTTP codec and socket I/O (Netty, Vert.x core)", ("io/netty/", "io/vertx/core/", "sun/nio/")),
]


def category(stack):
    for name in stack:
        for title, prefixes in CATEGORIES:
            if name.startswith(prefixes):
                return title
    return "other"


def frame_name(frame):
    method = frame["method"]
    return f'{method["type"]["name"]}.{method["name"]}'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--thread", default="vert.x-eventloop")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--native", action="store_true")
    args = parser.parse_args()
    events = ["jdk.ExecutionSample"] + (["jdk.NativeMethodSample"] if args.native else [])
    own = collections.Counter()
    parts = collections.Counter()
    total = collections.Counter()
    count = 0
    for stack in samples(args.recording, events, args.thread):
        count += 1
        if stack:
            own[stack[0]] += 1
            parts[category(stack)] += 1
        for name in set(stack):
            total[name] += 1
    print(f"{count} samples on threads matching '{args.thread}'")
    print("\n--- by part")
    for title, n in parts.most_common():
        print(f"{100 * n / max(count, 1):6.1f}%  {n:6d}  {title}")
    for title, counter in (("self", own), ("total (the method or what it called)", total)):
        print(f"\n--- top {args.top} by {title}")
        for name, n in counter.most_common(args.top):
            print(f"{100 * n / max(count, 1):6.1f}%  {n:6d}  {name}")


if __name__ == "__main__":
    main()
