package io.warren.codec;

import io.netty.buffer.ByteBuf;

/**
 * Decodes basic.publish's arguments as the generated {@code BasicMethod.Publish.decode} does, but reads
 * the exchange and routing key through {@link RepeatedShortString}s: a connection usually publishes to
 * the same exchange with the same key, and then no string is allocated; nor is a method, when the flags
 * repeat too: the last {@link BasicMethod.Publish} (immutable) is returned again. One per connection's
 * decoder.
 */
final class PublishDecoder {
    private final RepeatedShortString exchanges = new RepeatedShortString();
    private final RepeatedShortString routingKeys = new RepeatedShortString();
    private BasicMethod.Publish last = new BasicMethod.Publish(0, "", "", false, false);

    BasicMethod.Publish decode(ByteBuf in) {
        int ticket = in.readUnsignedShort();
        String exchange = exchanges.read(in);
        String routingKey = routingKeys.read(in);
        int bits = in.readUnsignedByte();
        boolean mandatory = (bits & 1) != 0;
        boolean immediate = (bits & 2) != 0;
        if (ticket != last.ticket() || exchange != last.exchange() || routingKey != last.routingKey() // same strings: same instances
                || mandatory != last.mandatory() || immediate != last.immediate()) {
            last = new BasicMethod.Publish(ticket, exchange, routingKey, mandatory, immediate);
        }
        return last;
    }
}
