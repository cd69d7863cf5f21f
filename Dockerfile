# The UJM service image: `docker build -t ujm:local .` from the clone, then `docker compose up`
# (docker-compose.yml) or `docker run -p 8080:8080 ujm:local`.

# 1. Build the runnable jar, ujm-server/target/ujm.jar, every dependency inside.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl ujm-server -am package

# 2. Run it on a JRE, as an unprivileged user, with its data directory (node id, admin key file,
#    the embedded store when UJM_STORE is sqlite) in a volume.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/ujm ujm \
    && mkdir -p /var/lib/ujm && chown ujm:ujm /var/lib/ujm && chmod 700 /var/lib/ujm
COPY --from=build /src/ujm-server/target/ujm.jar /opt/ujm/ujm.jar
USER ujm
WORKDIR /var/lib/ujm
ENV UJM_BIND=0.0.0.0 \
    UJM_PORT=8080 \
    UJM_DATA_DIR=/var/lib/ujm \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /var/lib/ujm
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/ujm/ujm.jar", "serve"]
