package id.go.jatengprov.regencyhub.completeness;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * How fast the completeness grid answers on a big warehouse, and what keeping its ledger costs: bench/completeness.sh
 * runs this (not a test: it prints figures). It generates a district-level, monthly dataset of N rows (default
 * 10,000,000: 576 districts × 120 months × categories) loaded by 35 × 120 batches, rebuilds its delivery ledger
 * twice, adds nine more datasets' ledgers of the same shape, and then times the matrix the console asks for:
 * 10 datasets × 35 regencies × 10 periods, as {@link Completeness#grid} computes it for the API.
 */
public final class CompletenessBench {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 10_000_000L;
        int months = 120;
        RegionRegistry regions = RegionRegistry.load(Path.of("config/reference/regions"));
        int districts = regions.count(RegionLevel.DISTRICT);
        int categories = (int) Math.max(1, Math.ceil((double) rows / districts / months));
        System.out.printf("completeness bench: %,d rows = %d districts × %d months × %d categories%n",
                (long) districts * months * categories, districts, months, categories);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "512MB").setServerConfig("work_mem", "64MB").start()) {
            // A pool, as the hub has: zonky's own data source opens a connection per statement.
            com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
            ds.setDataSource(pg.getPostgresDatabase());
            ds.setMaximumPoolSize(4);
            Flyway.configure().dataSource(ds).schemas("hub").createSchemas(true).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            jdbc.execute("CREATE SCHEMA IF NOT EXISTS warehouse");

            List<String> values = new ArrayList<>();
            for (int i = 1; i <= categories; i++) values.add(String.format("K%03d", i));
            LocalDate first = LocalDate.of(2015, 1, 1);
            Map<String, DatasetDef> datasets = new LinkedHashMap<>();
            for (int d = 0; d < 10; d++) {
                String id = "bench_" + d;
                List<FieldDef> fields = List.of(
                        new FieldDef("region", FieldType.REGION, RegionLevel.DISTRICT, null, List.of(), null, null, null, true, 1),
                        new FieldDef("period", FieldType.PERIOD, null, Grain.MONTH, List.of(), null, null, null, true, 2),
                        new FieldDef("category", FieldType.CODE, null, null, values, null, null, null, true, 3),
                        new FieldDef("amount", FieldType.DECIMAL, null, null, List.of(), null, BigDecimal.ZERO, null, false, 4));
                List<String> regencies = regions.all().stream().filter(r -> r.level() == RegionLevel.REGENCY).map(r -> r.code()).toList();
                Expectation e = new Expectation(Grain.MONTH, Period.ofDays(45), regencies, true, first, "period", "region",
                        RegionLevel.DISTRICT, Grain.MONTH);
                datasets.put(id, new DatasetDef(id, id, fields, List.of("region", "period", "category"), "bench", e, null));
            }
            HubConfig config = new HubConfig(datasets, Map.of(), regions);
            DatasetDef big = datasets.get("bench_0");
            new WarehouseSchema(jdbc).apply(new HubConfig(Map.of(big.id(), big), Map.of(), regions));

            long t0 = System.nanoTime();
            // One batch per regency and month, received 10 to 70 days after the month ends.
            jdbc.update("""
                    INSERT INTO hub.batch (id, source_id, dataset_id, origin, content_hash, bytes, landing_path, status, rows_loaded,
                                           received_at, finished_at)
                    SELECT g.m * 100 + r.n, 'bench-' || r.code, 'bench_0', 'drop', md5(r.code || g.m), 1, '-', 'LOADED', 0,
                           (date '2015-01-01' + (g.m + 1) * interval '1 month' + (10 + (g.m * 7 + r.n) % 60) * interval '1 day'),
                           (date '2015-01-01' + (g.m + 1) * interval '1 month' + (10 + (g.m * 7 + r.n) % 60) * interval '1 day')
                    FROM generate_series(0, ? - 1) AS g(m),
                         (SELECT code, row_number() OVER (ORDER BY code) AS n FROM unnest(?::text[]) AS c(code)) r""",
                    months, regions.all().stream().filter(r -> r.level() == RegionLevel.REGENCY).map(r -> r.code()).sorted()
                            .toArray(String[]::new));
            List<String> regencyCodes = regions.all().stream().filter(r -> r.level() == RegionLevel.REGENCY).map(r -> r.code())
                    .sorted().toList();
            List<Region> districtList = regions.all().stream().filter(r -> r.level() == RegionLevel.DISTRICT).toList();
            String[] districtCodes = districtList.stream().map(Region::code).toArray(String[]::new);
            Integer[] regencyOf = districtList.stream().map(r -> regencyCodes.indexOf(r.code().substring(0, 5)) + 1).toArray(Integer[]::new);
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        INSERT INTO warehouse.bench_0 (region, period, category, amount, _source, _batch, _row)
                        SELECT x.code, (date '2015-01-01' + g.m * interval '1 month')::date, 'K' || lpad(c.k::text, 3, '0'),
                               (g.m * c.k) % 1000, 'bench', g.m * 100 + x.n, c.k
                        FROM unnest(?::text[], ?::int[]) AS x(code, n)
                        CROSS JOIN generate_series(0, ? - 1) AS g(m)
                        CROSS JOIN generate_series(1, ?) AS c(k)""");
                ps.setArray(1, con.createArrayOf("text", districtCodes));
                ps.setArray(2, con.createArrayOf("integer", regencyOf));
                ps.setInt(3, months);
                ps.setInt(4, categories);
                return ps;
            });
            jdbc.execute("VACUUM ANALYZE warehouse.bench_0");
            jdbc.execute("VACUUM ANALYZE hub.batch");
            long n = jdbc.queryForObject("SELECT count(*) FROM warehouse.bench_0", Long.class);
            System.out.printf("generated %,d warehouse rows and %,d batches in %.1f s; table %s%n", n,
                    jdbc.queryForObject("SELECT count(*) FROM hub.batch", Long.class), (System.nanoTime() - t0) / 1e9,
                    jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('warehouse.bench_0'))", String.class));

            Clock clock = Clock.fixed(Instant.parse("2025-02-20T00:00:00Z"), ZoneId.of("Asia/Jakarta"));
            ActiveConfig active = new ActiveConfig(config);
            DeliveryLedger ledger = new DeliveryLedger(jdbc, tx, active, clock);
            for (int run = 1; run <= 2; run++) {
                long t = System.nanoTime();
                ledger.rebuild(big, "bench-" + run);
                System.out.printf("ledger rebuild of warehouse.bench_0 (%,d rows), run %d: %d ms -> %,d ledger rows%n", n, run,
                        (System.nanoTime() - t) / 1_000_000,
                        jdbc.queryForObject("SELECT count(*) FROM hub.delivery WHERE dataset_id = 'bench_0'", Long.class));
            }
            for (int d = 1; d < 10; d++) {
                jdbc.update("""
                        INSERT INTO hub.delivery (dataset_id, regency, period, rows, regions, first_batch, last_batch, complete_batch,
                                                  first_at, last_at, complete_at)
                        SELECT ?, regency, period, rows, regions, first_batch, last_batch, complete_batch, first_at, last_at,
                               complete_at FROM hub.delivery
                        WHERE dataset_id = 'bench_0'""", "bench_" + d);
            }
            jdbc.execute("ANALYZE hub.delivery");
            CompletenessProperties props = new CompletenessProperties();
            props.setDefaultPeriods(10);
            Completeness completeness = new Completeness(jdbc, active, clock, props, ledger);
            List<Long> times = new ArrayList<>();
            int cells = 0;
            for (int i = 0; i < 30; i++) {
                long t = System.nanoTime();
                cells = 0;
                for (DatasetDef d : completeness.datasets()) {
                    Completeness.Grid g = completeness.grid(d, null, null, null);
                    cells += g.rows().size() * g.periods().size();
                }
                times.add((System.nanoTime() - t) / 1000);
            }
            List<Long> warm = times.subList(5, times.size()).stream().sorted().toList();
            ds.close();
            System.out.printf("completeness matrix: %d datasets × 35 regencies × 10 periods = %,d cells: first %.1f ms,"
                    + " then median %.1f ms, max %.1f ms (of %d)%n", completeness.datasets().size(), cells, times.get(0) / 1000.0,
                    warm.get(warm.size() / 2) / 1000.0, warm.get(warm.size() - 1) / 1000.0, warm.size());
        }
    }
}
