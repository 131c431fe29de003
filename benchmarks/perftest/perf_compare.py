#!/usr/bin/env python3
"""Helper of bin/perf-compare (standard library only): reads PerfTest runs and writes the report.

  perf_compare.py record  --results FILE.jsonl --scenario S --broker B --round N --rc RC --log LOG --csv CSV [--timed-out]
      parses one PerfTest run (its -o CSV and its console log) and appends one JSON line to FILE.jsonl;
      prints a one-line summary of the run on stdout.
  perf_compare.py record-memory --results FILE.jsonl --scenario S --broker B --round N --rc RC --log LOG
                  --measure OUT.json --how TEXT
      records one memory run (the JSON line memory_scenario.py wrote to OUT.json).
  perf_compare.py report  --results FILE.jsonl --meta META.json --json-out OUT.json
      aggregates the runs (median per broker and scenario, ratio Warren/RabbitMQ of the medians),
      prints Markdown tables on stdout and writes OUT.json.

Rates are the mean of PerfTest's per-interval samples (its -o CSV); PerfTest's own end-of-run summary
("sending rate avg", "receiving rate avg") is used only when the CSV is missing, and is kept in the JSON.
Latencies (microseconds) come from the summary line "consumer latency min/median/75th/95th/99th", which
covers the whole run. Beside it the report gives a steady-state p99: the median of PerfTest's per-second
p99 lines after the first STARTUP_SECONDS seconds. The first second decides the whole-run p99: PerfTest's
rate limiter (a copy of Guava's SmoothBursty) stores up to a second of permits between its creation and
the first publish, so it publishes 1,200-2,000 messages at once, and they wait in the consuming client,
a fresh JVM still compiling on the same cores (benchmarks/perftest/broker_delay.py shows it).
"""
import argparse
import csv
import json
import re
import statistics
import sys

BROKERS = ("warren", "rabbitmq")
LABELS = {"warren": "Warren", "rabbitmq": "RabbitMQ"}
LATENCY_KEYS = ("min", "median", "p75", "p95", "p99")

SUMMARY_SEND = re.compile(r"sending rate avg:\s*([\d.,]+)\s*msg/s")
SUMMARY_RECV = re.compile(r"receiving rate avg:\s*([\d.,]+)\s*msg/s")
SUMMARY_LAT = re.compile(r"(consumer|confirm) latency min/median/75th/95th/99th\s+([\d/.]+)\s*(µs|us|ms)")
PER_SECOND_LAT = re.compile(r"time\s+([\d.]+)\s*s,.*consumer latency:\s*([\d/.]+)\s*(µs|us|ms)")
STARTUP_SECONDS = 2
REPLY = re.compile(r"reply-code=(\d+),\s*reply-text=([^,)]*)")
ERROR_LINE = re.compile(r"\bERROR\b|Exception")


def number(text):
    return float(text.replace(",", ""))


def parse_csv(path):
    """Mean of the per-interval rates of PerfTest's -o file, or None when it has no sample."""
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    if not rows:
        return None

    def mean(column):
        values = []
        for row in rows:
            value = (row.get(column) or "").strip()
            if value:
                try:
                    values.append(float(value))
                except ValueError:
                    pass
        return statistics.fmean(values) if values else None

    return {
        "samples": len(rows),
        "send": mean("published (msg/s)"),
        "recv": mean("received (msg/s)"),
        "confirmed": mean("confirmed (msg/s)"),
    }


