package io.warren.broker.connection;

/** The phases of an AMQP connection, named as RabbitMQ names them in its error texts. */
enum ConnectionState {
    /** Waiting for the protocol header. */
    handshake,
    /** connection.start sent, waiting for start-ok. */
    starting,
    /** connection.tune sent, waiting for tune-ok. */
    tuning,
    /** Tuned, waiting for connection.open. */
    opening,
    /** Open: channels may be used. */
    running,
    /** A login was refused; the answer is due after a delay and nothing is read meanwhile. */
    refusing,
    /** connection.close sent, waiting for close-ok; everything else is discarded. */
    closing,
    /** The socket is closed or closing. */
    closed
}
