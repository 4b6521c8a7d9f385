package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.load.LoadProcessor;

/**
 * Loads that fail are redelivered by the broker with backoff: a database that refuses connections
 * for a while is waited out, and a chunk that can never load ends in the dead-letter queue.
 */
class LoadRetryAndDeadLetterTest extends HubTestSupport {

    @Autowired CamelContext camel;
    @Autowired LoadProcessor loadProcessor;
    @Autowired ConnectionFactory connectionFactory;

    @Test
    void aDatabaseThatRefusesConnectionsIsRetriedUntilItIsBack() throws Exception {
        int dlqBefore = dlqDepth();
        camel.getRouteController().stopRoute("load");
        try {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    batches.list("jateng-births", BatchStatus.QUEUED, null, 1, 0).size() == 1);
            long failuresBefore = loadProcessor.failedAttempts();

            try (Connection su = superuser(); Statement st = su.createStatement()) {
                st.execute("ALTER ROLE hub NOLOGIN");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hub'");
            }
            camel.getRouteController().startRoute("load");
            await().atMost(Duration.ofSeconds(30)).until(() -> loadProcessor.failedAttempts() > failuresBefore);
        } finally {
            try (Connection su = superuser(); Statement st = su.createStatement()) {
                st.execute("ALTER ROLE hub LOGIN");
            }
            if (!camel.getRouteController().getRouteStatus("load").isStarted()) {
                camel.getRouteController().startRoute("load");
            }
        }
        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);
        assertThat(dlqDepth()).isEqualTo(dlqBefore);
    }

    @Test
    void aChunkThatAlwaysFailsEndsInTheDeadLetterQueue() throws Exception {
        int dlqBefore = dlqDepth();
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_test_ck CHECK (live_births < 20000)");
        try {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    batches.list("jateng-births", BatchStatus.FAILED, null, 1, 0).size() == 1);
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_test_ck");
        }
        Batch b = batches.list("jateng-births", null, null, 1, 0).get(0);
        assertThat(b.message()).contains("dead-letter queue").contains("births_test_ck");
        Map<String, Object> failure = row("SELECT attempts, dead_lettered, last_error FROM hub.chunk_failure WHERE batch_id = ?", b.id());
        assertThat(failure).containsEntry("attempts", 4).containsEntry("dead_lettered", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> dlqDepth() == dlqBefore + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isZero();
    }

    private int dlqDepth() throws Exception {
        try (jakarta.jms.Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = s.createBrowser(s.createQueue("DLQ." + props.getLoad().getQueue()));
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
