#!/bin/bash
# Memory and CPU of a broker while 1 million messages with a 1-second TTL expire.
# PerfTest publishes 1,000,000 messages of 100 bytes at 50,000 msg/s into a queue with
# x-message-ttl=1000 and no consumer; every second this samples the broker's resident memory
# (VmRSS) and CPU time from /proc, and the queue's ready count.
#   bin/scenarios/ttl_expiry_flat.sh PID PORT
set -euo pipefail
pid=$1; port=$2
dir=$(ls -d benchmarks/target/perftest/*/ 2>/dev/null | head -1)
[ -n "$dir" ] || { echo "fetch PerfTest first: bin/perf-compare does it (benchmarks/target/perftest/)"; exit 1; }
hz=$(getconf CLK_TCK)
sample() {
  local rss cpu
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  cpu=$(awk -v hz=$hz '{print ($14+$15)/hz}' /proc/$pid/stat)
  echo "$(date +%s) rss_kib=$rss cpu_s=$cpu"
}
java -cp "$dir*" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" -x 1 -y 0 -u ttl-flat -s 100 -C 1000000 -r 50000 \
     -qa x-message-ttl=1000 -ad false -f persistent=false > /tmp/ttl_perftest.log 2>&1 &
perf=$!
for i in $(seq 1 40); do sample; sleep 1; done
wait $perf || true
tail -3 /tmp/ttl_perftest.log
