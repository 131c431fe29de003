#!/usr/bin/env python3
"""A delayed-retry workflow with a real client (pika): a work queue whose failures are rejected
into a retry queue with a TTL, dead-lettered back to the work queue when the TTL runs out, and
given up after three attempts (read from the x-death count).

    python3 bin/scenarios/delayed_retry.py [port]
"""
import sys
import time

import pika

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5672
connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port))
ch = connection.channel()
for q in ("work", "work.retry", "work.failed"):
    ch.queue_delete(q)
ch.exchange_declare("retry", "direct")
ch.exchange_declare("work-x", "direct")
ch.queue_declare("work", durable=True, arguments={"x-dead-letter-exchange": "retry", "x-dead-letter-routing-key": "work"})
ch.queue_declare("work.retry", durable=True, arguments={"x-message-ttl": 500, "x-dead-letter-exchange": "work-x",
                                                        "x-dead-letter-routing-key": "work"})
ch.queue_declare("work.failed", durable=True)
ch.queue_bind("work.retry", "retry", "work")
ch.queue_bind("work", "work-x", "work")
ch.confirm_delivery()
ch.basic_publish("", "work", b"flaky job", pika.BasicProperties(delivery_mode=2, message_id="job-1"))
start = time.time()
attempts = 0
while True:
    method, props, body = ch.basic_get("work")
    if method is None:
        time.sleep(0.05)
        continue
    attempts += 1
    deaths = (props.headers or {}).get("x-death", [])
    rejected = next((d["count"] for d in deaths if d["queue"] == "work" and d["reason"] == "rejected"), 0)
    expired = next((d["count"] for d in deaths if d["queue"] == "work.retry" and d["reason"] == "expired"), 0)
    print("%.2fs attempt %d of %r: x-death rejected-from-work=%d expired-from-retry=%d first-death=%s/%s" % (
        time.time() - start, attempts, body.decode(), rejected, expired,
        (props.headers or {}).get("x-first-death-queue"), (props.headers or {}).get("x-first-death-reason")))
    if rejected >= 2:
        ch.basic_publish("", "work.failed", body, pika.BasicProperties(delivery_mode=2, headers=props.headers))
        ch.basic_ack(method.delivery_tag)
        print("%.2fs given up after %d attempts: moved to work.failed" % (time.time() - start, attempts))
        break
    ch.basic_reject(method.delivery_tag, requeue=False)  # fail: to the retry queue, back in 500 ms
final = ch.queue_declare("work.failed", passive=True).method.message_count
print("work.failed holds %d message(s)" % final)
print("x-death of the failed message:")
method, props, body = ch.basic_get("work.failed", auto_ack=True)
for d in props.headers["x-death"]:
    print("  ", {k: (v if k != "time" else "...") for k, v in sorted(d.items())})
connection.close()
