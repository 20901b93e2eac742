package dev.parallelrun.servedby;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /inventory}, from whichever instance the proxy picked: who it is and on which node (when a cluster says;
 * {@code null} otherwise), what it served, how many instances of its version run, and what every instance the version
 * ran served, wherever it ran (which may lag by the publish interval). Asked several times through
 * {@code payment.service}, the answers show how a canary release splits the traffic.
 */
@RestController
class InventoryController {

    record Inventory(String service, String version, String instance, String node, long served, Cluster cluster) {
    }

    record Cluster(long instances, long served) {
    }

    private final InstanceIdentity identity;
    private final ServedCount count;
    private final ClusterCount cluster;

    InventoryController(InstanceIdentity identity, ServedCount count, ClusterCount cluster) {
        this.identity = identity;
        this.count = count;
        this.cluster = cluster;
    }

    @GetMapping(path = "/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
    Inventory inventory() {
        ClusterCount.Totals totals = cluster.totals();
        return new Inventory(identity.service(), identity.version(), identity.instance(), identity.node(), count.get(),
                new Cluster(totals.instances(), totals.served()));
    }
}
