package dev.parallelrun.canary;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** {@code GET /rollouts} where no rolling update is watched (compose, not Docker Swarm): 404 saying where it is. */
class RolloutsNotWatchedException extends ErrorResponseException {

    RolloutsNotWatchedException() {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle("No rolling update is watched");
        getBody().setDetail("the canary analysis watches rolling updates when the lab runs on Docker Swarm "
                + "(./lab swarm up 2, docs/swarm.md); under compose it judges canary releases: GET /release");
    }
}
