package id.go.jatengprov.regencyhub.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.export.*}: limits of the rows API, so that exports cannot take the loader's database connections. */
@ConfigurationProperties("hub.export")
public class CatalogProperties {

    /** Row exports streaming at once (each holds a database connection while it streams); more are answered 503. */
    private int maxConcurrent = 2;
    /** Rows fetched from the database per round trip while streaming. */
    private int fetchSize = 1000;

    public int getMaxConcurrent() { return maxConcurrent; }
    public void setMaxConcurrent(int maxConcurrent) { this.maxConcurrent = maxConcurrent; }
    public int getFetchSize() { return fetchSize; }
    public void setFetchSize(int fetchSize) { this.fetchSize = fetchSize; }
}
