/**
 * The node's operations side: the management HTTP API in RabbitMQ's shape ({@code api}), the
 * browser console (static files under {@code www/}), Prometheus metrics ({@code prometheus}),
 * message-rate sampling ({@code stats}) and the rabbitmqctl-compatible {@code warrenctl} CLI
 * ({@code cli}). The broker finds {@link io.warren.management.ManagementService} with
 * {@link java.util.ServiceLoader}. This module is also the top of the distribution:
 * {@code bin/warren} runs the broker from its runtime classpath.
 */
package io.warren.management;
