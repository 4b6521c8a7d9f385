package id.go.jatengprov.regencyhub.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits of the upload endpoint. */
@ConfigurationProperties("hub.upload")
public class UploadProperties {

    /** Largest accepted upload, as a body or a multipart file part; larger ones get 413 (sets the multipart limits, UploadLimits). */
    private DataSize maxSize = DataSize.ofMegabytes(100);
    /** Threads that normalise and queue uploaded batches in the background. */
    private int workers = 2;

    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
}
