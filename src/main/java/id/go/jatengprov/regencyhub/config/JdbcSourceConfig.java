package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code jdbc} section of a source: a regency's database, read with one SELECT. Checked here, at {@code check}
 * and at every load of the configuration, so that a URL with a password, a query that writes or a misplaced
 * watermark parameter never reaches a database: each problem with file and line, and what to write instead.
 */
final class JdbcSourceConfig {

    static final List<String> JDBC_KEYS = List.of("url", "user", "password-env", "query", "watermark", "fetch-size");
    static final List<String> WATERMARK_KEYS = List.of("column", "start");

    /** {@code jdbc:<driver>://<host>[:<port>]/<database>[?options]}; one host, no user or password before it. */
    static final Pattern URL = Pattern.compile("jdbc:(postgresql|mariadb)://([^/?#]+)/([^/?#;]+)(?:\\?(.*))?");
    static final Pattern SECRET_NAME = Pattern.compile(Pattern.quote(SourceDef.JdbcSpec.SECRET_PREFIX) + "[A-Z0-9_]+");
    /** Camel's and camel-sql's parameter forms: only {@code :#watermark} is a parameter of the hub. */
    private static final Pattern PARAMETER = Pattern.compile(":[#?][A-Za-z_][A-Za-z0-9_]*");

    /**
     * URL options a source may set, per driver: TLS, timeouts, names. Anything else is refused: several driver
     * options load classes or files, or undo the read-only session ({@code options}, {@code sessionVariables}).
     */
    static final Set<String> POSTGRESQL_OPTIONS = Set.of("ssl", "sslmode", "sslrootcert", "sslcert", "sslkey",
            "sslnegotiation", "channelBinding", "gssEncMode", "connectTimeout", "socketTimeout", "loginTimeout",
            "tcpKeepAlive", "ApplicationName", "currentSchema", "targetServerType", "prepareThreshold", "stringtype");
    static final Set<String> MARIADB_OPTIONS = Set.of("sslMode", "serverSslCert", "trustStore", "trustStoreType",
            "enabledSslProtocolSuites", "enabledSslCipherSuites", "connectTimeout", "socketTimeout", "tcpKeepAlive",
            "useCompression", "allowPublicKeyRetrieval", "restrictedAuth", "useServerPrepStmts");

    private JdbcSourceConfig() {}

    static SourceDef.JdbcSpec read(YamlMap y, SourceDef.Kind kind, Problems problems) {
        var m = y.map("jdbc");
        if (kind == SourceDef.Kind.JDBC && m.isEmpty()) {
            problems.add(y.file(), y.line(), "a jdbc source needs a 'jdbc' section with 'url', 'user' and 'query'");
            return null;
        }
        if (m.isEmpty()) return null;
        YamlMap j = m.get();
        if (kind != SourceDef.Kind.JDBC) {
            problems.add(y.file(), y.lineOf("jdbc"), "'jdbc' is only for sources of kind jdbc");
        }
        j.reportUnknown(JDBC_KEYS, "jdbc");
        String url = j.string("url", true, "e.g. url: \"jdbc:mariadb://db.kendalkab.go.id:3306/simduk\"");
        if (url != null) {
            String problem = checkUrl(url.strip());
            if (problem != null) problems.add(y.file(), j.lineOf("url"), problem);
        }
        String user = j.string("user", true, "the database account the hub reads with, e.g. user: hub_reader");
        String passwordEnv = j.string("password-env", false, null);
        if (passwordEnv != null && !SECRET_NAME.matcher(passwordEnv.strip()).matches()) {
            problems.add(y.file(), j.lineOf("password-env"), "'jdbc.password-env' names the environment variable that holds"
                    + " the password and must start with " + SourceDef.JdbcSpec.SECRET_PREFIX + " (capitals, digits, _),"
                    + " e.g. " + SourceDef.JdbcSpec.SECRET_PREFIX + "KENDAL; not '" + passwordEnv + "'");
        }
        SourceDef.WatermarkSpec watermark = readWatermark(j, problems);
        String query = j.string("query", true, "one SELECT, e.g. query: \"SELECT kode_kec, tahun, jumlah FROM v_penduduk\"");
        if (query != null) {
            query = stripTrailingSemicolon(query.strip());
            String problem = checkQuery(query, watermark != null);
            if (problem != null) problems.add(y.file(), j.lineOf("query"), problem);
        }
        int fetchSize = 1000;
        String fs = j.string("fetch-size", false, null);
        if (fs != null) {
            try {
                fetchSize = Integer.parseInt(fs.strip());
                if (fetchSize < 1 || fetchSize > 100_000) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(y.file(), j.lineOf("fetch-size"), "'jdbc.fetch-size' must be a whole number from 1 to 100000"
                        + " (rows per round trip), not '" + fs + "'");
            }
        }
        return new SourceDef.JdbcSpec(url == null ? null : url.strip(), user, passwordEnv == null ? null : passwordEnv.strip(),
                query, watermark, fetchSize);
    }

