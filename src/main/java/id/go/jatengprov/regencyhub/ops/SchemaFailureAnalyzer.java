package id.go.jatengprov.regencyhub.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import id.go.jatengprov.regencyhub.load.WarehouseSchema;

/** Explains an incompatible dataset change instead of showing a stack trace. */
public class SchemaFailureAnalyzer extends AbstractFailureAnalyzer<WarehouseSchema.IncompatibleSchemaException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, WarehouseSchema.IncompatibleSchemaException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "The hub did not change the warehouse. Undo the dataset change, or migrate the table by hand first.", cause);
    }
}
