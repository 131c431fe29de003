package io.warren.broker.resources;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import io.warren.broker.VirtualHosts;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Paging;
import io.warren.broker.vhost.VirtualHost;
import io.warren.config.ResourceLimits;
import io.warren.config.Threshold;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's memory and disk watch, RabbitMQ's {@code vm_memory_high_watermark} and
 * {@code disk_free_limit}. Ten times a second it samples the memory in use (Java heap plus the direct
 * buffers holding message bodies) against the watermark, and the free space of the data
 * directory's file system against the disk limit (live heap: young pools as after their last
 * collection, the old generation as it is; when that looks past the paging threshold a full
 * collection, at most every five seconds, tells garbage from live data):
 * <ul>
 *   <li>past {@code vm_memory_high_watermark_paging_ratio} of the watermark, queues page message
 *       bodies out of memory ({@link Paging}); below it again they stop;</li>
 *   <li>past the watermark, or under the disk limit, the alarm is raised: publishing connections
 *       are blocked ({@link ConnectionRegistry#alarm}) until it clears; consumers go on.</li>
 *   <li>past {@link #HEAP_ALARM_FRACTION} of the maximum Java heap the memory alarm is raised too,
 *       whatever the watermark: queued messages keep a record on the heap even when their bodies
 *       are in direct memory or on disk, so many small messages can fill the heap long before heap
 *       and direct memory together reach the watermark (with {@code -Xmx64m
 *       -XX:MaxDirectMemorySize=512m}, 16-byte messages ended in an OutOfMemoryError).</li>
 * </ul>
 * "Memory available to the process" for a relative watermark is the JVM's maximum heap plus its
 * maximum direct memory. Runs on one event loop; the checks take microseconds.
 */
public final class ResourceMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);
    static final String LOW_ON_MEMORY = "low on memory";
    static final String LOW_ON_DISK = "low on disk";

    private final Path dataDir;
    private FileStore dataStore;
    private final ConnectionRegistry connections;
    private final VirtualHosts vhosts;
    private volatile Threshold memoryWatermark;
    private volatile double pagingRatio;
    private volatile Threshold diskFreeLimit;
    private ScheduledFuture<?> task;
    private volatile boolean memoryAlarm;
    private volatile boolean diskAlarm;
    private volatile long lastMemoryUsed;
    private volatile long lastDiskFree;
    private long lastCollection = System.nanoTime();
    /** At most one explicit collection this often, when memory looks past the paging threshold. */
    private static final long COLLECTION_INTERVAL_NANOS = 5_000_000_000L;
    /** The share of the maximum heap whose live use raises the memory alarm, whatever the watermark. */
    static final double HEAP_ALARM_FRACTION = 0.85;

    public ResourceMonitor(ResourceLimits limits, Path dataDir, ConnectionRegistry connections, VirtualHosts vhosts) {
        this.memoryWatermark = limits.memoryHighWatermark();
        this.pagingRatio = limits.memoryPagingRatio();
        this.diskFreeLimit = limits.diskFreeLimit();
        this.dataDir = dataDir;
        this.connections = connections;
        this.vhosts = vhosts;
    }

    public void start(EventExecutor executor, Duration interval) {
        check();
        task = executor.scheduleAtFixedRate(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code set_vm_memory_high_watermark}: a new watermark, effective at the next check. */
    public void memoryWatermark(Threshold watermark) {
        memoryWatermark = watermark;
    }

    /** {@code set_disk_free_limit}. */
    public void diskFreeLimit(Threshold limit) {
        diskFreeLimit = limit;
    }

    /** The memory limit in bytes. */
    public long memoryLimit() {
        return memoryWatermark.resolve(availableMemory());
    }

    public long memoryUsed() {
        return lastMemoryUsed;
    }

    public long diskFree() {
        return lastDiskFree;
    }

    public long diskFreeLimitBytes() {
        return diskFreeLimit.resolve(availableMemory());
    }

    public boolean memoryAlarm() {
        return memoryAlarm;
    }

    public boolean diskAlarm() {
        return diskAlarm;
    }

    /** One sample: raises or clears the alarms and switches paging. */
    public synchronized void check() {
        long heap = liveHeap();
        long used = heap + directBuffersInUse();
        long heapLimit = (long) (Runtime.getRuntime().maxMemory() * HEAP_ALARM_FRACTION);
        if ((used >= (long) (memoryLimit() * pagingRatio) || heap >= heapLimit)
                && System.nanoTime() - lastCollection > COLLECTION_INTERVAL_NANOS) {
            // over the line: make sure it is not garbage the old generation has not collected yet (a blocked
            // publisher allocates nothing, so no collection would come to clear the alarm)
            lastCollection = System.nanoTime();
            System.gc();
            heap = liveHeap();
            used = heap + directBuffersInUse();
        }
        lastMemoryUsed = used;
        long limit = memoryLimit();
        long pagingThreshold = (long) (limit * pagingRatio);
        Paging.queueBudget(Math.max(8L << 20, pagingThreshold / 4));
        boolean paging = pagingWanted(Paging.active(), used, pagingThreshold);
        if (paging != Paging.active()) {
            Paging.active(paging);
            log.info(paging ? "Memory use {} bytes is past the paging threshold: paging message bodies to disk"
                    : "Memory use {} bytes is below the paging threshold again", used);
            if (paging) for (VirtualHost vhost : vhosts.all()) vhost.queues().forEach(ClassicQueue::pageOutBacklog);
        }
        boolean memoryNow = used >= limit || heap >= heapLimit;
        boolean diskNow = diskAlarmNow();
        if (memoryNow != memoryAlarm || diskNow != diskAlarm) {
            memoryAlarm = memoryNow;
            diskAlarm = diskNow;
            String reason = memoryNow ? LOW_ON_MEMORY : diskNow ? LOW_ON_DISK : null;
            if (reason != null) log.warn("Resource alarm ({}): memory used {} of {} bytes (Java heap {} of {}), {} bytes free on disk: publishers are blocked",
                    reason, used, limit, heap, heapLimit, lastDiskFree);
            else log.info("Resource alarm cleared: publishers resume");
            connections.alarm(reason);
        }
    }

    /** Paging stops only once memory is this fraction of the paging threshold or less. */
    static final double PAGING_OFF_FRACTION = 0.9;

    /**
     * Whether queues should page, with hysteresis: on at the threshold, off again only below
     * {@link #PAGING_OFF_FRACTION} of it. Without it, a backlog growing around the threshold switched
     * paging on and off every second or two (each time logged, and each switch-on walking every
     * queue's backlog again).
     */
    static boolean pagingWanted(boolean pagingNow, long used, long threshold) {
        return pagingNow ? used > (long) (threshold * PAGING_OFF_FRACTION) : used >= threshold;
    }

    /**
     * The heap in use by live objects, as well as the JVM knows without collecting: the young pools
     * (eden, survivor) as they were after the last collection (what is in them now is mostly garbage
     * about to go), the old generation as it is now.
     */
    private static long liveHeap() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            MemoryUsage afterCollection = pool.getCollectionUsage();
            boolean young = pool.getName().contains("Eden") || pool.getName().contains("Survivor");
            live += young && afterCollection != null ? afterCollection.getUsed() : pool.getUsage().getUsed();
        }
        return live;
    }

    /** Bytes of pooled direct buffers in use (message bodies, socket buffers), not the pool's idle chunks. */
    private static long directBuffersInUse() {
        long active = 0;
        for (PoolArenaMetric arena : PooledByteBufAllocator.DEFAULT.metric().directArenas()) active += arena.numActiveBytes();
        return active;
    }

    private boolean diskAlarmNow() {
        try {
            if (dataStore == null) dataStore = Files.getFileStore(dataDir); // found once: it reads the mount table
            long free = dataStore.getUsableSpace();
            lastDiskFree = free;
            return free < diskFreeLimit.resolve(availableMemory());
        } catch (IOException e) {
            log.debug("cannot read free disk space of {}: {}", dataDir, e.toString());
            return false;
        }
    }

    private static long availableMemory() {
        return Runtime.getRuntime().maxMemory() + PlatformDependent.maxDirectMemory();
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
        Paging.active(false);
    }
}
