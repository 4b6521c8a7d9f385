/**
 * Publishing datasets back to the province's CKAN portal (Satu Data): the package with the dataset's
 * metadata, a DataStore resource whose table is keyed by the dataset's natural key, and its rows.
 *
 * <ul>
 *   <li>{@link id.go.jatengprov.regencyhub.publish.CkanClient}: typed calls to CKAN's action API v3, CKAN's
 *       errors as {@link id.go.jatengprov.regencyhub.publish.CkanException}, retries for what may pass.</li>
 *   <li>{@link id.go.jatengprov.regencyhub.publish.CkanPublisher}: package_create or package_patch (never
 *       package_update, which clears the fields it is not given), datastore_create once, datastore_upsert in
 *       pages with a checkpoint after each.</li>
 *   <li>{@link id.go.jatengprov.regencyhub.publish.DatasetMetadata} and
 *       {@link id.go.jatengprov.regencyhub.publish.CkanTarget}: what is published, and where.</li>
 * </ul>
 *
 * <p>A publish is safe to repeat or cut short at any point: rows go by upsert on the primary key, the
 * resource is found again by its mark, and a lost answer is looked into before anything is made twice.
 * What a caller keeps between runs (per dataset and target): the resource id from
 * {@link id.go.jatengprov.regencyhub.publish.CkanPublisher.Prepared}, and during a run the last
 * {@link id.go.jatengprov.regencyhub.publish.CkanPublisher.PageAck}.
 */
package id.go.jatengprov.regencyhub.publish;
