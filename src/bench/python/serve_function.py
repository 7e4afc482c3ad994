"""A warm Python function process for Rotor's benchmark harness (docs/benchmarks.md, "AWS's Python template").

The Python side of dev.rotor.bench.child.ServeMain, speaking the same lines: it imports a rotation function once,
then runs one event per line of standard input and answers each with
``ROTOR-BENCH-STEP <nanoseconds> ok|failed <thread on CPU> <thread waiting for a core> <other threads on CPU> 0``
(the handler's own time, measured inside the process, and the kernel's figures over it, read as ServeMain reads
them; the last figure, the JVM's compiling and collecting, is 0 here); at the end of its input it prints its peak
RSS.

    python3 serve_function.py TEMPLATE_DIR [EXTRA_PATH ...]

TEMPLATE_DIR holds the function's ``lambda_function.py`` (for the comparison the harness makes: AWS's
SecretsManagerRDSPostgreSQLRotationSingleUser template, which Rotor does not ship). EXTRA_PATH entries go to the
end of the module path, after this Python's own packages (for example a distribution's PyGreSQL).

The function's log goes to standard error at INFO, as Lambda's Python runtime logs. One substitution keeps the
comparison on the same local setup: AWS's template trusts the CA file of Amazon Linux (/etc/pki/tls/cert.pem),
which is not on this machine; when ROTOR_DB_CA_BUNDLE names a file (the CA bundle the Rotor function is given),
PyGreSQL is handed that file instead. Nothing else of the function is changed.
"""

import importlib
import json
import logging
import os
import sys
import time
import traceback

STEP = "ROTOR-BENCH-STEP"
END = "ROTOR-BENCH-END"
MEMORY = "ROTOR-BENCH-MEMORY"
AMAZON_LINUX_CA_FILE = "/etc/pki/tls/cert.pem"


def trust_bench_ca(ca_file):
    """Hands PyGreSQL the benchmark's CA file wherever the function names Amazon Linux's."""
    import pgdb

    connect = pgdb.connect

    def connect_with_bench_ca(*args, **kwargs):
        if kwargs.get("sslrootcert") == AMAZON_LINUX_CA_FILE:
            kwargs["sslrootcert"] = ca_file
        return connect(*args, **kwargs)

    pgdb.connect = connect_with_bench_ca


def sched_stat():
    """(thread on CPU, thread waiting for a core, other threads on CPU, 0) in nanoseconds."""
    with open("/proc/thread-self/schedstat", encoding="ascii") as thread:
        on_cpu, waiting = (int(field) for field in thread.read().split()[:2])
    # the process's CPU time, ended threads included, less this thread's
    return on_cpu, waiting, time.process_time_ns() - on_cpu, 0


def peak_rss_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: serve_function.py TEMPLATE_DIR [EXTRA_PATH ...]")
    sys.path.insert(0, argv[1])
    sys.path.extend(argv[2:])
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="[%(levelname)s] %(asctime)s %(name)s %(message)s")
    ca_file = os.environ.get("ROTOR_DB_CA_BUNDLE")
    if ca_file:
        trust_bench_ca(ca_file)
    function = importlib.import_module("lambda_function")
    for line in sys.stdin:
        event = json.loads(line)
        before = sched_stat()
        start = time.perf_counter_ns()
        outcome = "ok"
        try:
            function.lambda_handler(event, None)
        except Exception:  # the step failed: the harness reports it, the trace goes to the log
            outcome = "failed"
            traceback.print_exc(file=sys.stderr)
        nanos = time.perf_counter_ns() - start
        figures = " ".join(str(after - then) for after, then in zip(sched_stat(), before))
        print(f"{STEP} {nanos} {outcome} {figures}", flush=True)
    print(END, flush=True)
    print(f"{MEMORY} hwmKib={peak_rss_kib()}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
