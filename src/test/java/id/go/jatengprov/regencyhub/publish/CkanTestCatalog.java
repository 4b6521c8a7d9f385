package id.go.jatengprov.regencyhub.publish;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The core of a CKAN portal for the test server: organizations, users with roles, datasets (packages)
 * and their resources, with the validation and authorization rules of CKAN 2.11's
 * {@code ckan/logic/action/{create,update,patch,get}.py}, {@code ckan/logic/schema/__init__.py},
 * {@code ckan/logic/validators.py} and {@code ckan/logic/auth/}. Messages are CKAN's own, word for word.
 *
 * <p>Not modelled: groups, vocabularies, collaborators, uploads, activity, search (package_search),
 * plugins' schemas. A request that would need them fails loudly rather than pretending.
 */
final class CkanTestCatalog {

    enum Role { ADMIN, EDITOR, MEMBER }

    /** A user; {@code null} stands for the anonymous user, whose name CKAN prints as "". */
    record User(String name, boolean sysadmin) {}

    record Org(String id, String name, String title, String created) {}

    /** package table columns (ckan/model/package.py) plus extras, tags and resources. */
    static final class Pkg {
        String id, name, title, version, url, author, authorEmail, maintainer, maintainerEmail, notes, licenseId;
        String type = "dataset", ownerOrg, creatorUserId, state = "active", created, modified;
        boolean isPrivate;
        Map<String, String> extras = new LinkedHashMap<>();
        List<String> tags = new ArrayList<>();
        List<ObjectNode> resources = new ArrayList<>();
    }

    /** Keys of the package schema: an extra may not take one of these names (extra_key_not_in_root_schema). */
    static final Set<String> ROOT_SCHEMA_KEYS = Set.of("__before", "id", "name", "title", "author", "author_email",
            "maintainer", "maintainer_email", "license_id", "notes", "url", "version", "state", "type", "owner_org",
            "private", "__extras", "__junk", "resources", "tags", "tag_string", "plugin_data", "extras", "save",
            "return_to", "relationships_as_object", "relationships_as_subject", "groups", "metadata_modified");

