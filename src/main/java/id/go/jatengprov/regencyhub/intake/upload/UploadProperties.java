package id.go.jatengprov.regencyhub.intake.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits of the upload endpoint. */
@ConfigurationProperties("hub.upload")
public class UploadProperties {

    /** Largest accepted upload; larger ones get 413. Keep spring.servlet.multipart.* at least as large. */
    private DataSize maxSize = DataSize.ofMegabytes(100);
    /** Threads that normalise and queue uploaded batches in the background. */
    private int workers = 2;

    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
}
