# The image of every Java service of the lab, built from the jar `./mvnw package` made on the host (no Maven and no
# network inside the build). Build context: the service's module folder; SERVICE names its jar.
#   docker build -f docker-compose/java-service.Dockerfile --build-arg SERVICE=monolith-v1 monolith-v1
ARG JAVA_IMAGE=eclipse-temurin:21-jre

FROM ${JAVA_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY target/${SERVICE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM ${JAVA_IMAGE}
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last one.
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# Class Data Sharing: a training run starts the application context and stops before it serves (Spring's
# spring.context.exit=onRefresh), and the JVM writes the classes it loaded to app.jsa, which every start then maps
# instead of loading and verifying them again. Nothing outside is reached: no migration, no schema check, no
# connection (a pool connects on first use). Measured in docs/benchmarks.md#starting-a-service. A JVM whose options
# do not fit the archive starts without it, as before. TRAINING_ARGS: what a service cannot start without and has no
# default for (the comparing proxy's two targets), given to the training run only. Errors alone are shown: the JVM
# warns of every class it leaves out (proxies generated at run time), hundreds of lines of nothing to act on.
ARG TRAINING_ARGS=
RUN java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -Dspring.flyway.enabled=false \
      -Dspring.jpa.hibernate.ddl-auto=none -Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
      -Dspring.jpa.properties.hibernate.dialect=org.hibernate.dialect.PostgreSQLDialect \
      -Dspring.main.banner-mode=off -Dlogging.level.root=warn -Xlog:disable -Xlog:all=error -jar app.jar ${TRAINING_ARGS}
USER 10001:10001
EXPOSE 8080
# Ready once started and warmed up (the readiness probe). Asked with bash alone: curl is not in every JRE image
# (Temurin's dropped it from 22 on); HEALTH_PORT names another port for a service whose probes live elsewhere.
HEALTHCHECK --interval=5s --timeout=3s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
# In a 768 MB container the JVM picks the Serial collector and starts with a 12 MB heap, which under load means
# several young collections a second; starting at half the limit gives a 100 MB young generation (measured on
# monolith-v2 at 1,600 payrolls a second: 4 young collections a second before, under one after, 3.4 ms each).
# C1 only (TieredStopAtLevel=1): on a laptop's two cores shared by a dozen JVMs, C2's compilations cost more CPU in
# the first minutes than they save, and a JVM just started is exactly what a stage switch or a canary meets. Measured
# on monolith-v1 started cold, 100 payrolls a second for 90 s: 25.6 s of CPU with C1 alone against 42.8 s with C2,
# and a steady 2.2 ms a request after 20 s against 3.5 ms still moving after 90 s (see README, Benchmarks).
# C1 alone also shrinks the code cache to 48 MB, and the JVM collects the whole heap each time 15 % of it has been
# filled anew (to unload code), a full collection when the collector is Serial: 1 to 4 in every start of every service,
# 0.1-0.6 s each, and some of them land on the first minute of traffic (monolith-v2 stopped 0.39 and 0.51 s under the
# canary's first load). The JVM's own size for the code cache (240 MB, reserved, used as needed: 21 MB here) and a
# metaspace first collected at 64 MB instead of 21 leave none: 17-18 full collections in Example 4's start and loads,
# 0 after (see docs/benchmarks.md).
# JAVA_OPTS replaces all of it, e.g. JAVA_OPTS="-XX:MaxRAMPercentage=75" for both compilers on a larger machine.
ENV JAVA_OPTS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:MetaspaceSize=64m"
ENTRYPOINT ["sh", "-c", "exec java -XX:SharedArchiveFile=app.jsa $JAVA_OPTS -jar app.jar"]
