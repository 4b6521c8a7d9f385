package id.go.jatengprov.regencyhub.catalog;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.DatasetInfo;
import id.go.jatengprov.regencyhub.publish.CkanTarget;

/**
 * The catalogue as DCAT-AP in JSON-LD: a {@code dcat:Catalog} with a {@code dcat:Dataset} per dataset (title,
 * description, publisher = the producing office, contact point = the steward, licence, keywords, periodicity in the EU
 * frequency vocabulary, the reference code lists as {@code dct:conformsTo}) and its distributions: the rows API as CSV
 * and JSON, and the CKAN portal's page when the dataset is published there. For harvesters of national and
 * European portals.
 */
final class DcatCatalog {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String IANA = "http://www.iana.org/assignments/media-types/";
    private static final String FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
    /** CKAN's default licence ids and the documents they name. */
    private static final Map<String, String> LICENCES = Map.of(
            "cc-by", "https://creativecommons.org/licenses/by/4.0/",
            "cc-by-sa", "https://creativecommons.org/licenses/by-sa/4.0/",
            "cc-zero", "https://creativecommons.org/publicdomain/zero/1.0/",
            "cc-nc", "https://creativecommons.org/licenses/by-nc/4.0/",
            "odc-by", "https://opendatacommons.org/licenses/by/1-0/",
            "odc-odbl", "https://opendatacommons.org/licenses/odbl/1-0/",
            "odc-pddl", "https://opendatacommons.org/licenses/pddl/1-0/");

    private DcatCatalog() {}

    /**
     * @param base         the hub's address as the caller reached it, e.g. https://hub.jatengprov.go.id
     * @param lastLoadedAt per dataset: when a batch last changed it
     */
    static ObjectNode of(String base, Iterable<DatasetDef> datasets, Map<String, OffsetDateTime> lastLoadedAt) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ctx = root.putObject("@context");
        ctx.put("dcat", "http://www.w3.org/ns/dcat#");
        ctx.put("dct", "http://purl.org/dc/terms/");
        ctx.put("foaf", "http://xmlns.com/foaf/0.1/");
        ctx.put("vcard", "http://www.w3.org/2006/vcard/ns#");
        ctx.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        ctx.put("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
        root.put("@id", base + "/api/v1/catalog.jsonld");
        root.put("@type", "dcat:Catalog");
        root.put("dct:title", "regency-hub: datasets of the regencies and cities of Jawa Tengah");
        root.put("dct:description", "The canonical datasets the province's integration hub loads from its 35 regencies and"
                + " cities, with their metadata (Satu Data Indonesia).");
        root.set("dct:publisher", agent("Pemerintah Provinsi Jawa Tengah"));
        root.set("foaf:homepage", id(base + "/api/v1/datasets"));
        ArrayNode list = root.putArray("dcat:dataset");
        for (DatasetDef d : datasets) list.add(dataset(base, d, lastLoadedAt.get(d.id())));
        return root;
    }

    private static ObjectNode dataset(String base, DatasetDef d, OffsetDateTime modified) {
        DatasetInfo i = d.info();
        ObjectNode n = JSON.createObjectNode();
        n.put("@id", base + "/api/v1/datasets/" + d.id());
        n.put("@type", "dcat:Dataset");
        n.put("dct:identifier", d.id());
        n.put("dct:title", d.title());
        if (i.description() != null) n.put("dct:description", i.description());
        if (i.producer() != null) n.set("dct:publisher", agent(i.producer()));
        if (i.steward() != null) {
            ObjectNode contact = n.putObject("dcat:contactPoint");
            contact.put("@type", "vcard:Organization");
            contact.put("vcard:fn", i.steward());
        }
        if (i.licence() != null) {
            String doc = LICENCES.get(i.licence());
            ObjectNode licence = n.putObject("dct:license");
            if (doc != null) {
                licence.put("@id", doc);
            } else {
                licence.put("@type", "dct:LicenseDocument");
                licence.put("dct:identifier", i.licence());
            }
        }
        if (!i.tags().isEmpty()) {
            ArrayNode k = n.putArray("dcat:keyword");
            i.tags().forEach(k::add);
        }
        if (i.periodicity() != null) n.set("dct:accrualPeriodicity", id(i.periodicity().euFrequencyUri()));
        if (!i.references().isEmpty()) {
            ArrayNode c = n.putArray("dct:conformsTo");
            for (String r : i.references()) {
                ObjectNode std = c.addObject();
                std.put("@type", "dct:Standard");
                std.put("rdfs:label", r);
            }
        }
        if (modified != null) {
            ObjectNode m = n.putObject("dct:modified");
            m.put("@value", modified.toString());
            m.put("@type", "xsd:dateTime");
        }
        String rows = base + "/api/v1/datasets/" + d.id() + "/rows";
        ArrayNode dist = n.putArray("dcat:distribution");
        dist.add(distribution(rows + "?format=csv", "CSV", "text/csv", "CSV", "Every row, with region names, period and code labels"));
        dist.add(distribution(rows + "?format=json", "JSON", "application/json", "JSON", "Every row as JSON"));
        if (i.publish() != null) {
            String page = CkanTarget.of(i.publish()).datasetPage().toString();
            n.set("dcat:landingPage", id(page));
            ObjectNode portal = dist.addObject();
            portal.put("@type", "dcat:Distribution");
            portal.put("dct:title", "Satu Data portal (CKAN DataStore)");
            portal.set("dcat:accessURL", id(page));
        }
        return n;
    }

    private static ObjectNode distribution(String url, String title, String mediaType, String fileType, String description) {
        ObjectNode d = JSON.createObjectNode();
        d.put("@type", "dcat:Distribution");
        d.put("dct:title", title);
        d.put("dct:description", description);
        d.set("dcat:accessURL", id(url));
        d.set("dcat:downloadURL", id(url));
        d.set("dcat:mediaType", id(IANA + mediaType));
        d.set("dct:format", id(FILE_TYPE + fileType));
        return d;
    }

    private static ObjectNode agent(String name) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@type", "foaf:Agent");
        a.put("foaf:name", name);
        return a;
    }

    private static ObjectNode id(String iri) {
        return JSON.createObjectNode().put("@id", iri);
    }
}
