package id.go.jatengprov.regencyhub.config;

import java.util.Map;

import id.go.jatengprov.regencyhub.config.CsvSettings;
import id.go.jatengprov.regencyhub.reference.CodeSystem;

/**
 * One feed from one regency into one dataset.
 *
 * @param regency Kemendagri code of the owning regency ("33.74"), or "33" for the province itself
 * @param decimal "auto", "comma" or "dot"
 * @param fileFormat "csv" (a workbook is still recognised by its bytes) or "xlsx" (only a workbook is taken)
 * @param excel   how to read a workbook; never null
 * @param title   for people (warehouse.source); may be null
 */
public record SourceDef(String id, String regency, String dataset, Kind kind, String schedule,
                        String dropInclude, HttpSpec http, CkanSpec ckan, CsvSettings csv, String decimal,
                        CodeSystem codes, Map<String, FieldMapping> mapping, Unpivot unpivot,
                        double maxRejectRatio, String file, String fileFormat, ExcelSettings excel,
                        String title, String description) {

    public enum Kind { DROP, HTTP, CKAN }

    /** A source without title or description. */
    public SourceDef(String id, String regency, String dataset, Kind kind, String schedule, String dropInclude,
                     HttpSpec http, CkanSpec ckan, CsvSettings csv, String decimal, CodeSystem codes,
                     Map<String, FieldMapping> mapping, Unpivot unpivot, double maxRejectRatio, String file,
                     String fileFormat, ExcelSettings excel) {
        this(id, regency, dataset, kind, schedule, dropInclude, http, ckan, csv, decimal, codes, mapping, unpivot,
                maxRejectRatio, file, fileFormat, excel, null, null);
    }

    /** A plain HTTP endpoint (issue "Pull"). Header values may hold ${ENV} placeholders. */
    public record HttpSpec(String url, String format, String records, Map<String, String> paging,
                           Map<String, String> headers) {}

    /** A CKAN portal: a datastore resource or a dataset whose resource of {@code format} is downloaded. */
    public record CkanSpec(String url, String resource, String dataset, String format, int pageSize) {}

    public String format() {
        return kind == Kind.HTTP && http != null && http.format() != null ? http.format()
                : kind == Kind.CKAN && ckan != null && ckan.resource() != null ? "json"
                : fileFormat == null ? "csv" : fileFormat;
    }
}
