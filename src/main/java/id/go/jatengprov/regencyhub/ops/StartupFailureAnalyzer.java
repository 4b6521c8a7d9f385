package id.go.jatengprov.regencyhub.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import id.go.jatengprov.regencyhub.config.ConfigException;

/** Prints configuration problems as a list of file:line messages instead of a stack trace. */
public class StartupFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ConfigException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the files named above (each line says file:line: what is wrong), then start the hub again.", cause);
    }
}
