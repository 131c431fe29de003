#!/usr/bin/env python3
"""How long each message spent in the broker, from a packet capture of one publisher and one consumer.

  tcpdump -i lo -w run.pcap -s 0 'tcp port 5672' &   # then one PerfTest run, e.g. scenario 6:
  PerfTest -h amqp://127.0.0.1:5672 -u q -x 1 -y 1 -s 512 -r 2000 -z 3
  broker_delay.py run.pcap --port 5672 [--bucket-ms 100] [--buckets 20] [--json]

Reassembles every TCP stream to and from the broker's port and reads the AMQP frames in it. The n-th
basic.publish that reaches the broker is paired with the n-th basic.deliver that leaves it (one queue,
one consumer, no requeues: the scenario's shape), and each delivery with the basic.ack that carries its
delivery tag on the way back. Per bucket of publish time it prints:

  broker delay  deliver leaves - publish arrives: routing, queueing and delivery inside the broker
  ack lag       ack arrives - deliver leaves: the consumer's client, its network stack and its code

The timestamps are the capture's, so they leave out the time a message spends in the publishing client
before its bytes reach the socket. A capture may start while the connections are open: each stream is
read from its first frame boundary on, and publishes are still paired with deliveries in order, so
start it when the queue is empty and no confirms or deliveries are outstanding. Reads classic pcap (tcpdump -w), not pcapng; IPv4 and IPv6 over
Ethernet, Linux cooked (SLL, SLL2), BSD loopback or raw IP.
"""
import argparse
import collections
import json
import statistics
import struct
import sys

PUBLISH, DELIVER, ACK = (60, 40), (60, 60), (60, 80)
FRAME_METHOD, FRAME_END = 1, 0xCE
LINK_HEADER = {1: 14, 113: 16, 276: 20, 0: 4, 101: 0, 228: 0}   # Ethernet, SLL, SLL2, BSD loopback, raw


