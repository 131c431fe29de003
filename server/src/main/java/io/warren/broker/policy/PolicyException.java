package io.warren.broker.policy;

/** A policy refused as invalid; the message is RabbitMQ's ("Validation failed ..."). */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
