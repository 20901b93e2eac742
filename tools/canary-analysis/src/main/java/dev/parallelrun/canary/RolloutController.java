package dev.parallelrun.canary;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /rollouts}: the latest rolling updates, newest first, each with how it ended and its last checks. */
@RestController
@ConditionalOnProperty(name = "rollout.enabled", havingValue = "true")
class RolloutController {

    private final RolloutWatch watch;

    RolloutController(RolloutWatch watch) {
        this.watch = watch;
    }

    @GetMapping(path = "/rollouts", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Rollout> rollouts() {
        return watch.rollouts();
    }
}
