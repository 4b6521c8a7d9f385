package id.go.jatengprov.regencyhub.intake.poll;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.springframework.stereotype.Component;
import id.go.jatengprov.regencyhub.intake.SourceRoute;

/**
 * "Run now" fires the source's own Quartz job, the one its schedule fires. The job is stateful, so a manual
 * run and a scheduled one never overlap; with the clustered job store that holds across hubs too.
 */
@Component
public class PollTrigger {

    private final CamelContext camel;

    public PollTrigger(CamelContext camel) {
        this.camel = camel;
    }

    /** @throws IllegalArgumentException when the source has no poll route (unknown, or a drop source) */
    public void runNow(String sourceId) throws SchedulerException {
        Route route = camel.getRoute(SourceRoute.pollRouteId(sourceId));
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint endpoint)) {
            throw new IllegalArgumentException("source '" + sourceId + "' has no poll route");
        }
        Scheduler scheduler = endpoint.getComponent().getScheduler();
        Trigger trigger = scheduler.getTrigger(endpoint.getTriggerKey());
        if (trigger == null) {
            throw new IllegalStateException("the poll route of source '" + sourceId + "' is not scheduled (stopped?)");
        }
        scheduler.triggerJob(trigger.getJobKey());
    }
}
