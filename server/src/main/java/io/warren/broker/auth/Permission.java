package io.warren.broker.auth;

/** The three kinds of access RabbitMQ grants on resources. */
public enum Permission {
    /** Declare and delete. */
    CONFIGURE,
    /** Publish to, bind to. */
    WRITE,
    /** Consume from, get from, purge, bind from. */
    READ
}
