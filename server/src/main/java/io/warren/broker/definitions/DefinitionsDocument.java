package io.warren.broker.definitions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's definitions JSON (what {@code rabbitmqctl export_definitions} and
 * {@code GET /api/definitions} produce): users, vhosts, permissions, topic permissions,
 * parameters, policies, queues, exchanges and bindings. Unknown fields are ignored on reading, so
 * a file exported from RabbitMQ 3.10 imports; absent sections are empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DefinitionsDocument(
        @JsonProperty("rabbit_version") String rabbitVersion,
        @JsonProperty("rabbitmq_version") String rabbitmqVersion,
        @JsonProperty("product_name") String productName,
        @JsonProperty("product_version") String productVersion,
        List<User> users,
        List<Vhost> vhosts,
        List<Permission> permissions,
        @JsonProperty("topic_permissions") List<TopicPermission> topicPermissions,
        List<Parameter> parameters,
        @JsonProperty("global_parameters") List<Parameter> globalParameters,
        List<Policy> policies,
        List<Queue> queues,
        List<Exchange> exchanges,
        List<Binding> bindings) {

    public DefinitionsDocument {
        users = orEmpty(users);
        vhosts = orEmpty(vhosts);
        permissions = orEmpty(permissions);
        topicPermissions = orEmpty(topicPermissions);
        parameters = orEmpty(parameters);
        globalParameters = orEmpty(globalParameters);
        policies = orEmpty(policies);
        queues = orEmpty(queues);
        exchanges = orEmpty(exchanges);
        bindings = orEmpty(bindings);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String name, @JsonProperty("password_hash") String passwordHash,
                       @JsonProperty("hashing_algorithm") String hashingAlgorithm, Object tags, Map<String, Object> limits) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    /** {@code limits} is an object in some exports and an empty list ({@code []}) in RabbitMQ 3.10's. */
    public record Vhost(String name, Object limits, Map<String, Object> metadata) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Permission(String user, String vhost, String configure, String write, String read) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TopicPermission(String user, String vhost, String exchange, String write, String read) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parameter(String vhost, String component, String name, Object value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Policy(String vhost, String name, String pattern, @JsonProperty("apply-to") String applyTo,
                         Map<String, Object> definition, Integer priority) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Queue(String name, String vhost, boolean durable, @JsonProperty("auto_delete") boolean autoDelete,
                        Map<String, Object> arguments) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Exchange(String name, String vhost, String type, boolean durable,
                           @JsonProperty("auto_delete") boolean autoDelete, boolean internal, Map<String, Object> arguments) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Binding(String source, String vhost, String destination,
                          @JsonProperty("destination_type") String destinationType,
                          @JsonProperty("routing_key") String routingKey, Map<String, Object> arguments) {}
}
