package io.warren.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what {@code io.warren.store} logs at WARN and above while open. */
final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.warren.store");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted WARN and ERROR messages so far. */
    synchronized List<String> warnings() {
        return appender.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    boolean anyContains(String... parts) {
        return warnings().stream().anyMatch(line -> {
            for (String part : parts) if (!line.contains(part)) return false;
            return true;
        });
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
