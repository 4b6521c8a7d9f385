package id.go.jatengprov.regencyhub.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second hub on a data folder in use: one message naming the running hub, no stack trace. */
public class HubRunningFailureAnalyzer extends AbstractFailureAnalyzer<HubLock.HubRunningException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, HubLock.HubRunningException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Nothing in " + cause.dataDir().toAbsolutePath().normalize() + " was changed and the running hub goes on."
                        + " Stop it first (its pid is above), or give this hub another --hub.data-dir, --server.port"
                        + " and --hub.embedded-db.port.", cause);
    }
}