    /** ckan/logic/validators.py name_match, and the lengths of ckan/model/package.py and tag.py. */
    private static final Pattern NAME_MATCH = Pattern.compile("[a-z0-9_\\-]*");
    private static final Pattern TAG_MATCH = Pattern.compile("[\\w \\-.]*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern EMAIL = Pattern.compile(
            "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final int NAME_MIN = 2, NAME_MAX = 100, VERSION_MAX = 100, TAG_MIN = 2, TAG_MAX = 100;
    private static final Map<String, String> LICENSES = Map.of(
            "cc-by", "Creative Commons Attribution", "cc-by-sa", "Creative Commons Attribution Share-Alike",
            "cc-zero", "Creative Commons CCZero", "odc-by", "Open Data Commons Attribution License",
            "notspecified", "License not specified", "other-open", "Other (Open)");

    private final String siteUrl;
    private final Map<String, Org> orgs = new LinkedHashMap<>();
    private final Map<String, Map<String, Role>> roles = new HashMap<>();
    private final Map<String, Pkg> packages = new LinkedHashMap<>();

    CkanTestCatalog(String siteUrl) {
        this.siteUrl = siteUrl;
    }

    // ------------------------------------------------------------------ set-up

    Org addOrganization(String name, String title) {
        Org o = new Org(UUID.randomUUID().toString(), name, title, now());
        orgs.put(o.id(), o);
        return o;
    }

    void grant(String user, String orgName, Role role) {
        Org o = org(orgName).orElseThrow(() -> new IllegalArgumentException("no organization " + orgName));
        roles.computeIfAbsent(user, u -> new HashMap<>()).put(o.id(), role);
    }

    // ------------------------------------------------------------------ lookups

    Optional<Org> org(String idOrName) {
        if (idOrName == null) return Optional.empty();
        Org byId = orgs.get(idOrName);
        if (byId != null) return Optional.of(byId);
        return orgs.values().stream().filter(o -> o.name().equals(idOrName)).findFirst();
    }

    /** model.Package.get: by id, then by name; deleted packages are still found (CKAN shows them to admins). */
    Optional<Pkg> pkg(String idOrName) {
        if (idOrName == null) return Optional.empty();
        Pkg byId = packages.get(idOrName);
        if (byId != null) return Optional.of(byId);
        return packages.values().stream().filter(p -> idOrName.equals(p.name)).findFirst();
    }

    Optional<ObjectNode> resource(String id) {
        if (id == null) return Optional.empty();
        for (Pkg p : packages.values()) {
            for (ObjectNode r : p.resources) {
                if (id.equals(r.path("id").asText(null))) return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    Pkg packageOf(ObjectNode resource) {
        return packages.get(resource.path("package_id").asText());
    }

    // ------------------------------------------------------------------ authz (ckan/authz.py)

    static String name(User u) {
        return u == null ? "" : u.name();
    }

    /** has_user_permission_for_group_or_org: admin and editor may create and update datasets, members only read. */
    boolean permitted(String orgIdOrName, User u, String permission) {
        Optional<Org> o = org(orgIdOrName);
        if (o.isEmpty() || u == null) return false;
        if (u.sysadmin()) return true;
        Role r = roles.getOrDefault(u.name(), Map.of()).get(o.get().id());
        if (r == null) return false;
        return switch (permission) {
            case "read" -> true;
            case "create_dataset", "update_dataset", "delete_dataset" -> r != Role.MEMBER;
            default -> r == Role.ADMIN;
        };
    }

    private boolean permittedInSomeOrg(User u, String permission) {
        return u != null && (u.sysadmin() || orgs.keySet().stream().anyMatch(id -> permitted(id, u, permission)));
    }

    /** auth/update.py package_update (sysadmins pass every auth function). */
    void checkPackageUpdate(User u, Pkg p) {
        if (u != null && u.sysadmin()) return;
        if (!permitted(p.ownerOrg, u, "update_dataset")) {
            throw CkanActionError.notAuthorized("User " + name(u) + " not authorized to edit package " + p.id);
        }
    }

    void checkPackageShow(User u, Pkg p) {
        if (u != null && u.sysadmin()) return;
        if (p.isPrivate && !permitted(p.ownerOrg, u, "read")) {
            throw CkanActionError.notAuthorized("User " + name(u) + " not authorized to read package " + p.id);
        }
    }

    // ------------------------------------------------------------------ actions

    ObjectNode packageShow(User u, ObjectNode data) {
        String id = CkanJson.text(data, "id");
        if (id == null || id.isEmpty()) {
            id = CkanJson.text(data, "name_or_id");
            if (id == null) throw CkanActionError.validation("name_or_id", "Missing value");
        }
        Pkg p = pkg(id).orElseThrow(() -> CkanActionError.notFound(null));
        checkPackageShow(u, p);
        return show(p);
    }

    ObjectNode organizationShow(User u, ObjectNode data) {
        String id = CkanJson.text(data, "id");
        if (id == null) throw CkanActionError.validation("id", "Missing value");
        Org o = org(id).orElseThrow(() -> CkanActionError.notFound(null));
        ObjectNode r = CkanJson.object();
        r.put("id", o.id());
        r.put("name", o.name());
        r.put("title", o.title());
        r.put("display_name", o.title());
        r.put("description", "");
        r.put("image_url", "");
        r.put("image_display_url", "");
        r.put("created", o.created());
        r.put("type", "organization");
        r.put("is_organization", true);
        r.put("approval_status", "approved");
        r.put("state", "active");
        r.put("package_count", packages.values().stream()
                .filter(p -> o.id().equals(p.ownerOrg) && "active".equals(p.state) && !p.isPrivate).count());
        r.putArray("extras");
        r.putArray("tags");
        r.putArray("groups");
        return r;
    }

    /** create.py package_create: check_access first, then the create schema. */
    ObjectNode packageCreate(User u, ObjectNode data) {
        checkPackageCreate(u, data);
        Pkg p = new Pkg();
        p.id = UUID.randomUUID().toString();
        p.created = now();
        p.creatorUserId = u == null ? null : u.name();
        apply(p, validate(data, null, u), true);
        p.modified = now();
        packages.put(p.id, p);
        return show(p);
    }

    /** update.py package_update: replaces what it is given, and clears what it is not (see {@link #apply}). */
    ObjectNode packageUpdate(User u, ObjectNode data) {
        String nameOrId = CkanJson.text(data, "id");
        if (nameOrId == null) nameOrId = CkanJson.text(data, "name");
        if (nameOrId == null) throw CkanActionError.validation("id", "Missing value");
        Pkg p = pkg(nameOrId).orElseThrow(() -> CkanActionError.notFound("Package was not found."));
        data.put("id", p.id);
        data.put("type", p.type);
        checkPackageUpdate(u, p);
        ObjectNode before = show(p);
        Validated v = validate(data, p, u);
        apply(p, v, false);
        if (!stripTimes(show(p)).equals(stripTimes(before))) {
            p.modified = now();
        }
        return show(p);
    }

    /** patch.py package_patch: package_show, overlay the given top-level keys, package_update. */
    ObjectNode packagePatch(User u, ObjectNode data) {
        String id = CkanJson.text(data, "id");
        Pkg target = id == null ? null : pkg(id).orElse(null);
        if (target == null) {
            // check_access('package_patch') runs first and its get_package_object raises a bare NotFound
            throw id == null ? CkanActionError.validation("id", "Missing value") : CkanActionError.notFound(null);
        }
        checkPackageUpdate(u, target);
        ObjectNode patched = show(target);
        patched.remove("metadata_modified");
        patched.setAll(data);
        patched.put("id", target.id);
        return packageUpdate(u, patched);
    }

    /** create.py resource_create: appends to the package's resources through package_update. */
    ObjectNode resourceCreate(User u, ObjectNode data) {
        String packageId = CkanJson.text(data, "package_id");
        if (packageId == null) throw CkanActionError.validation("package_id", "Missing value");
        Pkg p = pkg(packageId).orElseThrow(() -> CkanActionError.notFound(null));
        if (!(u != null && u.sysadmin()) && !permitted(p.ownerOrg, u, "update_dataset")) {
            throw CkanActionError.notAuthorized("User " + name(u) + " not authorized to create resources on dataset " + packageId);
        }
        if (!data.hasNonNull("url")) data.put("url", "");
        ObjectNode errors = CkanJson.object();
        ObjectNode r = validateResource(data, errors, p.id);
        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        r.put("package_id", p.id);
        r.put("created", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString());
        p.resources.add(r);
        p.modified = now();
        return showResource(p, r);
    }

    ObjectNode resourceShow(User u, ObjectNode data) {
        String id = CkanJson.text(data, "id");
        if (id == null) throw CkanActionError.validation("id", "Missing value");
        ObjectNode r = resource(id).orElseThrow(() -> CkanActionError.notFound(null));
        Pkg p = packageOf(r);
        checkPackageShow(u, p);
        return showResource(p, r);
    }

    /** What resource_patch does for the DataStore: set keys of an existing resource. */
    void patchResource(String id, Map<String, JsonNode> values) {
        ObjectNode r = resource(id).orElseThrow();
        values.forEach(r::set);
        packageOf(r).modified = now();
    }

    // ------------------------------------------------------------------ validation

    /** The outcome of the package schema: what to store, with {@code null} lists meaning "not given". */
    private record Validated(String name, Map<String, String> scalars, String ownerOrg, Boolean isPrivate,
                             List<String> tags, Map<String, String> extras, List<ObjectNode> resources) {}

    private static final List<String> REMOVABLE = List.of("title", "version", "url", "author", "author_email",
            "maintainer", "maintainer_email", "notes", "license_id");

    private void checkPackageCreate(User u, ObjectNode data) {
        if (u != null && u.sysadmin()) return;
        if (!permittedInSomeOrg(u, "create_dataset")) {
            throw CkanActionError.notAuthorized("User " + name(u) + " not authorized to create packages");
        }
        String org = CkanJson.text(data, "owner_org");
        if (org != null && !org.isEmpty() && !permitted(org, u, "create_dataset")) {
            throw CkanActionError.notAuthorized("User " + name(u) + " not authorized to add dataset to this organization");
        }
    }

    /** default_create_package_schema / default_update_package_schema, field by field. */
    private Validated validate(ObjectNode data, Pkg existing, User u) {
        boolean create = existing == null;
        ObjectNode errors = CkanJson.object();
        for (String list : List.of("tags", "extras", "resources", "groups")) {
            JsonNode v = data.get(list);
            if (v != null && !v.isNull() && !v.isArray() && !(v.isTextual() && v.textValue().isEmpty())) {
                throw CkanActionError.integrity("Only lists of dicts can be placed against subschema ('" + list
                        + "',), not <class '" + pyType(v) + "'>", data);
            }
            if (v != null && v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isObject()) throw CkanActionError.integrity("Values in lists need to be dicts", data);
                }
            }
        }

        // name: not_empty (create) or ignore_missing (update), name_validator, package_name_validator
        String name = null;
        JsonNode nameNode = data.get("name");
        if (create && !CkanJson.truthy(nameNode)) {
            errors.putArray("name").add("Missing value");
        } else if (nameNode != null && !nameNode.isNull()) {
            String problem = nameProblem(nameNode);
            if (problem != null) {
                errors.putArray("name").add(problem);
            } else {
                name = nameNode.textValue();
                String self = existing == null ? null : existing.id;
                String candidate = name;
                boolean taken = packages.values().stream()
                        .anyMatch(p -> candidate.equals(p.name) && !"deleted".equals(p.state) && !p.id.equals(self));
                if (taken) errors.putArray("name").add("That URL is already in use.");
            }
        }

        Map<String, String> scalars = new HashMap<>();
        for (String key : REMOVABLE) {
            JsonNode v = data.get(key);
            if (v != null && !v.isNull()) scalars.put(key, CkanJson.unicodeSafe(v));
        }
        if (create && (scalars.get("title") == null || scalars.get("title").isEmpty()) && name != null) {
            scalars.put("title", name); // if_empty_same_as("name")
        }
        for (String key : List.of("author_email", "maintainer_email")) {
            String mail = scalars.get(key);
            if (mail != null) {
                mail = mail.strip();
                scalars.put(key, mail);
                if (!mail.isEmpty() && !EMAIL.matcher(mail).matches()) {
                    errors.putArray(key).add("Email " + mail + " is not a valid format");
                }
            }
        }
        String version = scalars.get("version");
        if (version != null && version.length() > VERSION_MAX) {
            errors.putArray("version").add("Version must be a maximum of " + VERSION_MAX + " characters long");
        }

        // owner_org: owner_org_validator (create) or ignore_missing + owner_org_validator (update)
        String ownerOrg = null;
        JsonNode orgNode = data.get("owner_org");
        boolean orgGiven = orgNode != null && !orgNode.isNull();
        if (create || orgGiven) {
            String value = orgGiven ? CkanJson.unicodeSafe(orgNode) : null;
            if (value == null || value.isEmpty()) {
                errors.putArray("owner_org").add("An organization must be provided");
            } else {
                Optional<Org> o = org(value);
                if (o.isEmpty()) {
                    errors.putArray("owner_org").add("Organization does not exist");
                } else if ((existing == null || !o.get().id().equals(existing.ownerOrg))
                        && !(u != null && u.sysadmin()) && !permitted(o.get().id(), u, "create_dataset")) {
                    errors.putArray("owner_org").add("You cannot add a dataset to this organization");
                } else {
                    ownerOrg = o.get().id();
                }
            }
        }

        Boolean isPrivate = data.hasNonNull("private") ? CkanJson.bool(data.get("private")) : null;

        // tags (default_tags_schema) and tag_string (tag_string_convert)
        List<String> tags = null;
        ArrayNode tagErrors = CkanJson.array();
        boolean anyTagError = false;
        if (data.hasNonNull("tags") && data.get("tags").isArray()) {
            tags = new ArrayList<>();
            for (JsonNode t : data.get("tags")) {
                ObjectNode e = CkanJson.object();
                JsonNode n = t.get("name");
                if (n == null) {
                    e.putArray("name").add("Missing value");
                } else if (!CkanJson.truthy(n)) {
                    e.putArray("name").add("Missing value");
                } else {
                    String tag = CkanJson.unicodeSafe(n);
                    String problem = tagProblem(tag);
                    if (problem != null) e.putArray("name").add(problem);
                    else tags.add(tag);
                }
                if (t.hasNonNull("vocabulary_id")) e.putArray("vocabulary_id").add("Tag vocabulary was not found.");
                tagErrors.add(e);
                anyTagError |= !e.isEmpty();
            }
        }
        if (data.hasNonNull("tag_string")) {
            if (tags == null) tags = new ArrayList<>();
            for (String t : CkanJson.unicodeSafe(data.get("tag_string")).split(",")) {
                String tag = t.strip();
                if (tag.isEmpty()) continue;
                String problem = tagProblem(tag);
                if (problem != null) {
                    errors.putArray("tag_string").add(problem);
                } else {
                    tags.add(tag);
                }
            }
        }
        if (anyTagError) errors.set("tags", tagErrors);

        // extras (default_extras_schema) and duplicate_extras_key
        Map<String, String> extras = new LinkedHashMap<>();
        if (data.hasNonNull("extras") && data.get("extras").isArray()) {
            ArrayNode extraErrors = CkanJson.array();
            boolean anyExtraError = false;
            Set<String> seen = new LinkedHashSet<>();
            String duplicate = null;
            for (JsonNode x : data.get("extras")) {
                ObjectNode e = CkanJson.object();
                JsonNode k = x.get("key");
                String key = null;
                if (!CkanJson.truthy(k)) {
                    e.putArray("key").add("Missing value");
                } else {
                    key = CkanJson.unicodeSafe(k);
                    if (ROOT_SCHEMA_KEYS.contains(key)) e.putArray("key").add("There is a schema field with the same name");
                }
                if (!x.has("value")) e.putArray("value").add("Missing value");
                boolean deleted = CkanJson.truthy(x.get("deleted"));
                if (key != null && !deleted && !seen.add(key) && duplicate == null) duplicate = key;
                if (e.isEmpty() && !deleted) extras.put(key, CkanJson.unicodeSafe(x.get("value")));
                extraErrors.add(e);
                anyExtraError |= !e.isEmpty();
            }
            if (anyExtraError) errors.set("extras", extraErrors);
            if (duplicate != null) errors.putArray("extras_validation").add("Duplicate key \"" + duplicate + "\"");
        }

        // resources: default_resource_schema for each
        List<ObjectNode> resources = null;
        if (data.hasNonNull("resources") && data.get("resources").isArray()) {
            resources = new ArrayList<>();
            ArrayNode resErrors = CkanJson.array();
            boolean anyResError = false;
            String pkgId = existing == null ? null : existing.id;
            for (JsonNode r : data.get("resources")) {
                ObjectNode e = CkanJson.object();
                resources.add(validateResource((ObjectNode) r, e, pkgId));
                resErrors.add(e);
                anyResError |= !e.isEmpty();
            }
            if (anyResError) errors.set("resources", resErrors);
        }

        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        return new Validated(name, scalars, ownerOrg, isPrivate, tags, extras, resources);
    }

    /** name_validator, in its order of checks. */
    static String nameProblem(JsonNode value) {
        if (!value.isTextual()) return "Names must be strings";
        String v = value.textValue();
        if (List.of("new", "edit", "search").contains(v)) return "That name cannot be used";
        if (v.length() < NAME_MIN) return "Must be at least " + NAME_MIN + " characters long";
        if (v.length() > NAME_MAX) return "Name must be a maximum of " + NAME_MAX + " characters long";
        if (!NAME_MATCH.matcher(v).matches()) {
            return "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_";
        }
        return null;
    }

    private static String tagProblem(String tag) {
        if (tag.length() < TAG_MIN) return "Tag \"" + tag + "\" length is less than minimum " + TAG_MIN;
        if (tag.length() > TAG_MAX) return "Tag \"" + tag + "\" length is more than maximum " + TAG_MAX;
        if (!TAG_MATCH.matcher(tag).matches()) {
            return "Tag \"" + tag + "\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"),"
                    + " underscores (\"_\") or dots (\".\")";
        }
        return null;
    }

    /** default_resource_schema: ids are uuids and belong to no other dataset; other keys are kept as extras. */
    private ObjectNode validateResource(ObjectNode data, ObjectNode errors, String packageId) {
        ObjectNode r = data.deepCopy();
        for (String ignored : List.of("package_id", "state", "position", "metadata_modified")) r.remove(ignored);
        for (String computed : List.of("datastore_active")) {
            if (r.has(computed) && r.get(computed).isNull()) r.remove(computed);
        }
        String id = CkanJson.text(data, "id");
        if (id == null || id.isEmpty()) {
            r.put("id", UUID.randomUUID().toString());
        } else {
            try {
                UUID.fromString(id);
                Optional<ObjectNode> other = resource(id);
                if (other.isPresent() && !other.get().path("package_id").asText().equals(packageId)) {
                    errors.putArray("id").add("Resource id already exists.");
                }
            } catch (IllegalArgumentException e) {
                errors.putArray("id").add("Invalid id provided");
            }
        }
        if (r.hasNonNull("size") && !r.get("size").canConvertToLong() && !r.get("size").asText().matches("\\s*-?\\d+\\s*")) {
            errors.putArray("size").add("Invalid integer");
        }
        if (!r.hasNonNull("url")) r.put("url", "");
        return r;
    }

    /**
     * package_dict_save after validation: given values replace stored ones; on update the columns marked
     * remove_if_not_provided (title, notes, license_id, ...) are cleared when absent, extras and tags are
     * replaced by what was given (nothing: none), while owner_org, private and resources stay.
     */
    private void apply(Pkg p, Validated v, boolean create) {
        if (v.name() != null) p.name = v.name();
        p.title = v.scalars().get("title");
        p.version = v.scalars().get("version");
        p.url = v.scalars().get("url");
        p.author = v.scalars().get("author");
        p.authorEmail = v.scalars().get("author_email");
        p.maintainer = v.scalars().get("maintainer");
        p.maintainerEmail = v.scalars().get("maintainer_email");
        p.notes = v.scalars().get("notes");
        p.licenseId = v.scalars().get("license_id");
        if (v.ownerOrg() != null) p.ownerOrg = v.ownerOrg();
        if (v.isPrivate() != null) p.isPrivate = v.isPrivate();
        else if (create) p.isPrivate = false;
        p.extras = new LinkedHashMap<>(v.extras());
        p.tags = v.tags() == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(v.tags()));
        if (v.resources() != null) {
            for (ObjectNode r : v.resources()) {
                r.put("package_id", p.id);
                Optional<ObjectNode> old = p.resources.stream()
                        .filter(o -> o.path("id").asText().equals(r.path("id").asText())).findFirst();
                r.put("created", old.map(o -> o.path("created").asText()).orElse(now()));
                // datastore_active lives in the resource's extras; an update that omits it keeps it
                if (old.isPresent() && !r.has("datastore_active") && old.get().has("datastore_active")) {
                    r.set("datastore_active", old.get().get("datastore_active"));
                }
            }
            p.resources = new ArrayList<>(v.resources());
        }
    }

