package dev.parallelrun.servedby;

import java.time.Instant;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code GET /actuator/users} on an instance's own port: the distinct users it served (by {@code X-User-Id}) as far
 * back as they are kept; {@code /actuator/users/{since}} those since a moment (epoch milliseconds). With each count,
 * its sketch: a canary analysis merges a side's instances' sketches to count the side's users once each.
 */
@Endpoint(id = "users")
class UsersEndpoint {

    private final UsersSeen users;

    UsersEndpoint(UsersSeen users) {
        this.users = users;
    }

    @ReadOperation
    UsersSeen.Sketch users() {
        return users.since(Instant.EPOCH);
    }

    @ReadOperation
    UsersSeen.Sketch users(@Selector long since) {
        return users.since(Instant.ofEpochMilli(since));
    }
}
