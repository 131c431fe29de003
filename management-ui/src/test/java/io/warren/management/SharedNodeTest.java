package io.warren.management;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * API tests that share one broker per test class (started once, stopped after the class) and an
 * HTTP client logged in as guest. Tests use names unique within their class.
 */
abstract class SharedNodeTest {
    static ManagementBroker node;
    static ManagementBroker.Http http;

    @BeforeAll
    static void startNode() throws Exception {
        node = ManagementBroker.start();
        http = node.http();
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }
}
