#!/usr/bin/env python3
"""Helper of bin/perf-compare for the memory scenarios: resident memory of a broker under a load.

  memory_scenario.py queued --port P --messages N --size S --queue Q --fill "PERFTEST COMMAND..."
      reads the broker's VmRSS (idle baseline), runs the fill command (PerfTest publishing N
      persistent messages of S bytes with confirms to the durable queue Q, no consumer), waits until
      Q holds N messages, lets the broker idle 15 s (--settle), reads VmRSS again, then deletes Q.
  memory_scenario.py idle --port P --connections N
      reads VmRSS, opens N connections with one channel each (pika, heartbeats off), waits for the
      broker to idle 15 s (--settle), reads VmRSS again, then closes them.
  memory_scenario.py raw --port P --connections N
      the same with N plain TCP connections that send the AMQP 0-9-1 protocol header and nothing
      more: for servers that do not speak AMQP (idle_floor.py's bare JVM servers).

The broker process is the one listening on 127.0.0.1:P (ss -ltnp): for Warren the Java process, for
RabbitMQ beam.smp. Prints one JSON line: baseline_rss_kib, loaded_rss_kib, increase_kib, pid, detail.
"""
import argparse
import json
import re
import socket
import subprocess
import sys
import time

try:
    import pika  # the AMQP modes (queued, idle) only
except ImportError:
    pika = None


def broker_pid(port):
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    m = re.search(r"pid=(\d+)", out)
    if not m:
        raise SystemExit(f"no process found listening on port {port} (ss -ltnp shows no pid: run as its user)")
    return int(m.group(1))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmRSS for pid {pid}")


def settle(pid, seconds):
    """The RSS after `seconds` of idleness: both brokers trim their memory when idle (RabbitMQ's
    processes hibernate and garbage-collect, the JVM's periodic GC gives unused heap back)."""
    time.sleep(seconds)
    return rss_kib(pid)


def require_pika():
    if pika is None:
        raise SystemExit("the queued and idle modes need pika (apt-get install python3-pika)")


def params(port):
    return pika.ConnectionParameters("127.0.0.1", port, credentials=pika.PlainCredentials("guest", "guest"),
                                     heartbeat=0, blocked_connection_timeout=None, connection_attempts=3)


def queue_depth(port, queue):
    conn = pika.BlockingConnection(params(port))
    try:
        return conn.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        conn.close()


def queued(args):
    require_pika()
    pid = broker_pid(args.port)
    base = settle(pid, args.settle)
    t0 = time.monotonic()
    rc = subprocess.run(args.fill, shell=True, stdout=sys.stderr, stderr=sys.stderr).returncode
    if rc != 0:
        raise SystemExit(f"fill command failed with {rc}")
    deadline = time.monotonic() + args.timeout
    depth = queue_depth(args.port, args.queue)
    while depth < args.messages and time.monotonic() < deadline:
        time.sleep(1)
        depth = queue_depth(args.port, args.queue)
    fill_secs = time.monotonic() - t0
    loaded = settle(pid, args.settle)
    peak = peak_kib(pid)
    conn = pika.BlockingConnection(params(args.port))
    conn.channel().queue_delete(args.queue)
    conn.close()
    return {"pid": pid, "baseline_rss_kib": base, "loaded_rss_kib": loaded, "increase_kib": loaded - base,
            "peak_rss_kib": peak, "detail": {"messages": depth, "size": args.size, "fill_seconds": round(fill_secs, 1)}}


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def hold_connections(args, open_one, is_open, close_one):
    """VmRSS before and after opening args.connections connections (each after args.settle seconds idle)."""
    pid = broker_pid(args.port)
    base = settle(pid, args.settle)
    conns = []
    t0 = time.monotonic()
    try:
        for _ in range(args.connections):
            conns.append(open_one())
        open_secs = time.monotonic() - t0
        loaded = settle(pid, args.settle)
        alive = sum(1 for c in conns if is_open(c))
    finally:
        for c in conns:
            try:
                close_one(c)
            except Exception:
                pass
    return {"pid": pid, "baseline_rss_kib": base, "loaded_rss_kib": loaded, "increase_kib": loaded - base,
            "peak_rss_kib": peak_kib(pid),
            "detail": {"connections": alive, "open_seconds": round(open_secs, 1)}}


def idle(args):
    require_pika()

    def open_one():
        c = pika.BlockingConnection(params(args.port))
        c.channel()
        return c

    def is_open(c):
        c.process_data_events(0)
        return c.is_open

    return hold_connections(args, open_one, is_open, lambda c: c.close())


PROTOCOL_HEADER = b"AMQP\x00\x00\x09\x01"


def still_open(sock):
    """False once the peer has closed or reset the socket (end of stream, or an error, on a peek)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True      # nothing to read: open and idle
    except OSError:
        return False


def raw(args):
    def open_one():
        sock = socket.create_connection(("127.0.0.1", args.port))
        sock.sendall(PROTOCOL_HEADER)
        return sock

    return hold_connections(args, open_one, still_open, lambda sock: sock.close())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    q = sub.add_parser("queued")
    q.add_argument("--messages", type=int, required=True)
    q.add_argument("--size", type=int, required=True)
    q.add_argument("--queue", required=True)
    q.add_argument("--fill", required=True)
    q.add_argument("--timeout", type=int, default=300)
    held = [sub.add_parser(mode) for mode in ("idle", "raw")]   # connections held, AMQP or plain
    for m in held:
        m.add_argument("--connections", type=int, required=True)
    for parser in (q, *held):
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--settle", type=int, default=15, help="seconds idle before each reading")
    args = p.parse_args()
    result = {"queued": queued, "idle": idle, "raw": raw}[args.command](args)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
