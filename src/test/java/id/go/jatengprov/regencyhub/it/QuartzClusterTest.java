package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

import id.go.jatengprov.regencyhub.intake.poll.PollScheduling;

/**
 * With hub.cluster.enabled=true the poll schedules live in Quartz's clustered JDBC job store: two
 * schedulers (two hubs) on one database run each firing exactly once between them.
 */
class QuartzClusterTest extends HubTestSupport {

    static final AtomicInteger RUNS = new AtomicInteger();

    public static class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            RUNS.incrementAndGet();
        }
    }

    @Test
    void twoHubsOnOneDatabaseFireEachScheduledRunOnce() throws Exception {
        Scheduler a = scheduler("hub-a"), b = scheduler("hub-b");
        try {
            assertThat(a).isNotSameAs(b);
            assertThat(a.getMetaData().isJobStoreClustered()).isTrue();
            RUNS.set(0);
            a.scheduleJob(JobBuilder.newJob(CountingJob.class).withIdentity("poll-test", "hub-poll").build(),
                    TriggerBuilder.newTrigger().withIdentity("poll-test", "hub-poll").startAt(new Date(System.currentTimeMillis() + 500))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(300).withRepeatCount(4))
                            .build());
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !a.checkExists(org.quartz.TriggerKey.triggerKey("poll-test", "hub-poll")));
            assertThat(RUNS.get()).isEqualTo(5);
            // Both hubs take part: each checks in to the cluster in the shared database.
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(DISTINCT instance_name) FROM hub.qrtz_scheduler_state", Long.class) == 2);
        } finally {
            a.shutdown(true);
            b.shutdown(true);
            jdbc.update("DELETE FROM hub.qrtz_scheduler_state");
        }
    }

    private Scheduler scheduler(String instance) throws Exception {
        Properties p = PollScheduling.clustered(embeddedDatabase.jdbcUrl(), embeddedDatabase.user(), embeddedDatabase.password());
        p.setProperty("org.quartz.scheduler.instanceName", "regency-hub-test");
        p.setProperty("org.quartz.scheduler.instanceId", instance);
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        // Quartz keeps one scheduler per name and JVM; two hubs are two JVMs, so forget this one's name.
        org.quartz.impl.SchedulerRepository.getInstance().remove("regency-hub-test");
        return s;
    }
}
