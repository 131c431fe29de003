package io.warren.broker.queue;

import io.warren.broker.durable.Persistence;
import io.warren.broker.durable.QueueJournal;
import io.warren.broker.durable.StoredMessageFormat;
import io.warren.broker.message.Message;
import io.warren.store.MsgId;
import io.warren.store.RecoveredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a queue's entries keep on disk: the journal entries of persistent messages in a durable
 * queue (their first delivery, their end), and bodies paged out of memory: a journaled message's
 * body is simply dropped (the message store has it), any other is written to the paging store
 * and read back (and freed there) when delivered. Owned by the queue's thread.
 */
final class EntryStorage {
    private static final Logger log = LoggerFactory.getLogger(EntryStorage.class);

    private final String queue;
    private final String vhost;
    private final QueueJournal journal;
    private final Persistence persistence;

    /** @param journal the durable queue's journal, or null; @param persistence the node's storage, or null */
    EntryStorage(String queue, String vhost, QueueJournal journal, Persistence persistence) {
        this.queue = queue;
        this.vhost = vhost;
        this.journal = journal;
        this.persistence = persistence;
    }

    /** The entry goes to a consumer or basic.get: its first delivery is journaled. */
    void delivered(QueueEntry entry) {
        if (entry.journalPosition >= 0 && !entry.deliveryJournaled) {
            entry.deliveryJournaled = true;
            journal.delivered(entry.journalPosition);
        }
    }

    /** The entry left the queue for good: its journal entry and stored copies go (not its body in memory). */
    void ended(QueueEntry entry) {
        if (entry.journalPosition >= 0) {
            journal.ended(entry.journalPosition, entry.storeId);
            entry.journalPosition = -1;
        } else if (entry.pagedIn != null) {
            entry.pagedIn.release(entry.storeId);
        }
        entry.pagedIn = null;
        entry.storeId = null;
    }

    /** Moves the entry's body out of the heap: dropped if the message store has it, else written to the paging store. */
    void pageOut(QueueEntry entry) {
        if (entry.message == null) return;
        if (entry.journalPosition >= 0) {
            entry.pagedIn = journal.store();
        } else {
            if (persistence == null) return;
            MsgId id = MsgId.random();
            persistence.pagingStore().write(id, StoredMessageFormat.encode(entry.message, System.currentTimeMillis()), 1);
            entry.storeId = id;
            entry.pagedIn = persistence.pagingStore();
        }
        entry.message.release();
        entry.message = null;
    }

    /** Reads a paged-out body back; false (logged) when it cannot be read: the message is then lost. */
    boolean pageIn(QueueEntry entry) {
        try {
            ByteBuffer stored = entry.pagedIn == null ? null : entry.pagedIn.read(entry.storeId);
            if (stored == null) {
                log.warn("Queue '{}' in vhost '{}': the stored body of a message is missing; the message is dropped", queue, vhost);
                return false;
            }
            entry.message = StoredMessageFormat.decode(stored).message();
            if (entry.journalPosition >= 0) {
                entry.message.storedAs(entry.storeId);
            } else {
                entry.pagedIn.release(entry.storeId);
                entry.storeId = null;
            }
            entry.pagedIn = null;
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Queue '{}' in vhost '{}': a stored message could not be read and is dropped: {}", queue, vhost, e.toString());
            return false;
        }
    }

    /**
     * Start-up: the entry for one recovered journal record, paged out from the start (only its
     * position record stays in memory), or null when its message cannot be read (then it is dropped).
     */
    QueueEntry recover(RecoveredEntry stored, long sequence, QueueSettings settings, Consumer<MsgId> seen) {
        ByteBuffer record;
        try {
            record = journal.store().read(stored.id());
        } catch (IOException e) {
            log.warn("Queue '{}' in vhost '{}': message {} could not be read and is dropped: {}", queue, vhost, stored.id(), e.toString());
            record = null;
        }
        if (record == null) {
            journal.ended(stored.seq(), stored.id());
            return null;
        }
        seen.accept(stored.id());
        StoredMessageFormat.Decoded decoded = StoredMessageFormat.decode(record);
        Message message = decoded.message();
        QueueEntry entry = new QueueEntry(sequence, message, settings.priorityOf(message),
                settings.expiresAt(message, decoded.publishedAt()), message.bodySize());
        entry.journalPosition = stored.seq();
        entry.storeId = stored.id();
        entry.redelivered = stored.delivered();
        entry.deliveryJournaled = stored.delivered();
        entry.pagedIn = journal.store();
        entry.message = null;
        message.release();
        return entry;
    }

    /** Node shutdown: the body in memory and any paged copy go; the journal stays for the next start. */
    void releaseForShutdown(QueueEntry entry) {
        if (entry.message != null) entry.message.release();
        entry.message = null;
        if (entry.journalPosition < 0 && entry.pagedIn != null) entry.pagedIn.release(entry.storeId);
    }
}
