package id.go.jatengprov.regencyhub.api;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import id.go.jatengprov.regencyhub.ops.ConfigReloader;

/** Operators: apply the configuration on disk now (the file watch does the same within seconds). */
@RestController
@RequestMapping("/api/v1/config")
public class ConfigController {

    private final ConfigReloader reloader;

    public ConfigController(ConfigReloader reloader) {
        this.reloader = reloader;
    }

    /** 200 with what changed, or 422 with every problem when the change is refused. */
    @PostMapping("/reload")
    public ResponseEntity<ConfigReloader.Result> reload() {
        ConfigReloader.Result r = reloader.reload();
        return ResponseEntity.status(r.status() == ConfigReloader.Status.REFUSED ? 422 : 200).body(r);
    }
}
