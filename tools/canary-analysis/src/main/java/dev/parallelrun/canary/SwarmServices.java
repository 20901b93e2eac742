package dev.parallelrun.canary;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few calls of the Docker Engine API a rolling update is watched and rolled back with: a service (its spec and
 * its update's state), its running tasks, and a rollback to its previous spec, which is what {@code docker service
 * rollback} sends. Nothing else: the lab reaches the Engine through a proxy that lets these through and refuses the
 * rest (nginx/swarm/docker-api.conf).
 */
class SwarmServices {

    /** A service now: its spec's version (an update names it), its whole spec, and its update's state, if any. */
    record SwarmService(String name, long version, JsonNode spec, String updateState, String updateStartedAt,
            String updateMessage) {

        boolean updating() {
            return "updating".equals(updateState);
        }

        JsonNode containerSpec() {
            return withoutEmpty(spec.path("TaskTemplate").path("ContainerSpec"));
        }
    }

    /** A running task: its id, the container spec it was created with, and its address on the stack's network. */
    record SwarmTask(String id, JsonNode containerSpec, String address) {
    }

    private final RestClient engine;
    private final String network;

    SwarmServices(RestClient engine, String network) {
        this.engine = engine;
        this.network = network;
    }

    Optional<SwarmService> service(String name) {
        try {
            JsonNode service = engine.get().uri("/services/{name}", name).retrieve().body(JsonNode.class);
            JsonNode status = service.path("UpdateStatus");
            return Optional.of(new SwarmService(name, service.path("Version").path("Index").asLong(),
                    service.path("Spec"), status.path("State").asString(""), status.path("StartedAt").asString(""),
                    status.path("Message").asString("")));
        }
        catch (HttpClientErrorException missing) {
            if (missing.getStatusCode().value() == 404) {
                return Optional.empty();
            }
            throw missing;
        }
    }

    /** The service's tasks that run now (in a swarm, a task with a healthcheck runs once healthy). */
    List<SwarmTask> runningTasks(String service) {
        String filters = "{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}";
        JsonNode tasks = engine.get().uri(uri -> uri.path("/tasks").queryParam("filters", "{filters}").build(filters))
                .retrieve().body(JsonNode.class);
        List<SwarmTask> running = new ArrayList<>();
        for (JsonNode task : tasks) {
            if (!"running".equals(task.path("Status").path("State").asString(""))) {
                continue;
            }
            for (JsonNode attachment : task.path("NetworksAttachments")) {
                if (network.equals(attachment.path("Network").path("Spec").path("Name").asString(""))) {
                    String address = attachment.path("Addresses").path(0).asString("");
                    running.add(new SwarmTask(task.path("ID").asString(),
                            withoutEmpty(task.path("Spec").path("ContainerSpec")), address.replaceFirst("/.*", "")));
                }
            }
        }
        return running;
    }

    /** Swarm rolls the service back to its previous spec, one task at a time, as its rollback_config says. */
    void rollBack(SwarmService service) {
        engine.post().uri(uri -> uri.path("/services/{name}/update").queryParam("version", service.version())
                        .queryParam("rollback", "previous").build(service.name()))
                .contentType(MediaType.APPLICATION_JSON).body(service.spec()).retrieve().toBodilessEntity();
    }

    /**
     * A spec without its empty parts: the Engine writes a task's spec as it created it, and the service's with empty
     * objects (e.g. {@code "DNSConfig": {}}) the task's leaves out, so the two are compared without them.
     */
    static JsonNode withoutEmpty(JsonNode node) {
        if (node.isObject()) {
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = withoutEmpty(field.getValue());
                if (!value.isNull() && !((value.isObject() || value.isArray()) && value.size() == 0)) {
                    kept.set(field.getKey(), value);
                }
            }
            return kept;
        }
        if (node.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> kept.add(withoutEmpty(element)));
            return kept;
        }
        return node;
    }

    static URI instance(SwarmTask task, int port) {
        return URI.create("http://" + task.address() + ":" + port);
    }
}
