package dev.parallelrun.canary;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /rollouts} without the rollout watch: says where it runs rather than a bare 404. */
@RestController
@ConditionalOnProperty(name = "rollout.enabled", havingValue = "false", matchIfMissing = true)
class RolloutsOffController {

    @GetMapping("/rollouts")
    void rollouts() {
        throw new RolloutsNotWatchedException();
    }
}
