package io.warren.broker.auth;

import java.util.List;

/**
 * Everything a {@link UserDatabase} holds, as the {@code users}, {@code permissions} and
 * {@code topic_permissions} sections of RabbitMQ's definitions JSON. Immutable.
 */
public record UserDatabaseSnapshot(List<UserDefinition> users, List<PermissionDefinition> permissions,
                                   List<TopicPermissionDefinition> topicPermissions) {
    public UserDatabaseSnapshot {
        users = List.copyOf(users);
        permissions = List.copyOf(permissions);
        topicPermissions = List.copyOf(topicPermissions);
    }
}
