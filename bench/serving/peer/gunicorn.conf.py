"""gunicorn settings of the classic peer, as such apps are deployed in production.

PEER_WORKER_CLASS picks the worker type (PEER_BIND the address, e.g. 127.0.0.1:0 for any port):
- sync (default): gunicorn's documented starting point, 2 * cores + 1 worker processes, one
  request at a time each, no keep-alive (each request gets a new connection).
- gthread: the same processes with 4 threads each and keep-alive, gunicorn's advice when clients
  reuse connections, as wrk and most HTTP clients do.
"""

import multiprocessing
import os

# One BLAS thread per process: 2 * cores + 1 processes already use every core, and numpy's
# thread pools would only fight over them.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

bind = os.environ.get("PEER_BIND", "127.0.0.1:8000")
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = os.environ.get("PEER_WORKER_CLASS", "sync")
threads = 4 if worker_class == "gthread" else 1
keepalive = 5
# The model is loaded once in the master and shared copy-on-write by the workers.
preload_app = True
wsgi_app = "app:app"
# The bench stops it with SIGTERM when done; a loaded machine should not hold that up for 30 s.
graceful_timeout = 5