def packets(path):
    """(time in seconds, IP packet) for each captured packet."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit(f"{path}: not a pcap file")
    magic = data[:4]
    order = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",
             b"\xa1\xb2\x3c\x4d": ">"}.get(magic)
    if order is None:
        raise SystemExit(f"{path}: not a classic pcap file (pcapng? write it with tcpdump -w)")
    fraction = 1e9 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1e6
    link = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    if link not in LINK_HEADER:
        raise SystemExit(f"{path}: link type {link} not supported")
    skip, off = LINK_HEADER[link], 24
    while off + 16 <= len(data):
        seconds, sub, captured, _ = struct.unpack(order + "IIII", data[off:off + 16])
        off += 16
        yield seconds + sub / fraction, data[off + skip:off + captured]
        off += captured


def tcp_segments(path):
    """(time, source port, destination port, sequence number, payload) for each TCP segment with data."""
    for t, ip in packets(path):
        if len(ip) < 20:
            continue
        version = ip[0] >> 4
        if version == 4 and ip[9] == 6:
            header, end = (ip[0] & 0x0F) * 4, struct.unpack(">H", ip[2:4])[0]
        elif version == 6 and len(ip) >= 40 and ip[6] == 6:
            header, end = 40, 40 + struct.unpack(">H", ip[4:6])[0]
        else:
            continue
        tcp = ip[header:end]
        if len(tcp) < 20:
            continue
        source, destination, seq = struct.unpack(">HHI", tcp[:8])
        payload = tcp[(tcp[12] >> 4) * 4:]
        if payload:
            yield t, source, destination, seq, payload


def method_frames(segments):
    """[(time, (class, method), arguments)] of one stream's AMQP method frames, each timed by the
    segment that completed it. Retransmitted bytes are read once."""
    first = segments[0][1]
    segments = sorted(segments, key=lambda s: (s[1] - first) & 0xFFFFFFFF)
    base = segments[0][1]
    stream, arrivals = bytearray(), []          # arrivals: (stream offset where a segment ends, time)
    for t, seq, payload in segments:
        start = (seq - base) & 0xFFFFFFFF
        if start + len(payload) <= len(stream) or start > len(stream):
            continue                            # a retransmission, or a gap the capture missed
        stream += payload[len(stream) - start:]
        arrivals.append((len(stream), t))
    frames, pos, arrival = [], 8 if stream[:4] == b"AMQP" else first_frame(stream), 0
    while (end := frame_end(stream, pos)) is not None:
        while arrivals[arrival][0] < end:
            arrival += 1
        if stream[pos] == FRAME_METHOD:
            frames.append((arrivals[arrival][1], struct.unpack(">HH", stream[pos + 7:pos + 11]),
                           bytes(stream[pos + 11:end - 1])))
        pos = end
    return frames


def frame_end(stream, pos):
    """Where the frame at pos ends, or None when no whole, well-formed frame starts there."""
    if pos + 7 > len(stream) or stream[pos] not in (1, 2, 3, 8):
        return None
    end = pos + 8 + struct.unpack(">I", stream[pos + 3:pos + 7])[0]
    return end if end <= len(stream) and stream[end - 1] == FRAME_END else None


def first_frame(stream):
    """The first offset where two well-formed frames follow each other: a capture started while the
    connection was open begins in the middle of a frame."""
    for pos in range(min(len(stream), 1 << 20)):
        end = frame_end(stream, pos)
        if end is not None and (end == len(stream) or frame_end(stream, end) is not None):
            return pos
    return len(stream)


def delivery_tag(method, arguments):
    if method == DELIVER:                       # consumer-tag (shortstr), then delivery-tag
        return struct.unpack(">Q", arguments[1 + arguments[0]:9 + arguments[0]])[0]
    return struct.unpack(">Q", arguments[:8])[0]   # basic.ack: delivery-tag first


def trace(path, port):
    """Publishes, deliveries and acks with their times, from the capture of one run."""
    streams = collections.defaultdict(list)
    for t, source, destination, seq, payload in tcp_segments(path):
        if port in (source, destination):
            streams[(source, destination)].append((t, seq, payload))
    publishes, deliveries, acks = [], [], {}
    for (source, destination), segments in streams.items():
        for t, method, arguments in method_frames(segments):
            if destination == port and method == PUBLISH:
                publishes.append(t)
            elif source == port and method == DELIVER:
                deliveries.append((t, delivery_tag(method, arguments)))
            elif destination == port and method == ACK:
                acks.setdefault(delivery_tag(method, arguments), t)
    publishes.sort()
    deliveries.sort()
    return publishes, deliveries, acks


def summary(values):
    if not values:
        return None
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered) * 1000, 3), "max_ms": round(ordered[-1] * 1000, 3)}


def report(path, port, bucket_ms, buckets):
    publishes, deliveries, acks = trace(path, port)
    if not publishes or not deliveries:
        raise SystemExit(f"{path}: no basic.publish to and basic.deliver from port {port} in the capture")
    start, rows = publishes[0], []
    paired = list(zip(publishes, deliveries))
    for index in range(buckets):
        low, high = start + index * bucket_ms / 1000, start + (index + 1) * bucket_ms / 1000
        chosen = [(p, d, tag) for p, (d, tag) in paired if low <= p < high]
        if not chosen:
            continue
        rows.append({"from_ms": index * bucket_ms, "publishes": len(chosen),
                     "broker_delay": summary([d - p for p, d, _ in chosen]),
                     "ack_lag": summary([acks[tag] - d for _, d, tag in chosen if tag in acks])})
    return {"publishes": len(publishes), "deliveries": len(deliveries), "acks": len(acks),
            "broker_delay": summary([d - p for p, (d, _) in paired]),
            "ack_lag": summary([acks[tag] - d for _, (d, tag) in paired if tag in acks]), "buckets": rows}


def cell(part):
    return f"{part['median_ms']:8.3f} {part['max_ms']:8.3f}" if part else f"{'-':>8} {'-':>8}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pcap")
    p.add_argument("--port", type=int, required=True, help="the broker's AMQP port")
    p.add_argument("--bucket-ms", type=int, default=100, help="width of a row, in ms of publish time")
    p.add_argument("--buckets", type=int, default=20, help="rows to print, from the first publish")
    p.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    args = p.parse_args()
    result = report(args.pcap, args.port, args.bucket_ms, args.buckets)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['publishes']} publishes, {result['deliveries']} deliveries, {result['acks']} acks")
    print(f"{'from ms':>8} {'msgs':>6} | broker delay ms: median      max | ack lag ms: median      max")
    for row in result["buckets"]:
        print(f"{row['from_ms']:8d} {row['publishes']:6d} |          {cell(row['broker_delay'])} "
              f"|        {cell(row['ack_lag'])}")
    print(f"{'all':>8} {min(result['publishes'], result['deliveries']):6d} |          "
          f"{cell(result['broker_delay'])} |        {cell(result['ack_lag'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
