package dev.parallelrun.dashboard;

/** The services the page reads, each with what starts it. */
record Parts(Part proxy, Part parallelRunBatch, Part experiment, Part canaryAnalysis, Part comparingProxy) {

    static Parts of(DashboardProperties properties) {
        return new Parts(
                new Part("payment.service's proxy", properties.proxy(), "./lab up 1 starts it"),
                new Part("parallel-run-batch", properties.parallelRunBatch(), "stage 2 starts it (./lab up 2)"),
                new Part("monolith-v2", properties.experiment(), "stage 2 starts it (./lab up 2)"),
                new Part("canary-analysis", properties.canaryAnalysis(),
                        "Example 4 starts it (docker compose -f docker-compose/4_docker-compose.yml up -d)"),
                new Part("comparing-proxy", properties.comparingProxy(),
                        "Example 3 starts it (docker compose -f docker-compose/comparing-proxy_docker-compose.yml up -d)"));
    }
}
