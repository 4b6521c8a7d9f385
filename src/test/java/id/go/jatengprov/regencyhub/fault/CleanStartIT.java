package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub started as an operator starts it (shipped configuration, passwords given, health polled all
 * through the start as a service manager does) logs one "ready" line that says where the API is, which database
 * (no password), which broker and which logins exist; and no WARN or ERROR line that docs/operations.md does not
 * explain. Read from the process's whole log, as the operator reads it.
 */
class CleanStartIT {

    /** Warnings a clean start may give, each explained in docs/operations.md ("The log"). */
    static final List<String> DOCUMENTED = List.of("Passwords travel in clear");

    static final String ANALYST_PASSWORD = "clean-start-analyst-secret";
    static final String SEMARANG_PASSWORD = "clean-start-semarang-secret";

    static Path runDir;
    static HubProcess hub;
    static int dbPort;

    @BeforeAll
    static void start() throws IOException {
        runDir = Path.of("target", "fault-runs", "clean-start").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        dbPort = HubProcess.freePort();
        hub = HubProcess.in(runDir).with("hub.config-dir", Path.of("config").toAbsolutePath())
                .with("hub.embedded-db.port", dbPort).with("server.address", "127.0.0.1")
                .with("hub.reload.interval", "2s")
                .with("hub.security.analyst.password", ANALYST_PASSWORD)
                .with("hub.security.regencies.3374.password", SEMARANG_PASSWORD).build().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.logText().contains(" ready: API "));
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
    }

    @Test
    void theReadyLineSaysWhereTheApiAndTheDatabaseAreAndWhoCanLogIn() {
        List<String> ready = hub.logText().lines().filter(l -> l.contains(" ready: API ")).toList();
        assertThat(ready).hasSize(1);
        assertThat(ready.get(0)).contains(" INFO ", "ReadyLine",
                "ready: API http://127.0.0.1:" + hub.port() + "/api/v1 (loopback only, port " + hub.port() + ")",
                "database jdbc:postgresql://localhost:" + dbPort + "/regency_hub (embedded)", "broker embedded",
                "logins: operator yes, 1 regency, analyst yes");
        assertThat(hub.logText()).doesNotContain(HubProcess.OPERATOR_PASSWORD).doesNotContain(ANALYST_PASSWORD)
                .doesNotContain(SEMARANG_PASSWORD);
    }

    @Test
    void aCleanStartLogsNoWarningThatTheOperationsGuideDoesNotExplain() throws IOException {
        List<String> warnings = hub.logText().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .filter(l -> DOCUMENTED.stream().noneMatch(l::contains)).toList();
        assertThat(warnings).as("WARN and ERROR lines of a clean start").isEmpty();
        String guide = Files.readString(Path.of("docs/operations.md"));
        for (String w : DOCUMENTED) assertThat(guide).as("docs/operations.md explains '%s'", w).contains(w);
    }
}
