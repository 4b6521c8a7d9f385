package id.go.jatengprov.regencyhub.intake.upload;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits of the upload endpoint. */
@Validated
@ConfigurationProperties("hub.upload")
public class UploadProperties {

    /** Largest accepted upload, as a body or a multipart file part; larger ones get 413 (sets the multipart limits, UploadLimits). */
    @NotNull private DataSize maxSize = DataSize.ofMegabytes(100);
    @jakarta.validation.Valid private final Quota quota = new Quota();

    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    public Quota getQuota() { return quota; }

    /** How much each regency may upload (UploadQuota). */
    public static class Quota {
        /** Bytes a regency's uploads may bring per day (from midnight, the hub's time zone); past it 429. 0 = no quota. */
        @NotNull private DataSize perRegency = DataSize.ofGigabytes(1);
        public DataSize getPerRegency() { return perRegency; }
        public void setPerRegency(DataSize perRegency) { this.perRegency = perRegency; }
    }
}
