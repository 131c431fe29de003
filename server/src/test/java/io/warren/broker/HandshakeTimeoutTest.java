package io.warren.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import org.junit.jupiter.api.Test;

class HandshakeTimeoutTest {
    @Test
    void aSocketThatNeverCompletesTheHandshakeIsClosedWhileOthersWork() throws Exception {
        try (TestBroker broker = TestBroker.start("handshake_timeout=300");
             RawAmqpClient silent = broker.rawClient();
             RawAmqpClient halfway = broker.rawClient()) {
            halfway.start(); // then says nothing more
            assertEquals(0, silent.readAllBytes().length, "closed without a word");
            assertTrue(halfway.awaitServerClose());
            try (Connection connection = broker.connectionFactory().newConnection()) {
                assertTrue(connection.isOpen(), "a client that completes the handshake in time is not affected");
            }
        }
    }
}