def parse_log(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    out = {"summary_send": None, "summary_recv": None, "latency_us": None, "confirm_latency_us": None,
           "steady_p99_us": steady_p99_us(text), "reply": None, "error": None, "stopped": None}
    m = SUMMARY_SEND.findall(text)
    if m:
        out["summary_send"] = number(m[-1])
    m = SUMMARY_RECV.findall(text)
    if m:
        out["summary_recv"] = number(m[-1])
    for kind, values, unit in SUMMARY_LAT.findall(text):
        parts = [float(v) for v in values.split("/") if v]
        if len(parts) == 5:
            scale = 1000.0 if unit == "ms" else 1.0
            key = "latency_us" if kind == "consumer" else "confirm_latency_us"
            out[key] = dict(zip(LATENCY_KEYS, (p * scale for p in parts)))
    m = REPLY.search(text)
    if m:
        out["reply"] = f"{m.group(1)} {m.group(2).strip()}"
    for line in text.splitlines():
        if ERROR_LINE.search(line):
            out["error"] = line.strip()[:300]
            break
    m = re.search(r"^test stopped \((.*)\)", text, re.M)
    if m:
        out["stopped"] = m.group(1)
    return out


def steady_p99_us(text):
    """The median of the per-second consumer p99 lines after the first STARTUP_SECONDS seconds, or None."""
    p99s = []
    for elapsed, values, unit in PER_SECOND_LAT.findall(text):
        parts = values.split("/")
        if float(elapsed) > STARTUP_SECONDS + 0.5 and len(parts) == 5 and parts[4]:
            p99s.append(float(parts[4]) * (1000.0 if unit == "ms" else 1.0))
    return statistics.median(p99s) if p99s else None


def steady_p99_of(run):
    """A recorded run's steady-state p99; runs recorded before it was kept get it from their log."""
    if "steady_p99_us" in run:
        return run["steady_p99_us"]
    try:
        with open(run.get("log") or "", encoding="utf-8", errors="replace") as f:
            return steady_p99_us(f.read())
    except OSError:
        return None


def record(args):
    csv_data = parse_csv(args.csv)
    log = parse_log(args.log)
    send = csv_data["send"] if csv_data else log["summary_send"]
    recv = csv_data["recv"] if csv_data else log["summary_recv"]
    reason = None
    if args.timed_out:
        reason = "PerfTest did not finish in time (killed)"
    elif args.rc != 0:
        reason = f"PerfTest exited with {args.rc}"
    elif log["error"]:
        reason = "errors during the run"
    elif send is None or recv is None:
        reason = "no result in PerfTest's output"
    elif args.expect_send and not send:
        reason = "nothing published"
    elif args.expect_recv and not recv:
        reason = "nothing received"
    if reason and log["reply"]:
        reason += f" (broker replied {log['reply']})"
    elif reason and log["error"] and not args.timed_out:
        reason += f": {log['error']}"
    rec = {
        "scenario": args.scenario, "broker": args.broker, "round": args.round,
        "status": "failed" if reason else "ok", "reason": reason, "exit_code": args.rc,
        "send_rate": send, "recv_rate": recv,
        "confirm_rate": csv_data["confirmed"] if csv_data else None,
        "samples": csv_data["samples"] if csv_data else 0,
        "summary_send_rate": log["summary_send"], "summary_recv_rate": log["summary_recv"],
        "latency_us": log["latency_us"], "confirm_latency_us": log["confirm_latency_us"],
        "steady_p99_us": log["steady_p99_us"],
        "log": args.log, "csv": args.csv,
    }
    with open(args.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    if reason:
        print(f"FAILED: {reason}")
    else:
        text = f"send {fmt_rate(send)} msg/s, receive {fmt_rate(recv)} msg/s"
        if log["latency_us"]:
            lat = log["latency_us"]
            text += f", latency median {fmt_us(lat['median'])} p99 {fmt_us(lat['p99'])}"
        print(text)


def record_memory(args):
    measure = None
    try:
        with open(args.measure, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        measure = json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        pass
    log = parse_log(args.log)
    reason = None
    if args.rc != 0:
        reason = f"measurement exited with {args.rc}"
        if log["reply"]:
            reason += f" (broker replied {log['reply']})"
        elif log["error"]:
            reason += f": {log['error']}"
    elif not measure:
        reason = "no measurement written"
    rec = {"scenario": args.scenario, "broker": args.broker, "round": args.round,
           "status": "failed" if reason else "ok", "reason": reason, "exit_code": args.rc,
           "broker_state": args.how, "memory": measure, "log": args.log}
    with open(args.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    if reason:
        print(f"FAILED: {reason}")
    else:
        print(f"RSS idle {fmt_kib(measure['baseline_rss_kib'])}, loaded {fmt_kib(measure['loaded_rss_kib'])} "
              f"(+{fmt_kib(measure['increase_kib'])}) {json.dumps(measure.get('detail'))}")


def fmt_kib(v):
    return "n/a" if v is None else f"{v / 1024:,.0f} MiB"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(warren, rabbit):
    if warren is None or rabbit is None or rabbit == 0:
        return None
    return warren / rabbit


def fmt_rate(v):
    return "n/a" if v is None else f"{v:,.0f}"


def fmt_us(v):
    if v is None:
        return "n/a"
    if v >= 1_000_000:
        return f"{v / 1_000_000:.2f} s"
    return f"{v / 1000:.2f} ms" if v >= 10_000 else f"{v:,.0f} µs"


def fmt_ratio(v):
    return "n/a" if v is None else f"{v:.2f}x"


def report(args):
    with open(args.meta, encoding="utf-8") as f:
        meta = json.load(f)
    runs = []
    try:
        with open(args.results, encoding="utf-8") as f:
            runs = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        pass
    scenarios = []
    for spec in meta["scenarios"]:
        name = spec["name"]
        entry = {"name": name, "perftest_args": spec["args"], "latency_scenario": spec["latency"],
                 "memory_scenario": spec.get("memory", False),
                 "brokers": {}, "ratio_warren_over_rabbitmq": {}}
        for broker in BROKERS:
            if broker not in meta["brokers"]:
                entry["brokers"][broker] = {"status": "not run", "runs": []}
                continue
            mine = [r for r in runs if r["scenario"] == name and r["broker"] == broker]
            ok = [r for r in mine if r["status"] == "ok"]
            agg = {
                "status": "ok" if ok and len(ok) == len(mine) else ("partial" if ok else "failed"),
                "rounds_ok": len(ok), "rounds": len(mine),
                "median_send_rate": median(r.get("send_rate") for r in ok),
                "median_recv_rate": median(r.get("recv_rate") for r in ok),
                "median_latency_us": None,
                "failures": sorted({r["reason"] for r in mine if r["status"] != "ok"}),
                "runs": mine,
            }
            mems = [r["memory"] for r in ok if r.get("memory")]
            if mems:
                agg["median_rss_kib"] = {k: median(m[k] for m in mems)
                                         for k in ("baseline_rss_kib", "loaded_rss_kib", "increase_kib")}
            lats = [r["latency_us"] for r in ok if r.get("latency_us")]
            if lats:
                agg["median_latency_us"] = {k: median(l[k] for l in lats) for k in LATENCY_KEYS}
                agg["median_steady_p99_us"] = median(steady_p99_of(r) for r in ok)
            entry["brokers"][broker] = agg
        w, r = entry["brokers"]["warren"], entry["brokers"]["rabbitmq"]
        rat = entry["ratio_warren_over_rabbitmq"]
        rat["send_rate"] = ratio(w.get("median_send_rate"), r.get("median_send_rate"))
        rat["recv_rate"] = ratio(w.get("median_recv_rate"), r.get("median_recv_rate"))
        wl, rl = w.get("median_latency_us"), r.get("median_latency_us")
        rat["latency_median"] = ratio(wl and wl["median"], rl and rl["median"])
        rat["latency_p99"] = ratio(wl and wl["p99"], rl and rl["p99"])
        rat["latency_steady_p99"] = ratio(w.get("median_steady_p99_us"), r.get("median_steady_p99_us"))
        wm, rm = w.get("median_rss_kib"), r.get("median_rss_kib")
        rat["rss_loaded"] = ratio(wm and wm["loaded_rss_kib"], rm and rm["loaded_rss_kib"])
        rat["rss_increase"] = ratio(wm and wm["increase_kib"], rm and rm["increase_kib"])
        scenarios.append(entry)

    result = {"meta": meta, "scenarios": scenarios}
    with open(args.json_out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print_markdown(meta, scenarios)


def cell_rate(agg, key):
    status = agg.get("status")
    if status in ("failed", "not run"):
        return status
    text = fmt_rate(agg.get(key))
    if status == "partial":
        text += f" ({agg['rounds_ok']}/{agg['rounds']} ok)"
    return text


def cell_latency(agg, key):
    status = agg.get("status")
    if status in ("failed", "not run"):
        return status
    lat = agg.get("median_latency_us")
    return fmt_us(lat[key]) if lat else "n/a"


def cell_steady_p99(agg):
    status = agg.get("status")
    if status in ("failed", "not run"):
        return status
    value = agg.get("median_steady_p99_us")
    return fmt_us(value) if value is not None else "n/a"


def cell_memory(agg, key):
    status = agg.get("status")
    if status in ("failed", "not run"):
        return status
    mem = agg.get("median_rss_kib")
    return fmt_kib(mem[key]) if mem else "n/a"


def print_markdown(meta, scenarios):
    print(f"## Warren vs RabbitMQ — PerfTest {meta['perftest_version']}, "
          f"{meta['seconds']} s x {meta['rounds']} round(s), medians over rounds")
    print()
    rates = [s for s in scenarios if not s.get("memory_scenario")]
    if rates:
        print("| Scenario | Warren send | RabbitMQ send | send W/R | Warren receive | RabbitMQ receive | receive W/R |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for s in rates:
            w, r, rat = s["brokers"]["warren"], s["brokers"]["rabbitmq"], s["ratio_warren_over_rabbitmq"]
            print(f"| {s['name']} | {cell_rate(w, 'median_send_rate')} | {cell_rate(r, 'median_send_rate')} "
                  f"| {fmt_ratio(rat['send_rate'])} | {cell_rate(w, 'median_recv_rate')} "
                  f"| {cell_rate(r, 'median_recv_rate')} | {fmt_ratio(rat['recv_rate'])} |")
        print()
        print("Rates in msg/s (mean of PerfTest's per-second samples, median over rounds); "
              "W/R > 1 means Warren is faster.")
    latency = [s for s in scenarios if s["latency_scenario"]]
    if latency:
        print()
        print("| Scenario | Warren median | RabbitMQ median | median W/R | Warren p99 | RabbitMQ p99 | p99 W/R "
              f"| Warren p99 after {STARTUP_SECONDS} s | RabbitMQ p99 after {STARTUP_SECONDS} s | W/R |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in latency:
            w, r, rat = s["brokers"]["warren"], s["brokers"]["rabbitmq"], s["ratio_warren_over_rabbitmq"]
            print(f"| {s['name']} | {cell_latency(w, 'median')} | {cell_latency(r, 'median')} "
                  f"| {fmt_ratio(rat['latency_median'])} | {cell_latency(w, 'p99')} | {cell_latency(r, 'p99')} "
                  f"| {fmt_ratio(rat['latency_p99'])} | {cell_steady_p99(w)} | {cell_steady_p99(r)} "
                  f"| {fmt_ratio(rat.get('latency_steady_p99'))} |")
        print()
        print("Consumer latency (publish to delivery), median over rounds; W/R < 1 means Warren is faster. "
              f"The p99 covers the whole run; 'p99 after {STARTUP_SECONDS} s' is the median of PerfTest's "
              f"per-second p99 once its first {STARTUP_SECONDS} seconds (its start-up burst) are past.")
    memory = [s for s in scenarios if s.get("memory_scenario")]
    if memory:
        print()
        print("| Scenario | Warren RSS idle | RabbitMQ RSS idle | Warren RSS loaded | RabbitMQ RSS loaded "
              "| loaded W/R | Warren increase | RabbitMQ increase | increase W/R |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in memory:
            w, r, rat = s["brokers"]["warren"], s["brokers"]["rabbitmq"], s["ratio_warren_over_rabbitmq"]
            cells = []
            for key in ("baseline_rss_kib", "loaded_rss_kib"):
                cells += [cell_memory(w, key), cell_memory(r, key)]
            cells.append(fmt_ratio(rat.get("rss_loaded")))
            cells += [cell_memory(w, "increase_kib"), cell_memory(r, "increase_kib"),
                      fmt_ratio(rat.get("rss_increase"))]
            print(f"| {s['name']} | " + " | ".join(cells) + " |")
        print()
        print(f"Resident memory (VmRSS) of the broker process, median over {meta.get('memory_rounds', '?')} "
              f"round(s); W/R <= 0.25 is the target. Warren's JVM: {meta['warren'].get('java_opts') or 'defaults'}.")
    failures = []
    for s in scenarios:
        for broker in BROKERS:
            for reason in s["brokers"][broker].get("failures", []):
                failures.append(f"- {s['name']} on {LABELS[broker]}: {reason}")
    if failures:
        print()
        print("Failed runs:")
        print("\n".join(failures))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record")
    r.add_argument("--results", required=True)
    r.add_argument("--scenario", required=True)
    r.add_argument("--broker", required=True, choices=BROKERS)
    r.add_argument("--round", required=True, type=int)
    r.add_argument("--rc", required=True, type=int)
    r.add_argument("--log", required=True)
    r.add_argument("--csv", required=True)
    r.add_argument("--timed-out", action="store_true")
    r.add_argument("--expect-send", type=int, default=1, help="0 when the scenario has no producer")
    r.add_argument("--expect-recv", type=int, default=1, help="0 when the scenario has no consumer")
    m = sub.add_parser("record-memory")
    m.add_argument("--results", required=True)
    m.add_argument("--scenario", required=True)
    m.add_argument("--broker", required=True, choices=BROKERS)
    m.add_argument("--round", required=True, type=int)
    m.add_argument("--rc", required=True, type=int)
    m.add_argument("--log", required=True)
    m.add_argument("--measure", required=True)
    m.add_argument("--how", default="")
    g = sub.add_parser("report")
    g.add_argument("--results", required=True)
    g.add_argument("--meta", required=True)
    g.add_argument("--json-out", required=True)
    args = p.parse_args()
    {"record": record, "record-memory": record_memory, "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
