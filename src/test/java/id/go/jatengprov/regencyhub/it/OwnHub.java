package id.go.jatengprov.regencyhub.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import id.go.jatengprov.regencyhub.RegencyHubApplication;

/**
 * A hub of its own, for a test that needs other properties (TLS, short login holds) or breaks what the
 * hub depends on (stops its database): own data folder, own embedded PostgreSQL port, own broker (named
 * per data folder), a random HTTP port. Its configuration is the shipped one without the polled sources,
 * so that it starts no Quartz scheduler (one per JVM by name) beside the shared test hub's.
 */
final class OwnHub implements AutoCloseable {

    static final String OPERATOR_PASSWORD = "own-operator-secret";
    static final String SEMARANG_PASSWORD = "own-semarang-secret";

    final Path dir;
    final ConfigurableApplicationContext context;

    private OwnHub(Path dir, ConfigurableApplicationContext context) {
        this.dir = dir;
        this.context = context;
    }

    /** Starts a hub with the operator's and Kota Semarang's passwords and the given extra properties. */
    static OwnHub start(String... properties) throws IOException {
        return start(java.util.Map.of(), properties);
    }

    /**
     * {@link #start(String...)} with more configuration files: each key is a path under the config folder
     * ({@code datasets/x.yaml}), each value its content.
     */
    static OwnHub start(java.util.Map<String, String> configFiles, String... properties) throws IOException {
        Path dir = Files.createTempDirectory("regency-hub-own-");
        Path config = dir.resolve("config");
        TestConfig.copyTree(Path.of("config"), config);
        for (var f : configFiles.entrySet()) Files.writeString(config.resolve(f.getKey()), f.getValue());
        try (Stream<Path> s = Files.list(config.resolve("sources"))) {
            for (Path p : s.toList()) {
                String yaml = Files.readString(p);
                if (yaml.contains("kind: http") || yaml.contains("kind: ckan")) Files.delete(p);
            }
        }
        Files.createDirectories(dir.resolve("routes"));
        int dbPort;
        try (ServerSocket s = new ServerSocket(0)) {
            dbPort = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("--hub.config-dir=" + config, "--hub.data-dir=" + dir.resolve("data"),
                "--hub.routes-dir=" + dir.resolve("routes"), "--hub.embedded-db.port=" + dbPort, "--server.port=0",
                "--hub.security.operator.password=" + OPERATOR_PASSWORD,
                "--hub.security.regencies.3374.password=" + SEMARANG_PASSWORD,
                "--hub.drop.poll=100ms", "--hub.drop.stable-for=200ms"));
        for (String p : properties) args.add("--" + p);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RegencyHubApplication.class).run(args.toArray(String[]::new));
        return new OwnHub(dir, ctx);
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() throws IOException {
        context.close();
        HubTestSupport.deleteTree(dir);
        Files.deleteIfExists(dir);
    }
}
