#!/usr/bin/env python3
"""Writes the committed part of the bad-input corpus (small files). The big ones (20 MB line, 100,000
columns, 100 MB JSON string, JSON nested 100,000 deep) are generated at test time by BadInputCorpusTest.
Expected outcomes are in manifest.csv. Run from this folder: python3 make-corpus.py"""
import gzip, io, zipfile

H = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n"
GOOD = ["Kabupaten Cilacap,2020,1000,10,5\n", "Kabupaten Banyumas,2020,1200,12,6\n",
        "Kota Tegal,2020,900,9,4\n", "Kabupaten Kudus,2020,1100,11,5\n", "Kabupaten Pati,2020,1300,13,7\n",
        "Kabupaten Blora,2020,800,8,3\n", "Kota Magelang,2020,700,7,2\n", "Kabupaten Demak,2020,1000,10,5\n",
        "Kabupaten Jepara,2020,1000,10,5\n", "Kabupaten Rembang,2020,1000,10,5\n"]

def w(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

def csv(name, *bad, good=GOOD[:8]):
    # header, the good rows, then the bad rows: a bad row i is file row 2 + len(good) + i
    w(name, H + "".join(good) + "".join(bad))

# --- the whole file is not a table we can read: FAILED
w("unbalanced-quote.csv", H + GOOD[0] + '"Kabupaten Banyumas,2020,1200,12,6\n' + GOOD[2] + GOOD[3])
w("text-after-closing-quote.csv", H + GOOD[0] + '"Kota Tegal"x,2020,900,9,4\n' + GOOD[3])
w("nul-bytes.csv", (H + GOOD[0]).encode() + b"Kota Te\x00gal,2020,900,9,4\n")
w("header-only.csv", H)
w("empty.csv", b"")
w("blank-lines-only.csv", "\n\n   \r\n\t\n\n")
w("png-named.csv", bytes([0x89]) + b"PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2024, 1, 1, 0, 0, 0)), "<Types/>")
    z.writestr(zipfile.ZipInfo("xl/workbook.xml", (2024, 1, 1, 0, 0, 0)), "<workbook/>")
w("xlsx-named.csv", buf.getvalue())
w("pdf-named.csv", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
w("gzip-named.csv", gzip.compress((H + GOOD[0]).encode(), mtime=0))
w("jpeg-named.csv", bytes([0xFF, 0xD8, 0xFF, 0xE0]) + b"\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
w("xls-named.csv", bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
w("utf16le-without-bom.csv", (H + "".join(GOOD[:4])).encode("utf-16-le"))
w("html-error-page.csv", "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>\n")
w("html-login-page-lowercase.csv", "\n  <html lang=\"id\"><head><title>Login - Portal Data</title></head><body><form>user</form></body></html>")
w("header-repeats-column.csv", "Wilayah,Tahun,Jumlah Bayi Lahir,Tahun,Jumlah Bayi BBLR,Jumlah Kurang Gizi\nKabupaten Cilacap,2020,1000,2021,10,5\n")
w("header-missing-column.csv", "Wilayah,Tahun,Bayi,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n" + "".join(GOOD[:3]))
w("title-rows-without-header.csv", "Jumlah bayi lahir menurut kabupaten/kota\nSumber: BPS\n" + "".join(GOOD[:3]))
w("too-many-rejects.csv", H + GOOD[0] + "".join("Kabupaten Atlantis,20%d,1000,10,5\n" % i for i in range(10, 20)))
w("semicolon-file-with-comma-header.csv", "Wilayah;Tahun;Jumlah Bayi Lahir;Jumlah Bayi BBLR;Jumlah Kurang Gizi\n"
  + "".join(g.replace(",", ";") for g in GOOD[:8]) + "Kabupaten Jepara;2021;1.100;11;5,5\n")

# --- rows that are refused while the rest loads: LOADED_WITH_REJECTS (bad row = file row 10)
csv("ragged-row-too-long.csv", "Kabupaten Jepara,2020,1000,10,5,7,8\n")
csv("ragged-row-too-short.csv", "Kabupaten Jepara,2020\n")
csv("number-10000-digits.csv", "Kabupaten Jepara,2020," + "9" * 10000 + ",10,5\n")
csv("integer-overflow.csv", "Kabupaten Jepara,2020,99999999999999999999,10,5\n")
csv("decimal-in-integer-column.csv", "Kabupaten Jepara,2020,1000.5,10,5\n")
csv("date-31-02.csv", "Kabupaten Jepara,31/02/2024,1000,10,5\n")
csv("year-out-of-range.csv", "Kabupaten Jepara,1850,1000,10,5\n")
csv("region-of-another-province.csv", "Kota Bandung,2020,1000,10,5\n")
csv("region-code-of-another-province.csv", "3273,2020,1000,10,5\n")
csv("ambiguous-region-name.csv", "Semarang,2020,1000,10,5\n")
csv("unknown-region.csv", "Kabupaten Atlantis,2020,1000,10,5\n")
csv("province-total-row.csv", "Jawa Tengah,2020,9000,90,45\n")
csv("formula-cell.csv", "=cmd|'/c calc'!A1,2020,1000,10,5\n")
csv("formula-in-number.csv", "Kabupaten Jepara,2020,=1+2,10,5\n")
csv("sql-fragment.csv", "Kota Semarang'; DROP TABLE warehouse.births; --,2020,1000,10,5\n")
csv("path-traversal-value.csv", "../../../../etc/passwd,2020,1000,10,5\n")
csv("negative-count.csv", "Kabupaten Jepara,2020,-5,10,5\n")
csv("not-a-number.csv", "Kabupaten Jepara,2020,banyak,10,5\n")
csv("missing-required-value.csv", "Kabupaten Jepara,2020,,10,5\n")
csv("duplicate-natural-key.csv", "Kabupaten Cilacap,2020,1001,10,5\n")
csv("control-character-in-name.csv", "Kota\x07Tegal,2021,900,9,4\n")
csv("village-code-in-regency-column.csv", "3374010001,2020,1000,10,5\n")
# invalid UTF-8 after the 64 KiB the sniffer looks at: decoded as UTF-8, the bad byte spoils one row
w("invalid-utf8-after-sample.csv", ("Judul: " + "x" * 70000 + "\n" + H + "".join(GOOD[:8])).encode() + b"Kabupaten Jepara\xff,2020,1000,10,5\n")

# --- odd but readable: LOADED
w("invalid-utf8-falls-back-to-windows-1252.csv", H.encode() + b"Kabupaten Cilacap,2020,1000,10,5\n" + b"Kabupaten Banyumas\xa0,2020,1200,12,6\n")
w("windows-1252-superscript-and-dash.csv", ("Jumlah bayi lahir \u2013 Jawa Tengah (per km\u00b2)\n" + H + "".join(GOOD[:4])
   + "Kabupaten Pati,2020,1300,\u2013,7\n").encode("cp1252"))
w("utf16le-with-bom.csv", b"\xff\xfe" + (H + "".join(GOOD[:4])).encode("utf-16-le"))
w("mixed-line-endings.csv", H.replace("\n", "\r\n") + GOOD[0] + GOOD[1].replace("\n", "\r") + GOOD[2].replace("\n", "\r\n") + GOOD[3])
w("excel-trailing-empty-rows-and-footer.csv", H + "".join(GOOD[:4]) + ",,,,\n,,,,\nSumber : BPS Provinsi Jawa Tengah,,,,\n")

# --- JSON, for the JSON source it-http-json (records under /data); uploads only: drop sources read CSV
w("json-object-where-array-expected.json", '{"data": {"kode_kabupaten_kota": "3301", "tahun": 2023, "jumlah_penduduk_miskin": 10.5}}')
w("json-without-records.json", '{"meta": {"total": 0}}')
w("json-truncated.json", '{"data": [{"kode_kabupaten_kota": "3301", "tahun": 2023, "jumlah_penduduk_miskin": 10.5}, {"kode_kab')
w("json-record-not-an-object.json", '{"data": [1, 2, 3]}')
w("json-malformed.json", '{"data": [{"kode_kabupaten_kota": "3301", "tahun": 2023,, "jumlah_penduduk_miskin": 10.5}]}')
w("json-number-10000-digits.json", '{"data": [{"kode_kabupaten_kota": "3301", "tahun": 2023, "jumlah_penduduk_miskin": ' + "9" * 10000 + '}]}')
w("json-empty-array.json", '{"data": []}')
w("json-html-page.json", "<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>")
w("json-plain-text.json", "Terjadi kesalahan pada server")
w("json-key-twice.json", '{"data": [' + ", ".join('{"kode_kabupaten_kota": "33%02d", "tahun": 2023, "jumlah_penduduk_miskin": 10.5}' % i for i in range(1, 9))
  + ', {"kode_kabupaten_kota": "3309", "tahun": 2023, "TAHUN": 2024, "jumlah_penduduk_miskin": 11.5}]}')
w("json-nul-character.json", '{"data": [{"kode_kabupaten_kota": "3301\\u0000", "tahun": 2023, "jumlah_penduduk_miskin": 10.5},'
  ' {"kode_kabupaten_kota": "3302", "tahun": 2023, "jumlah_penduduk_miskin": 11.5}]}')
