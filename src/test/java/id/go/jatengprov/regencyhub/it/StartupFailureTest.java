package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import id.go.jatengprov.regencyhub.RegencyHubApplication;
import id.go.jatengprov.regencyhub.config.ConfigException;

/** An invalid configuration stops the start and lists every problem with file and line. */
class StartupFailureTest {

    @TempDir Path dir;

    @Test
    void anInvalidConfigurationFailsTheStartWithFileAndLine() throws Exception {
        Path config = dir.resolve("config");
        TestConfig.copyTree(Path.of("config"), config);
        Files.writeString(config.resolve("sources/x.yaml"), """
                id: x
                regency: "33.74"
                dataset: populaton
                kind: drop
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Throwable t = catchThrowable(() -> new SpringApplicationBuilder(RegencyHubApplication.class).run(
                "--hub.config-dir=" + config, "--hub.data-dir=" + dir.resolve("data"), "--hub.embedded-db.port=" + port,
                "--server.port=0", "--hub.routes-dir=" + dir.resolve("routes")));
        Throwable root = t;
        while (root != null && !(root instanceof ConfigException)) root = root.getCause();
        assertThat(root).isInstanceOf(ConfigException.class);
        assertThat(root.getMessage()).contains("sources/x.yaml:3: unknown dataset 'populaton' (known: births, health_facilities, ipm, poor_population, population)");
    }

    @Test
    void aRouteFileThatDoesNotLoadFailsTheStartWithFileAndLine() throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve("broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                      steps:
                        - frobnicate:
                            message: hi
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Throwable t = catchThrowable(() -> new SpringApplicationBuilder(RegencyHubApplication.class).run(
                "--hub.data-dir=" + dir.resolve("data"), "--hub.embedded-db.port=" + port, "--server.port=0",
                "--hub.routes-dir=" + routes));
        StringBuilder messages = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) messages.append(c.getMessage()).append('\n');
        assertThat(messages.toString()).contains("broken.yaml, line 6").contains("frobnicate");
    }
}
