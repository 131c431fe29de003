package io.warren.management.prometheus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.warren.broker.Broker;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.resources.ResourceMonitor;
import io.warren.broker.stats.ChannelCounter;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.stats.QueueCounter;
import io.warren.broker.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's metrics under RabbitMQ's Prometheus names, bound to a Micrometer registry: object
 * counts, queue totals, channel message counters, churn, memory and disk with their limits and
 * alarms. Queue states are read once per scrape ({@link #refreshQueues}); everything else when
 * the registry reads the meter.
 */
final class BrokerMetrics {
    private final Broker broker;
    private volatile List<QueueSnapshot> queues = List.of();

    BrokerMetrics(Broker broker) {
        this.broker = broker;
    }

    /** Reads every queue's state (bounded wait) for the scrape that follows. */
    List<QueueSnapshot> refreshQueues() {
        List<CompletableFuture<QueueStatus>> answers = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        if (broker.running()) {
            for (VirtualHost vhost : broker.virtualHosts().all()) {
                for (ClassicQueue queue : vhost.queues()) {
                    if (queue.deleted()) continue;
                    CompletableFuture<QueueStatus> answer = queue.status();
                    answers.add(answer);
                    pending.add(new Object[] {vhost.name(), queue, answer});
                }
            }
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception timedOut) {
            // queues that did not answer are left out of this scrape
        }
        List<QueueSnapshot> snapshots = new ArrayList<>();
        for (Object[] p : pending) {
            @SuppressWarnings("unchecked")
            QueueStatus status = ((CompletableFuture<QueueStatus>) p[2]).getNow(null);
            if (status != null) snapshots.add(new QueueSnapshot((String) p[0], (ClassicQueue) p[1], status));
        }
        queues = List.copyOf(snapshots);
        return queues;
    }

    /**
     * The node-wide metrics: what {@code /metrics} serves. With {@code queueTotals} false the queue series are left
     * out, for {@code /metrics/per-object}, which has one labelled series per queue under the same names instead.
     */
    void bindNode(MeterRegistry registry, boolean queueTotals) {
        gauge(registry, "rabbitmq.connections", "Connections currently open", b -> b.running() ? b.connections().size() : 0);
        gauge(registry, "rabbitmq.channels", "Channels currently open", b -> channels(b).size());
        gauge(registry, "rabbitmq.consumers", "Consumers currently connected",
                b -> channels(b).stream().mapToInt(c -> c.consumers().size()).sum());
        gauge(registry, "rabbitmq.queues", "Queues available", b -> queues.size());
        counter(registry, "rabbitmq.connections.opened", "Total number of connections opened",
                b -> b.running() ? b.connections().openedTotal() : 0);
        counter(registry, "rabbitmq.connections.closed", "Total number of connections closed or terminated",
                b -> b.running() ? b.connections().openedTotal() - b.connections().size() : 0);
        counter(registry, "rabbitmq.channels.opened", "Total number of channels opened",
                b -> vhosts(b).stream().mapToLong(v -> v.statistics().channelsOpened()).sum());
        counter(registry, "rabbitmq.channels.closed", "Total number of channels closed",
                b -> vhosts(b).stream().mapToLong(v -> v.statistics().channelsClosed()).sum());
        channelCounter(registry, "published", "Total number of messages published into an exchange on a channel", ChannelCounter.PUBLISH);
        channelCounter(registry, "confirmed", "Total number of messages published into an exchange and confirmed on the channel",
                ChannelCounter.CONFIRM);
        channelCounter(registry, "delivered", "Total number of messages delivered to consumers in automatic acknowledgement mode",
                ChannelCounter.DELIVER_NO_ACK);
        channelCounter(registry, "delivered.ack", "Total number of messages delivered to consumers in manual acknowledgement mode",
                ChannelCounter.DELIVER);
        channelCounter(registry, "acked", "Total number of messages acknowledged by consumers", ChannelCounter.ACK);
        channelCounter(registry, "redelivered", "Total number of messages redelivered to consumers", ChannelCounter.REDELIVER);
        channelCounter(registry, "unroutable.returned", "Total number of messages published as mandatory into an exchange and returned to the publisher as unroutable",
                ChannelCounter.RETURN_UNROUTABLE);
        channelCounter(registry, "unroutable.dropped", "Total number of messages published as non-mandatory into an exchange and dropped as unroutable",
                ChannelCounter.DROP_UNROUTABLE);
        counter(registry, "rabbitmq.channel.get", "Total number of messages fetched with basic.get in automatic acknowledgement mode",
                b -> total(b, ChannelCounter.GET_NO_ACK));
        counter(registry, "rabbitmq.channel.get.ack", "Total number of messages fetched with basic.get in manual acknowledgement mode",
                b -> total(b, ChannelCounter.GET));
        counter(registry, "rabbitmq.channel.get.empty", "Total number of times basic.get operations fetched no message",
                b -> total(b, ChannelCounter.GET_EMPTY));
        if (queueTotals) bindQueueTotals(registry);
        gauge(registry, "rabbitmq.process.resident.memory.bytes", "Memory used in bytes", b -> {
            ResourceMonitor r = resources(b);
            return r == null ? 0 : r.memoryUsed();
        });
        gauge(registry, "rabbitmq.resident.memory.limit.bytes", "Memory high watermark in bytes", b -> {
            ResourceMonitor r = resources(b);
            return r == null ? 0 : r.memoryLimit();
        });
        gauge(registry, "rabbitmq.disk.space.available.bytes", "Disk space available in bytes", b -> {
            ResourceMonitor r = resources(b);
            return r == null ? 0 : r.diskFree();
        });
        gauge(registry, "rabbitmq.disk.space.available.limit.bytes", "Free disk space low watermark in bytes", b -> {
            ResourceMonitor r = resources(b);
            return r == null ? 0 : r.diskFreeLimitBytes();
        });
        gauge(registry, "rabbitmq.alarms.memory.used.watermark", "is 1 if VM memory watermark alarm is in effect", b -> {
            ResourceMonitor r = resources(b);
            return r != null && r.memoryAlarm() ? 1 : 0;
        });
        gauge(registry, "rabbitmq.alarms.free.disk.space.watermark", "is 1 if free disk space watermark alarm is in effect", b -> {
            ResourceMonitor r = resources(b);
            return r != null && r.diskAlarm() ? 1 : 0;
        });
        gauge(registry, "rabbitmq.alarms.file.descriptor.limit", "is 1 if file descriptor limit alarm is in effect", b -> 0);
        gauge(registry, "rabbitmq.erlang.uptime.seconds", "Node uptime",
                b -> (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0);
    }

    private void bindQueueTotals(MeterRegistry registry) {
        gauge(registry, "rabbitmq.queue.messages.ready", "Messages ready to be delivered to consumers",
                b -> queues.stream().mapToLong(q -> q.status().messagesReady()).sum());
        gauge(registry, "rabbitmq.queue.messages.unacked", "Messages delivered to consumers but not yet acknowledged",
                b -> queues.stream().mapToLong(q -> q.status().messagesUnacknowledged()).sum());
        gauge(registry, "rabbitmq.queue.messages", "Sum of ready and unacknowledged messages - total queue depth",
                b -> queues.stream().mapToLong(q -> q.status().messagesReady() + q.status().messagesUnacknowledged()).sum());
        gauge(registry, "rabbitmq.queue.consumers", "Consumers on a queue",
                b -> queues.stream().mapToLong(q -> q.status().consumers()).sum());
        gauge(registry, "rabbitmq.queue.messages.ready.bytes", "Size in bytes of ready messages",
                b -> queues.stream().mapToLong(q -> q.status().readyBytes()).sum());
        counter(registry, "rabbitmq.queue.messages.published", "Total number of messages published to queues",
                b -> queues.stream().mapToLong(q -> q.queue().stats().get(QueueCounter.PUBLISH)).sum());
    }

    /** Per-queue series labelled {@code vhost} and {@code queue}, for {@code /metrics/per-object}. */
    void bindQueues(MeterRegistry registry, List<QueueSnapshot> snapshots) {
        for (QueueSnapshot q : snapshots) {
            Tags tags = Tags.of("vhost", q.vhost(), "queue", q.queue().name());
            QueueStatus s = q.status();
            Gauge.builder("rabbitmq.queue.messages.ready", s, x -> x.messagesReady()).tags(tags).strongReference(true).register(registry);
            Gauge.builder("rabbitmq.queue.messages.unacked", s, x -> x.messagesUnacknowledged()).tags(tags).strongReference(true).register(registry);
            Gauge.builder("rabbitmq.queue.messages", s, x -> x.messagesReady() + x.messagesUnacknowledged()).tags(tags).strongReference(true).register(registry);
            Gauge.builder("rabbitmq.queue.consumers", s, x -> x.consumers()).tags(tags).strongReference(true).register(registry);
            Gauge.builder("rabbitmq.queue.messages.ready.bytes", s, x -> x.readyBytes()).tags(tags).strongReference(true).register(registry);
            FunctionCounter.builder("rabbitmq.queue.messages.published", q.queue(), x -> x.stats().get(QueueCounter.PUBLISH))
                    .tags(tags).register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<Broker> value) {
        Gauge.builder(name, broker, value).description(help).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<Broker> value) {
        FunctionCounter.builder(name, broker, value).description(help).register(registry);
    }

    private void channelCounter(MeterRegistry registry, String what, String help, ChannelCounter counter) {
        counter(registry, "rabbitmq.channel.messages." + what, help, b -> total(b, counter));
    }

    private static long total(Broker broker, ChannelCounter counter) {
        return vhosts(broker).stream().mapToLong(v -> v.statistics().total(counter)).sum();
    }

    private static List<VirtualHost> vhosts(Broker broker) {
        return broker.running() ? List.copyOf(broker.virtualHosts().all()) : List.of();
    }

    private static List<ChannelStats> channels(Broker broker) {
        List<ChannelStats> channels = new ArrayList<>();
        for (VirtualHost vhost : vhosts(broker)) channels.addAll(vhost.statistics().channels());
        return channels;
    }

    private static ResourceMonitor resources(Broker broker) {
        return broker.running() ? broker.resources() : null;
    }
}
