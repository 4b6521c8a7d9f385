package id.go.jatengprov.regencyhub.intake.poll;

import java.nio.file.Path;

/** What a fetch produced: a file to land, or nothing (unchanged) with the reason, and the validators to keep. */
record Fetched(Path file, Integer status, String message, SourceStateStore.Validators validators) {

    static Fetched unchanged(Integer status, String why) {
        return new Fetched(null, status, why, SourceStateStore.Validators.NONE);
    }
}
