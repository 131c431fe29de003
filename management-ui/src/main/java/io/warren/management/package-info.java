/**
 * The management HTTP API (RabbitMQ's shape), the browser console and the Prometheus endpoint.
 * This module is also the top of the distribution: {@code bin/warren} runs the broker from its
 * runtime classpath, so everything the broker process loads is a dependency of this module.
 */
package io.warren.management;
