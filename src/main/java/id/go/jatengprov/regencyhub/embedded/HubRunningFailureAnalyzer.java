package id.go.jatengprov.regencyhub.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second hub on a data folder in use: one message naming the running hub, no stack trace. */
public class HubRunningFailureAnalyzer extends AbstractFailureAnalyzer<HubLock.HubRunningException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, HubLock.HubRunningException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Nothing in the folder was changed; the running hub goes on. A second hub on this machine needs its own"
                        + " --hub.data-dir, --server.port and --hub.embedded-db.port.", cause);
    }
}
