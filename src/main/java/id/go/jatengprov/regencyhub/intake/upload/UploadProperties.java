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

    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
}
