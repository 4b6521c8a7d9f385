package id.go.jatengprov.regencyhub.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.api.DeadLetterController;
import id.go.jatengprov.regencyhub.api.SourceController;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.completeness.CellState;
import id.go.jatengprov.regencyhub.completeness.Completeness;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.security.Access;

/**
 * The console's pages, rendered by the hub (templates/console/*.html). Everything a page shows comes from the
 * same places as the API, under the same rules: a regency sees its own sources, batches, rejects and
 * completeness row, nothing else. The actions (run now, replay) go through the API's own controllers, so they
 * are checked and audited once, in one place.
 */
@Controller
@io.swagger.v3.oas.annotations.Hidden // pages for people, not part of the API's description
public class ConsoleController {

    /** Rejects shown on a batch page; the CSV download has them all. */
    static final int REJECTS_SHOWN = 100;

    private final Completeness completeness;
    private final ActiveConfig config;
    private final Access access;
    private final BatchStore batches;
    private final SourceController sources;
    private final DeadLetterController deadLetters;

    public ConsoleController(Completeness completeness, ActiveConfig config, Access access, BatchStore batches,
                             SourceController sources, DeadLetterController deadLetters) {
        this.completeness = completeness;
        this.config = config;
        this.access = access;
        this.batches = batches;
        this.sources = sources;
        this.deadLetters = deadLetters;
    }

    @GetMapping({"/", "/console", "/console/"})
    public String home() {
        return "redirect:/console/completeness";
    }

