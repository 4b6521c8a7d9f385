package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import id.go.jatengprov.regencyhub.reference.CodeSystem;

/**
 * One feed from one regency into one dataset.
 *
 * @param regency Kemendagri code of the owning regency ("33.74"), or "33" for the province itself
 * @param decimal "auto", "comma" or "dot"
 * @param fileFormat "csv" (a workbook is still recognised by its bytes) or "xlsx" (only a workbook is taken)
 * @param excel   how to read a workbook; never null
 * @param jdbc    the database of a {@code kind: jdbc} source, else null
 * @param title   for people (warehouse.source); may be null
 */
public record SourceDef(String id, String regency, String dataset, Kind kind, String schedule,
                        String dropInclude, HttpSpec http, CkanSpec ckan, CsvSettings csv, String decimal,
                        CodeSystem codes, Map<String, FieldMapping> mapping, Unpivot unpivot,
                        double maxRejectRatio, String file, String fileFormat, ExcelSettings excel, JdbcSpec jdbc,
                        String title, String description) {

    public enum Kind { DROP, HTTP, CKAN, JDBC }

    /** A source of any kind but jdbc. */
    public SourceDef(String id, String regency, String dataset, Kind kind, String schedule, String dropInclude, HttpSpec http,
                     CkanSpec ckan, CsvSettings csv, String decimal, CodeSystem codes, Map<String, FieldMapping> mapping,
                     Unpivot unpivot, double maxRejectRatio, String file, String fileFormat, ExcelSettings excel) {
        this(id, regency, dataset, kind, schedule, dropInclude, http, ckan, csv, decimal, codes, mapping, unpivot,
                maxRejectRatio, file, fileFormat, excel, null, null, null);
    }

    /**
     * A plain HTTP endpoint (issue "Pull"). Header values may name secrets only as
     * {@code ${env:HUB_POLL_SECRET_<NAME>}} ({@link #SECRET}), filled from the environment when the poll runs.
     *
     * @param allowedHosts          hosts besides the url's own that paging and redirects may reach
     * @param allowPlainHttpSecrets secret headers may go over plain http:// (a server on the intranet)
     */
    public record HttpSpec(String url, String format, String records, Map<String, String> paging,
                           Map<String, String> headers, List<String> allowedHosts, boolean allowPlainHttpSecrets) {

        /** The one form a secret may take in a header value. */
        public static final Pattern SECRET = Pattern.compile("\\$\\{env:(HUB_POLL_SECRET_[A-Z0-9_]+)}");

        /** Does any header name a secret (and so must go over TLS, to the source's own host only)? */
        public boolean hasSecretHeaders() {
            return headers != null && headers.values().stream().anyMatch(v -> SECRET.matcher(v).find());
        }
    }

    /**
     * A CKAN portal: a datastore resource or a dataset whose resource of {@code format} is downloaded.
     *
     * @param resourceHosts hosts besides the portal's own that a dataset's resource url may point at
     */
    public record CkanSpec(String url, String resource, String dataset, String format, int pageSize,
                           List<String> resourceHosts) {}

    /**
     * A regency's database, queried on the source's schedule in a read-only transaction (intake/jdbc). The password
     * is read from the environment variable {@code passwordEnv} when the query runs; the URL never carries one.
     *
     * @param query     one SELECT; with a watermark it has {@link #WATERMARK_PARAMETER} where the last value goes
     * @param watermark null: every run reads the whole result (the same rows again are a DUPLICATE batch)
     * @param fetchSize rows fetched per round trip: the result is streamed, never held whole
     */
    public record JdbcSpec(String url, String user, String passwordEnv, String query, WatermarkSpec watermark, int fetchSize) {
        /** The query's one parameter: the watermark committed by the last run, bound as a value, never spliced. */
        public static final String WATERMARK_PARAMETER = ":#watermark";
        /** Environment variables a jdbc source may read its password from start with this. */
        public static final String SECRET_PREFIX = "HUB_JDBC_SECRET_";
    }

    /** @param start the value bound before the first run; its form (number, date, date-time, text) gives its type */
    public record WatermarkSpec(String column, String start) {}

    public String format() {
        return kind == Kind.JDBC ? "json"
                : kind == Kind.HTTP && http != null && http.format() != null ? http.format()
                : kind == Kind.CKAN && ckan != null && ckan.resource() != null ? "json"
                : fileFormat == null ? "csv" : fileFormat;
    }
}
