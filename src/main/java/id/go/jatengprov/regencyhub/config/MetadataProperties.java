package id.go.jatengprov.regencyhub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.metadata.*}: which dataset metadata is required, and how strictly ({@link MetadataRules}). */
@ConfigurationProperties("hub.metadata")
public class MetadataProperties {

    /** Comma-separated items every dataset must have: description, unit, producer, periodicity, steward, licence, tags, references, source-notes, field-description, code-labels. */
    private String required = "description,unit,producer,periodicity";
    /** True: a dataset missing required metadata is refused; false: it is reported as a warning. */
    private boolean strict;

    public String getRequired() { return required; }
    public void setRequired(String required) { this.required = required; }
    public boolean isStrict() { return strict; }
    public void setStrict(boolean strict) { this.strict = strict; }

    public MetadataRules rules() {
        return MetadataRules.parse(required, strict);
    }
}
