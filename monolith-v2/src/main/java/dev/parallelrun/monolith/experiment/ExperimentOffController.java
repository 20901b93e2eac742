package dev.parallelrun.monolith.experiment;

import dev.parallelrun.monolith.notification.NotificationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * In every mode but {@code experiment} there is no experiment to read: {@code /experiment/**} says which mode runs
 * and how to start the experiment (Example 2), instead of a bare 404 that a user following the docs out of order
 * would take for a broken service.
 */
@RestController
// ExperimentController's condition (a case-insensitive match), negated.
@ConditionalOnExpression("!'${notification.mode:parallel-run}'.equalsIgnoreCase('experiment')")
class ExperimentOffController {

    private final NotificationProperties notification;

    ExperimentOffController(NotificationProperties notification) {
        this.notification = notification;
    }

    @RequestMapping("/experiment/**")
    void experimentOff() {
        throw new NotFoundException("monolith-v2 runs in "
                + notification.mode().name().toLowerCase().replace('_', '-') + " mode, without the experiment: "
                + "start it with NOTIFICATION_MODE=experiment (docs/example-2-experiment.md)");
    }
}
