package id.go.jatengprov.regencyhub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.publish.DatasetMetadata.FieldMeta;

/** Hub types become DataStore types; hub values travel as JSON the DataStore parses; targets are checked. */
class DatastoreTypesTest {

    @Test
    void everyHubTypeHasADatastoreType() {
        assertThat(DatastoreTypes.of(FieldType.INTEGER)).isEqualTo("int8");
        assertThat(DatastoreTypes.of(FieldType.DECIMAL)).isEqualTo("numeric");
        assertThat(DatastoreTypes.of(FieldType.PERIOD)).isEqualTo("date");
        assertThat(DatastoreTypes.of(FieldType.DATE)).isEqualTo("date");
        assertThat(DatastoreTypes.of(FieldType.TEXT)).isEqualTo("text");
        assertThat(DatastoreTypes.of(FieldType.CODE)).isEqualTo("text");
        assertThat(DatastoreTypes.of(FieldType.REGION)).isEqualTo("text");
        assertThat(DatastoreTypes.of(FieldType.BOOLEAN)).isEqualTo("bool");
        // a new FieldType fails to compile in DatastoreTypes.of's switch, and this loop would catch a null
        for (FieldType t : FieldType.values()) assertThat(DatastoreTypes.of(t)).isNotBlank();
    }

    @Test
    void valuesTravelAsJsonThatPostgresParses() {
        assertThat(DatastoreTypes.jsonValue(java.sql.Date.valueOf("2024-03-01"))).isEqualTo("2024-03-01");
        assertThat(DatastoreTypes.jsonValue(LocalDate.of(2024, 3, 1))).isEqualTo("2024-03-01");
        assertThat(DatastoreTypes.jsonValue(java.sql.Timestamp.valueOf("2024-03-01 10:15:00"))).isEqualTo("2024-03-01T10:15");
        assertThat(DatastoreTypes.jsonValue(LocalDateTime.of(2024, 3, 1, 10, 15, 30))).isEqualTo("2024-03-01T10:15:30");
        assertThat(DatastoreTypes.jsonValue(new BigDecimal("12.50"))).isEqualTo(new BigDecimal("12.50"));
        assertThat(DatastoreTypes.jsonValue(Double.NaN)).isEqualTo("NaN");
        assertThat(DatastoreTypes.jsonValue(7L)).isEqualTo(7L);
        assertThat(DatastoreTypes.jsonValue(null)).isNull();
        assertThatThrownBy(() -> DatastoreTypes.jsonValue(new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no DataStore form");
    }

    @Test
    void theDataDictionaryCarriesDescriptionUnitAndCodes() {
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put("1", "urban");
        codes.put("2", "rural");
        assertThat(DatastoreTypes.info(new FieldMeta("area", FieldType.CODE, "Area type", null, codes)))
                .containsExactly(Map.entry("label", "Area type"), Map.entry("notes", "Codes: 1 = urban; 2 = rural."));
        assertThat(DatastoreTypes.info(new FieldMeta("gdp", FieldType.DECIMAL, null, "million rupiah", null)))
                .containsExactly(Map.entry("label", "gdp"), Map.entry("notes", "Unit: million rupiah."));
    }

    @Test
    void aTargetIsCheckedAgainstCkansNamingRules() {
        URI portal = URI.create("https://data.jatengprov.go.id/");
        assertThat(new CkanTarget(portal, "bps-jateng", "ipm", "CKAN_KEY").url()).hasToString("https://data.jatengprov.go.id");
        assertThatThrownBy(() -> new CkanTarget(portal, "bps-jateng", "IPM Jateng", "CKAN_KEY"))
                .hasMessageContaining("publish.ckan.package 'IPM Jateng'").hasMessageContaining("did you mean 'ipm-jateng'");
        assertThatThrownBy(() -> new CkanTarget(URI.create("https://u:p@data.jatengprov.go.id"), "bps-jateng", "ipm", "CKAN_KEY"))
                .hasMessageContaining("without credentials");
        assertThatThrownBy(() -> new CkanTarget(portal, "bps-jateng", "ipm", "ckan key"))
                .hasMessageContaining("publish.ckan.api-key-env");
        assertThat(new CkanTarget(portal, "bps-jateng", "ipm", "CKAN_KEY").apiKey(Map.of("CKAN_KEY", " tok ")::get)).isEqualTo("tok");
    }

    @Test
    void metadataNeedsAKeyMadeOfItsFields() {
        assertThatThrownBy(() -> new DatasetMetadata("ipm", "IPM", null, java.util.List.of(FieldMeta.of("region", FieldType.REGION)),
                java.util.List.of("region", "period"), null, null, null, null, null, null))
                .hasMessageContaining("key field 'period' is not one of its fields");
        assertThatThrownBy(() -> new DatasetMetadata("ipm", "IPM", null, java.util.List.of(FieldMeta.of("region", FieldType.REGION)),
                java.util.List.of(), null, null, null, null, null, null))
                .hasMessageContaining("no natural key");
    }
}
