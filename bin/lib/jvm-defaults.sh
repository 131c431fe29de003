# Warren's default JVM options, sourced by bin/warren and by benchmarks/perftest/idle_floor.py (which
# starts bare JVM servers with the same options to show the floor under scenario 8). Sets
# WARREN_DEFAULT_JAVA_OPTS and exports MALLOC_ARENA_MAX; reads WARREN_JAVA_OPTS (and the JVM's own
# JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS) to see whether the caller chose a collector.
#
# Memory-conscious defaults (README, "Memory"): the parallel collector (G1's remembered sets cost ~35 MiB
# of resident memory on a small broker), a small initial heap that grows on demand and shrinks back when
# idle, and glibc's malloc limited to two arenas and trimmed every 5 s (the JIT's scratch memory).
# Netty's buffer leak detector is off: it samples one buffer in 128 and records a stack trace for each,
# 5 % of scenario 1's rate (README, "Memory"). The tests keep it on; to turn it back on here, add
# -Dio.netty.leakDetection.level=simple (or paranoid) to WARREN_JAVA_OPTS: the later -D wins.
WARREN_DEFAULT_JAVA_OPTS="-Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Dio.netty.leakDetection.level=disabled"
if java -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then   # JDK 17.0.9 and later
  WARREN_DEFAULT_JAVA_OPTS="$WARREN_DEFAULT_JAVA_OPTS -XX:TrimNativeHeapInterval=5000"
fi
caller_chose_a_collector=no
for option in ${WARREN_JAVA_OPTS:-} ${JDK_JAVA_OPTIONS:-} ${JAVA_TOOL_OPTIONS:-}; do
  case "$option" in -XX:+Use*GC) caller_chose_a_collector=yes ;; esac   # one option, e.g. -XX:+UseG1GC
done
[ "$caller_chose_a_collector" = yes ] || WARREN_DEFAULT_JAVA_OPTS="-XX:+UseParallelGC $WARREN_DEFAULT_JAVA_OPTS"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
