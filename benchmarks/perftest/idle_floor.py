#!/usr/bin/env python3
"""The floor under scenario 8: resident memory of bare Java servers holding N idle connections.

  idle_floor.py [--connections 1000] [--settle 15] [--kinds nio,netty] [--java-opts "-Xmx1g ..."]
  idle_floor.py --print-java-options [--java-opts ...]   the JVM options it would start them with

Starts io.warren.benchmarks.IdleFloorServer (benchmarks module) once per kind, with Warren's own JVM
defaults (bin/lib/jvm-defaults.sh) plus --java-opts (by default bin/perf-compare's), and measures it
as memory_scenario.py measures a broker in scenario 8: VmRSS after --settle seconds idle, then N plain
TCP connections that send the AMQP protocol header, then VmRSS after --settle seconds more.
  nio    java.nio accepting and holding the sockets: the JVM's floor;
  netty  Warren's own Netty transport, one loop accepting and one reading: the floor of a broker on Netty.
Neither speaks AMQP. Prints one JSON line per kind (memory_scenario.py's fields plus "kind").
Needs the benchmarks classes and the broker's libraries:
  mvn -q -B -Dmaven.test.skip=true package -pl benchmarks,management-ui -am
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import memory_scenario  # noqa: E402


def warren_jvm_defaults(java_opts):
    """bin/lib/jvm-defaults.sh's options and environment, as bin/warren would use them with java_opts."""
    env = dict(os.environ, WARREN_JAVA_OPTS=java_opts)
    script = 'source "$1"; printf "%s\\n%s" "$WARREN_DEFAULT_JAVA_OPTS" "$MALLOC_ARENA_MAX"'
    out = subprocess.run(["bash", "-c", script, "-", os.path.join(ROOT, "bin", "lib", "jvm-defaults.sh")],
                         env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    return out[0].split(), out[1]


def classpath():
    classes = os.path.join(ROOT, "benchmarks", "target", "classes")
    lib = os.path.join(ROOT, "management-ui", "target", "lib")
    if not os.path.isfile(os.path.join(classes, "io", "warren", "benchmarks", "IdleFloorServer.class")) \
            or not os.path.isdir(lib):
        raise SystemExit("build first: mvn -q -B -Dmaven.test.skip=true package -pl benchmarks,management-ui -am")
    return classes + os.pathsep + os.path.join(lib, "*")


def start_server(kind, command_prefix, arenas):
    """Starts IdleFloorServer on a free port; returns (process, port). Its errors go to a temporary file."""
    errors = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command_prefix + ["io.warren.benchmarks.IdleFloorServer", kind, "0"],
                              env=dict(os.environ, MALLOC_ARENA_MAX=arenas),
                              stdout=subprocess.PIPE, stderr=errors, text=True)
    line = server.stdout.readline()          # the first line, or "" when the JVM exits first
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not match:
        server.kill()
        server.wait()
        errors.seek(0)
        raise SystemExit(f"IdleFloorServer {kind} did not start: {line}{errors.read()}")
    return server, int(match.group(1))


def measure(kind, java_options, arenas, args):
    server, port = start_server(kind, ["java", *java_options, "-cp", classpath()], arenas)
    try:
        result = memory_scenario.raw(SimpleNamespace(port=port, connections=args.connections, settle=args.settle))
        result["kind"] = kind
        result["java_options"] = " ".join(java_options)
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--settle", type=int, default=15, help="seconds idle before each reading")
    p.add_argument("--kinds", default="nio,netty")
    p.add_argument("--java-opts", default="-Xmx1g -XX:MaxDirectMemorySize=2g",
                   help="added after Warren's defaults, as bin/perf-compare does")
    p.add_argument("--print-java-options", action="store_true", help="print the JVM options and MALLOC_ARENA_MAX, run nothing")
    args = p.parse_args()
    defaults, arenas = warren_jvm_defaults(args.java_opts)
    java_options = defaults + args.java_opts.split()
    if args.print_java_options:
        print(json.dumps({"java_options": java_options, "MALLOC_ARENA_MAX": arenas}))
        return 0
    for kind in args.kinds.split(","):
        started = time.monotonic()
        result = measure(kind, java_options, arenas, args)
        result["seconds"] = round(time.monotonic() - started, 1)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
