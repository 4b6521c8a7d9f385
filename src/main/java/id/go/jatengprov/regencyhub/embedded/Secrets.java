package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Passwords the hub generates for its embedded database (superuser and hub role), kept beside the
 * data folder in a file only the owner can read. Never logged; never in git (data/ is ignored).
 */
record Secrets(String superuser, String hub) {

    static Secrets loadOrCreate(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        boolean changed = false;
        for (String key : new String[] {"superuser", "hub"}) {
            if (p.getProperty(key) == null) {
                p.setProperty(key, random());
                changed = true;
            }
        }
        if (changed) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "regency-hub: passwords of the embedded PostgreSQL (generated; keep private)");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new Secrets(p.getProperty("superuser"), p.getProperty("hub"));
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "Secrets[***]";
    }
}
