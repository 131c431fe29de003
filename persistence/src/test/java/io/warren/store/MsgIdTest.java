package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MsgIdTest {
    @Test
    void randomIdsAreDistinct() {
        Set<MsgId> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) seen.add(MsgId.random());
        assertEquals(100_000, seen.size());
    }

    @Test
    void roundTripsThroughSixteenBytes() {
        MsgId id = new MsgId(0x0123456789abcdefL, -2L);
        ByteBuffer buffer = ByteBuffer.allocate(20).position(2);
        id.writeTo(buffer);
        assertEquals(18, buffer.position());
        assertEquals(id, MsgId.readFrom(buffer.flip().position(2)));
        assertEquals("0123456789abcdeffffffffffffffffe", id.toString());
        assertNotEquals(id, new MsgId(id.high(), id.low() + 1));
    }
}
