package id.go.jatengprov.regencyhub.normalise.read;

import java.nio.charset.Charset;

/**
 * What {@link FormatSniffer} found out about a CSV file.
 *
 * @param charset    the encoding to decode the file with (for UTF-16 always the LE/BE variant)
 * @param bom        whether the file starts with a byte-order mark (the reader skips it)
 * @param delimiter  the field separator
 * @param lineEnding "CRLF", "LF", "CR", "mixed", or "none" when the sample has no line break
 */
public record Sniffed(Charset charset, boolean bom, char delimiter, String lineEnding) {

    /** Length of the byte-order mark in bytes, 0 when there is none. */
    public int bomLength() {
        if (!bom) {
            return 0;
        }
        return charset.name().startsWith("UTF-16") ? 2 : 3;
    }
}
