package io.warren.codec;

import io.netty.buffer.ByteBuf;

/**
 * Decodes basic.publish's arguments as the generated {@code BasicMethod.Publish.decode} does, but reads
 * the exchange and routing key through {@link RepeatedShortString}s: a connection usually publishes to
 * the same exchange with the same key, and then no string is allocated. One per connection's decoder.
 */
final class PublishDecoder {
    private final RepeatedShortString exchanges = new RepeatedShortString();
    private final RepeatedShortString routingKeys = new RepeatedShortString();

    BasicMethod.Publish decode(ByteBuf in) {
        int ticket = in.readUnsignedShort();
        String exchange = exchanges.read(in);
        String routingKey = routingKeys.read(in);
        int bits = in.readUnsignedByte();
        return new BasicMethod.Publish(ticket, exchange, routingKey, (bits & 1) != 0, (bits & 2) != 0);
    }
}
