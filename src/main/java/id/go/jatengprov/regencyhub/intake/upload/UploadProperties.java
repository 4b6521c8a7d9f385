package id.go.jatengprov.regencyhub.intake.upload;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits of the upload endpoint. */
@Validated
@ConfigurationProperties("hub.upload")
public class UploadProperties {

    /** Largest accepted upload; larger ones get 413. Keep spring.servlet.multipart.* at least as large. */
    @NotNull private DataSize maxSize = DataSize.ofMegabytes(100);

    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
}