    // ------------------------------------------------------------------ dictization (package_show's shape)

    ObjectNode show(Pkg p) {
        ObjectNode d = CkanJson.object();
        d.put("author", p.author);
        d.put("author_email", p.authorEmail);
        d.put("creator_user_id", p.creatorUserId);
        d.put("id", p.id);
        d.put("isopen", p.licenseId != null && LICENSES.containsKey(p.licenseId) && !p.licenseId.equals("notspecified"));
        d.put("license_id", p.licenseId);
        if (p.licenseId != null) d.put("license_title", LICENSES.getOrDefault(p.licenseId, p.licenseId));
        d.put("maintainer", p.maintainer);
        d.put("maintainer_email", p.maintainerEmail);
        d.put("metadata_created", p.created);
        d.put("metadata_modified", p.modified);
        d.put("name", p.name);
        d.put("notes", p.notes);
        d.put("num_resources", p.resources.size());
        d.put("num_tags", p.tags.size());
        org(p.ownerOrg).ifPresentOrElse(o -> {
            ObjectNode org = d.putObject("organization");
            org.put("id", o.id());
            org.put("name", o.name());
            org.put("title", o.title());
            org.put("type", "organization");
            org.put("description", "");
            org.put("image_url", "");
            org.put("created", o.created());
            org.put("is_organization", true);
            org.put("approval_status", "approved");
            org.put("state", "active");
        }, () -> d.putNull("organization"));
        d.put("owner_org", p.ownerOrg);
        d.put("private", p.isPrivate);
        d.put("state", p.state);
        d.put("title", p.title);
        d.put("type", p.type);
        d.put("url", p.url);
        d.put("version", p.version);
        ArrayNode extras = d.putArray("extras");
        p.extras.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode x = extras.addObject();
            x.put("key", e.getKey());
            x.put("value", e.getValue());
        });
        d.putArray("groups");
        ArrayNode resources = d.putArray("resources");
        p.resources.forEach(r -> resources.add(showResource(p, r)));
        ArrayNode tags = d.putArray("tags");
        p.tags.stream().sorted().forEach(t -> {
            ObjectNode tag = tags.addObject();
            tag.put("display_name", t);
            tag.put("id", UUID.nameUUIDFromBytes(t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
            tag.put("name", t);
            tag.put("state", "active");
            tag.putNull("vocabulary_id");
        });
        d.putArray("relationships_as_object");
        d.putArray("relationships_as_subject");
        return d;
    }

    ObjectNode showResource(Pkg p, ObjectNode stored) {
        ObjectNode r = CkanJson.object();
        for (String k : List.of("cache_last_updated", "cache_url", "description", "format", "hash", "last_modified",
                "mimetype", "mimetype_inner", "name", "resource_type", "size", "url_type")) {
            r.putNull(k);
        }
        r.put("hash", "");
        r.put("format", "");
        r.put("datastore_active", false);
        Iterator<Map.Entry<String, JsonNode>> fields = stored.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            r.set(f.getKey(), f.getValue());
        }
        r.put("package_id", p.id);
        r.put("position", p.resources.indexOf(stored));
        r.put("state", "active");
        r.put("metadata_modified", p.modified);
        if ("datastore".equals(stored.path("url_type").asText())) {
            // ckanext/datastore/plugin.py before_resource_show: a DataStore-only resource shows its dump URL
            r.put("url", siteUrl + "/datastore/dump/" + stored.path("id").asText());
        }
        return r;
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode stripTimes(ObjectNode shown) {
        ObjectNode c = shown.deepCopy();
        c.remove("metadata_modified");
        for (JsonNode r : c.path("resources")) ((ObjectNode) r).remove("metadata_modified");
        return c;
    }

    private static String pyType(JsonNode v) {
        if (v.isTextual()) return "str";
        if (v.isObject()) return "dict";
        if (v.isBoolean()) return "bool";
        if (v.isIntegralNumber()) return "int";
        return "float";
    }

    static String now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
    }
}
