/**
 * Reading the warehouse without SQL: the catalogue of datasets with their metadata ({@code GET /api/v1/datasets}),
 * a dataset's rows streamed as CSV or JSON ({@code GET /api/v1/datasets/{id}/rows}; a regency reads its own regions'
 * rows only), and the catalogue as DCAT-AP JSON-LD ({@code GET /api/v1/catalog.jsonld}) for harvesters.
 */
package id.go.jatengprov.regencyhub.catalog;