    private static SourceDef.WatermarkSpec readWatermark(YamlMap j, Problems problems) {
        var m = j.map("watermark");
        if (m.isEmpty()) return null;
        YamlMap w = m.get();
        w.reportUnknown(WATERMARK_KEYS, "jdbc.watermark");
        String column = w.string("column", true, "the result column that only grows, e.g. column: updated_at");
        String start = w.string("start", true, "the value before the first row, e.g. start: \"2020-01-01 00:00:00\" or start: 0");
        if (column != null && column.isBlank()) {
            problems.add(w.file(), w.lineOf("column"), "'jdbc.watermark.column' must name a column of the query's result");
        }
        return column == null || start == null ? null : new SourceDef.WatermarkSpec(column.strip(), start.strip());
    }

    /** @return null when the URL may be used, else what is wrong and what to write */
    static String checkUrl(String url) {
        if (url.regionMatches(true, 0, "jdbc:mysql:", 0, 11)) {
            return "use jdbc:mariadb://host:3306/database for a MySQL or MariaDB server: the hub ships the MariaDB driver,"
                    + " which speaks MySQL's protocol";
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            // not echoed: a URL of another form may hold a password where this check does not look
            return "'jdbc.url' must be jdbc:postgresql://host[:port]/database or jdbc:mariadb://host[:port]/database"
                    + " (with ?options)";
        }
        String authority = m.group(2);
        if (authority.contains("@")) {
            return "'jdbc.url' must not carry a user or password before the host: use jdbc.user, and put the password"
                    + " in the environment variable named by jdbc.password-env";
        }
        if (authority.contains(",")) {
            return "'jdbc.url' names several hosts; name one (the regency's read replica, if it has one)";
        }
        String options = m.group(4);
        if (options == null || options.isEmpty()) return null;
        Set<String> allowed = m.group(1).equals("postgresql") ? POSTGRESQL_OPTIONS : MARIADB_OPTIONS;
        for (String option : options.split("&")) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("password")) {
                return "'jdbc.url' must not carry a password ('" + name + "='): put it in the environment variable named by"
                        + " jdbc.password-env (" + SourceDef.JdbcSpec.SECRET_PREFIX + "...)";
            }
            if (lower.equals("user")) {
                return "'jdbc.url' must not carry the user ('user='): write it as jdbc.user";
            }
            if (!allowed.contains(name)) {
                return "'jdbc.url' option '" + name + "' is not allowed for " + m.group(1) + " sources (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")";
            }
        }
        return null;
    }

    /** @return null when the query may run, else what is wrong */
    static String checkQuery(String query, boolean watermark) {
        String head = query.stripLeading().toLowerCase(Locale.ROOT);
        if (!(head.startsWith("select") || head.startsWith("with"))) {
            return "'jdbc.query' must be one SELECT (or WITH ... SELECT): a source only reads";
        }
        if (query.contains(";")) {
            return "'jdbc.query' must be a single statement, without ';'";
        }
        boolean hasParameter = query.contains(SourceDef.JdbcSpec.WATERMARK_PARAMETER);
        Matcher p = PARAMETER.matcher(query);
        while (p.find()) {
            if (!p.group().equals(SourceDef.JdbcSpec.WATERMARK_PARAMETER)) {
                return "'jdbc.query' has the parameter '" + p.group() + "'; the only parameter is "
                        + SourceDef.JdbcSpec.WATERMARK_PARAMETER + " (the last watermark)";
            }
        }
        if (watermark && !hasParameter) {
            return "'jdbc.query' must compare the watermark column with " + SourceDef.JdbcSpec.WATERMARK_PARAMETER
                    + ", e.g. WHERE updated_at > " + SourceDef.JdbcSpec.WATERMARK_PARAMETER + " ORDER BY updated_at;"
                    + " without it every run would read every row";
        }
        if (!watermark && hasParameter) {
            return "'jdbc.query' uses " + SourceDef.JdbcSpec.WATERMARK_PARAMETER + " but the source has no 'jdbc.watermark'"
                    + " (column and start)";
        }
        return null;
    }

    private static String stripTrailingSemicolon(String q) {
        return q.endsWith(";") ? q.substring(0, q.length() - 1).stripTrailing() : q;
    }
}
