package id.go.jatengprov.regencyhub.intake.upload;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Multipart uploads are bounded by the same hub.upload.max-size as a plain body (one setting, not two
 * to keep in step): the file part up to the limit, the whole form up to the limit plus 1 MB of form
 * overhead. Parts stream to temporary files from the first byte, never to memory. Past the limit: 413.
 */
@Configuration(proxyBeanMethods = false)
public class UploadLimits {

    @Bean
    public MultipartConfigElement multipartConfigElement(UploadProperties limits) {
        long max = limits.getMaxSize().toBytes();
        return new MultipartConfigElement("", max, max + DataSize.ofMegabytes(1).toBytes(), 0);
    }
}
