"""A pipeline step for the fault test: it works for a few seconds and then writes, into each
output folder named on its command line, a digest of all its inputs (so every run's outputs
differ and no step is ever a cache hit), plus the metrics given as JSON.

Usage: step.py <seconds> <metrics-json or -> <output folder>...

A step whose launcher dies is re-parented. A real training step does not notice that and runs
on for hours; this one then runs on for ORPHAN_SECONDS, so that a platform that leaves it
running is seen doing so by the test (and the machine is still rid of it later).
"""
import hashlib
import json
import os
import sys
import time

ORPHAN_SECONDS = 900


def work(seconds):
    parent = os.getppid()
    end = time.monotonic() + seconds
    orphaned = False
    while time.monotonic() < end:
        time.sleep(0.1)
        if not orphaned and os.getppid() != parent:
            orphaned = True
            end = time.monotonic() + ORPHAN_SECONDS


def digest_of_inputs():
    digest = hashlib.sha256()
    folders = sorted(v for k, v in os.environ.items() if k.startswith("SLUICE_INPUT_"))
    for folder in folders:
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as f:
                    digest.update(f.read())
    return digest.hexdigest()


def main():
    seconds, metrics, outputs = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    work(seconds)
    digest = digest_of_inputs()
    for folder in outputs:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "part.txt"), "w") as f:
            f.write(digest + "\n")
    if metrics != "-":
        with open(os.environ["SLUICE_METRICS_FILE"], "w") as f:
            json.dump(json.loads(metrics), f)


if __name__ == "__main__":
    main()
