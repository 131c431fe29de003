package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.TestBroker;
import io.warren.broker.auth.UserDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Durable definitions are saved off the changing threads: user-database changes (the management
 * API's threads) and durable queue declares and deletes (the event loops) racing each other never
 * deadlock, and a clean restart brings back the last state of both. (Saving on the changing thread
 * deadlocked here: a user change held the user database and waited for the definitions file, a
 * queue deletion held the file and waited for the user database.)
 */
class DefinitionsSavingTest {
    private static final int ROUNDS = 300;

    @Test
    void userChangesAndDurableDeclaresRacingNeverDeadlockAndTheLastStateSurvivesARestart() throws Exception {
        assumeFalse(TestBroker.external(), "restarts the in-process broker");
        try (TestBroker node = TestBroker.start()) {
            UserDatabase users = node.broker().users();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                CompletableFuture<Void> userChanges = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        users.setPermissions("guest", "scratch-" + (i % 5), ".*", ".*", ".*");
                        users.clearVhost("scratch-" + (i % 5));
                    }
                    users.addUser("last-user", "secret", List.of());
                });
                try (Connection connection = node.connectionFactory().newConnection()) {
                    Channel channel = connection.createChannel();
                    for (int i = 0; i < ROUNDS; i++) {
                        channel.queueDeclare("racing-" + i, true, false, false, null);
                        channel.queueDelete("racing-" + i);
                    }
                    channel.queueDeclare("last-queue", true, false, false, null);
                }
                userChanges.get();
            });
            node.restart();
            assertTrue(node.broker().users().user("last-user").isPresent(), "the last user change was saved");
            try (Connection connection = node.connectionFactory().newConnection()) {
                Channel channel = connection.createChannel();
                assertEquals(0, channel.queueDeclarePassive("last-queue").getMessageCount(), "the last durable queue was saved");
                for (int i = 0; i < 3; i++) {
                    int round = i;
                    Channel probe = connection.createChannel();
                    var gone = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                            () -> probe.queueDeclarePassive("racing-" + round));
                    assertTrue(String.valueOf(gone.getCause()).contains("404"), "deleted queues stay deleted: " + gone.getCause());
                }
            }
        }
    }
}
