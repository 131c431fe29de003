package io.warren.store;

import java.nio.ByteBuffer;

/**
 * One message a queue held, unacknowledged, when the storage was opened.
 *
 * @param seq           the queue's sequence number for it (what {@link QueueIndex#acked} takes)
 * @param id            the message; its body is in {@link Storage#messages()} unless embedded
 * @param delivered     it had been delivered to a consumer (redeliver it with the redelivered flag)
 * @param embeddedBody  the body stored in the queue index itself, in a buffer the caller owns; null
 *                      when the body is in the message store
 */
public record RecoveredEntry(long seq, MsgId id, boolean delivered, ByteBuffer embeddedBody) {
}