    @GetMapping("/console/login")
    public String login() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken)) return "redirect:/console/completeness";
        return "console/login";
    }

    // ------------------------------------------------------------------ completeness

    @GetMapping("/console/completeness")
    public String completeness(@RequestParam(required = false) String dataset, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(required = false) String period,
                               @RequestParam(defaultValue = "false") boolean missing, Model model) {
        common(model, "completeness");
        List<DatasetDef> all = completeness.datasets();
        List<DatasetDef> shown = dataset == null || dataset.isBlank() ? all
                : all.stream().filter(d -> d.id().equals(dataset)).toList();
        List<String> regencies = access.isOperator() ? null : List.of(access.regency().orElse("-"));
        List<Map<String, Object>> grids = new ArrayList<>();
        String problem = null;
        for (DatasetDef d : shown) {
            Completeness.Grid g;
            try {
                g = completeness.grid(d, from, to, regencies);
            } catch (Completeness.BadRequest e) {
                problem = e.getMessage();
                continue;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("grid", g);
            v.put("rows", missing ? g.rows().stream().filter(r -> r.cells().stream().anyMatch(c -> c.state().missing())).toList()
                    : g.rows());
            // The map shows one period: the one asked for, else the newest in the grid.
            int col = g.periods().indexOf(period);
            if (col < 0) col = g.periods().size() - 1;
            if (col >= 0) {
                int c = col;
                v.put("mapPeriod", g.periods().get(c));
                v.put("tiles", g.rows().stream().map(r -> tile(r, r.cells().get(c))).toList());
            }
            grids.add(v);
        }
        model.addAttribute("datasets", all);
        model.addAttribute("grids", grids);
        model.addAttribute("dataset", dataset);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("missing", missing);
        model.addAttribute("states", CellState.values());
        model.addAttribute("problem", problem);
        return "console/completeness";
    }

    /** A tile of the map: the regency's place, short name and the cell of the chosen period. */
    public record MapTile(String regency, String name, String shortName, String place, Completeness.Cell cell) {}

    private static MapTile tile(Completeness.Row r, Completeness.Cell cell) {
        TileMap.Tile t = TileMap.of(r.regency());
        return new MapTile(r.regency(), r.name(), t.shortName(), "r" + t.row() + " c" + t.col(), cell);
    }

    @GetMapping("/console/completeness/cell")
    public String cell(@RequestParam String dataset, @RequestParam String regency, @RequestParam String period, Model model) {
        common(model, "completeness");
        DatasetDef d = completeness.datasets().stream().filter(x -> x.id().equals(dataset)).findFirst()
                .orElseThrow(() -> notFound());
        String code = config.config().regions().toKemendagriRegencyOrProvince(regency).orElseThrow(ConsoleController::notFound);
        if (!access.isOperator() && !access.regency().map(code::equals).orElse(false)) throw notFound();
        Completeness.Grid g;
        try {
            g = completeness.grid(d, period, period, List.of(code));
        } catch (Completeness.BadRequest e) {
            throw notFound();
        }
        if (g.rows().isEmpty() || g.rows().get(0).cells().isEmpty()) throw notFound();
        Completeness.Row row = g.rows().get(0);
        List<String> ids = completeness.sourcesFor(d, code).stream().map(SourceDef::id)
                .filter(access::mayUse).toList();
        model.addAttribute("d", d);
        model.addAttribute("row", row);
        model.addAttribute("c", row.cells().get(0));
        model.addAttribute("sourceIds", ids);
        model.addAttribute("batches", batches.list(ids, null, null, 20, 0));
        return "console/cell";
    }

    // ------------------------------------------------------------------ sources

    @GetMapping("/console/sources")
    public String sources(Model model) {
        common(model, "sources");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) sources.list().get("items");
        List<String> mine = access.ownSources();
        model.addAttribute("sources", items.stream().filter(s -> mine.contains((String) s.get("id")))
                .sorted((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id"))).toList());
        return "console/sources";
    }

    @PostMapping("/console/sources/{id}/run")
    public String run(@PathVariable String id, RedirectAttributes flash) throws Exception {
        try {
            sources.run(id);
            flash.addFlashAttribute("notice", "run.started");
            flash.addFlashAttribute("noticeArg", id);
        } catch (ApiException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/sources";
    }

    // ------------------------------------------------------------------ batches

    @GetMapping("/console/batches")
    public String batchList(@RequestParam(required = false) String source, @RequestParam(required = false) String status,
                            Model model) {
        common(model, "batches");
        BatchStatus st = null;
        if (status != null && !status.isBlank()) {
            try {
                st = BatchStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                st = null;
            }
        }
        List<String> mine = access.ownSources();
        List<String> ids = source == null || source.isBlank() ? (access.isOperator() ? null : mine)
                : mine.contains(source) ? List.of(source) : List.of();
        model.addAttribute("batches", batches.list(ids, st, null, 100, 0));
        model.addAttribute("sourceIds", mine);
        model.addAttribute("source", source);
        model.addAttribute("status", st == null ? null : st.name());
        model.addAttribute("statuses", BatchStatus.values());
        return "console/batches";
    }

    @GetMapping("/console/batches/{id}")
    public String batch(@PathVariable String id, Model model) {
        common(model, "batches");
        Batch b = visibleBatch(id).orElseThrow(ConsoleController::notFound);
        List<BatchStore.Reject> rejects = batches.rejects(b.id());
        model.addAttribute("b", b);
        model.addAttribute("rejects", rejects.size() > REJECTS_SHOWN ? rejects.subList(0, REJECTS_SHOWN) : rejects);
        model.addAttribute("rejectCount", rejects.size());
        model.addAttribute("rejectsShown", REJECTS_SHOWN);
        model.addAttribute("duration", b.finishedAt() == null || b.receivedAt() == null ? null
                : human(Duration.between(b.receivedAt(), b.finishedAt())));
        model.addAttribute("dataset", config.config().datasets().get(b.datasetId()));
        return "console/batch";
    }

    private Optional<Batch> visibleBatch(String id) {
        try {
            return batches.find(Long.parseLong(id)).filter(b -> access.mayUse(b.sourceId()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    // ------------------------------------------------------------------ dead letters

    @GetMapping("/console/dead-letters")
    public String deadLetters(Model model) throws Exception {
        common(model, "dead-letters");
        model.addAttribute("items", deadLetters.list().get("items"));
        return "console/dead-letters";
    }

    /** One ({@code messageId}), a batch's ({@code batch}) or all ({@code all=true}); the page asks to confirm first. */
    @PostMapping("/console/dead-letters/replay")
    public String replay(@RequestParam(required = false) String messageId, @RequestParam(required = false) Long batch,
                         @RequestParam(defaultValue = "false") boolean all, RedirectAttributes flash) throws Exception {
        if (messageId == null && batch == null && !all) {
            flash.addFlashAttribute("error", "nothing chosen to replay");
            return "redirect:/console/dead-letters";
        }
        Object n = deadLetters.replay(messageId, batch).get("replayed");
        flash.addFlashAttribute("notice", "replay.done");
        flash.addFlashAttribute("noticeArg", n);
        return "redirect:/console/dead-letters";
    }

    // ------------------------------------------------------------------ upload

    @GetMapping("/console/upload")
    public String upload(@RequestParam(required = false) String source, Model model) {
        common(model, "upload");
        model.addAttribute("sources", access.ownSources().stream().map(s -> config.config().source(s).orElse(null))
                .filter(s -> s != null).toList());
        model.addAttribute("source", source);
        return "console/upload";
    }

    // ------------------------------------------------------------------ shared

    private void common(Model model, String page) {
        model.addAttribute("page", page);
        model.addAttribute("langQuery", langQuery());
        model.addAttribute("operator", access.isOperator());
        model.addAttribute("user", access.who());
        Optional<String> regency = access.regency();
        model.addAttribute("regencyName", regency.flatMap(r -> config.config().regions().byCode(r)).map(Region::displayName)
                .orElse(null));
    }

    /** The current page's query without its lang parameter, so that the language switch keeps the page as it is. */
    private static String langQuery() {
        var attrs = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (!(attrs instanceof org.springframework.web.context.request.ServletRequestAttributes sra)) return "?";
        String q = sra.getRequest().getQueryString();
        if (q == null || q.isEmpty()) return "?";
        String kept = java.util.Arrays.stream(q.split("&")).filter(p -> !p.startsWith("lang=") && !p.equals("continue"))
                .collect(java.util.stream.Collectors.joining("&"));
        return kept.isEmpty() ? "?" : "?" + kept + "&";
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    /** For templates: the label of a period's start at a grain. */
    public static String periodLabel(Expectation e, java.time.LocalDate start) {
        return Expectation.label(e.every(), start);
    }
}
