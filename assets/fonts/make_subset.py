#!/usr/bin/env python3
"""Build assets/fonts/wqy-microhei-gb2312.ttf, the bundled CJK chart font.

It is a subset of WenQuanYi Micro Hei (font 0 of the Debian package
fonts-wqy-microhei's wqy-microhei.ttc, Apache-2.0) that covers:

* every character of GB2312 (all two-byte pairs 0xA1A1-0xF7FE that Python's
  'gb2312' codec decodes: 682 symbols + 6763 hanzi),
* printable ASCII U+0020-U+007E,
* EXTRA_SYMBOLS below (typographic and math symbols used in chart labels),
* SCENARIO_EXTRA below (characters of scenarios/*.toml outside the above).

Glyph outlines only: hinting, layout (GSUB/GPOS/GDEF), vertical metrics and
FontForge's FFTM table are dropped; name (all IDs, incl. licence), cmap, glyf,
loca, hmtx, hhea, head, maxp, post, OS/2 (and the 12-byte gasp) are kept, which
is all ab_glyph / ttf-parser need.

Usage (from the repository root):

    python3 assets/fonts/make_subset.py            # write the .ttf, then verify it
    python3 assets/fonts/make_subset.py --check    # only verify the existing .ttf
    python3 assets/fonts/make_subset.py --unicodes-out /tmp/u.txt   # also keep the list

Needs: apt-get install -y fonts-wqy-microhei; pip install fonttools==4.68.0.
The output is byte-for-byte reproducible with the same package and fontTools
versions (pyftsubset keeps the source's head.modified timestamp).
"""

import argparse
import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SRC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_NUMBER = 0  # 0 = "WenQuanYi Micro Hei" (regular); 1 is the Mono variant
OUT = os.path.join(HERE, "wqy-microhei-gb2312.ttf")
FONTTOOLS_VERSION = "4.68.0"  # the version the committed .ttf was made with

EXTRA_SYMBOLS = (
    "·×→←↑↓≈≤≥±−–—…°‰%‘’“”、。，：；（）％²³µ"
    "αβγδθκλμξπρστφωΔΣ√∞∑∫★■□●○▲△"
)
# Characters found in scenarios/*.toml that GB2312 + ASCII + EXTRA_SYMBOLS do not
# cover. Empty: the only non-GB2312 ones there (· – — −) are in EXTRA_SYMBOLS.
SCENARIO_EXTRA = ""

# pyftsubset options (after the source path). Keep in step with README.md.
PYFTSUBSET_OPTIONS = [
    f"--font-number={FONT_NUMBER}",
    "--no-hinting",
    "--desubroutinize",
    "--notdef-outline",
    "--name-IDs=*",
    "--name-languages=*",
    "--layout-features=",
    "--drop-tables+=GSUB,GPOS,GDEF,vhea,vmtx,FFTM",
]

# Characters the chart code and tests rely on; checked after every build.
SAMPLE = "巴中人才亿元协调失霞飞地" + "ABCXYZabcxyz0123456789"
REQUIRED_TABLES = ["name", "cmap", "glyf", "loca", "hmtx", "hhea", "head", "maxp", "post", "OS/2"]


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def codepoints():
    chars = gb2312_chars()
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    chars |= set(EXTRA_SYMBOLS) | set(SCENARIO_EXTRA)
    return sorted(ord(c) for c in chars)


def write_unicodes(path, cps):
    with open(path, "w", encoding="ascii") as f:
        for cp in cps:
            f.write("U+%04X\n" % cp)


def check_source(src, cps):
    from fontTools.ttLib import TTFont

    cmap = TTFont(src, fontNumber=FONT_NUMBER, lazy=True).getBestCmap()
    absent = [cp for cp in cps if cp not in cmap]
    if absent:
        sys.exit("source font lacks: " + " ".join("U+%04X" % cp for cp in absent))


def subset(src, out, unicodes_file):
    cmd = [sys.executable, "-m", "fontTools.subset", src,
           f"--unicodes-file={unicodes_file}", f"--output-file={out}"] + PYFTSUBSET_OPTIONS
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def scenario_chars():
    """name_zh/title_zh (any *_zh string) values plus every non-ASCII character
    anywhere in scenarios/*.toml, as {char: [files]}."""
    found = {}

    def walk(node, into):
        if isinstance(node, dict):
            for k, v in node.items():
                if k.endswith("_zh") and isinstance(v, str):
                    into.update(v)
                walk(v, into)
        elif isinstance(node, list):
            for v in node:
                walk(v, into)

    for path in sorted(glob.glob(os.path.join(REPO, "scenarios", "*.toml"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        chars = {c for c in text if ord(c) > 0x7E}
        walk(tomllib.loads(text), chars)
        for c in chars:
            if c not in "\t\n\r":
                found.setdefault(c, []).append(os.path.relpath(path, REPO))
    return found


def blank_code_points(font, cmap):
    """Mapped, non-whitespace code points whose glyph has no outline."""
    from fontTools.pens.boundsPen import BoundsPen

    glyphs = font.getGlyphSet()
    blank = set()
    for cp, name in cmap.items():
        if chr(cp).isspace() or cp in (0x200B, 0xFEFF):
            continue
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is None:
            blank.add(cp)
    return blank


def verify(path, cps):
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    ok = True
    missing_tables = [t for t in REQUIRED_TABLES if t not in font]
    if missing_tables:
        print("MISSING TABLES:", missing_tables)
        ok = False
    cmap = font.getBestCmap()
    lost = [cp for cp in cps if cp not in cmap]
    if lost:
        print("requested but not in cmap:", " ".join("U+%04X" % cp for cp in lost))
        ok = False
    sample_missing = [c for c in SAMPLE if ord(c) not in cmap]
    print("sample", SAMPLE, "->", "all present" if not sample_missing else f"MISSING {sample_missing}")
    ok &= not sample_missing
    scen = scenario_chars()
    scen_missing = {c: files for c, files in scen.items() if ord(c) not in cmap}
    # The source itself has a few blank glyphs (see README.md); a blank glyph
    # for a scenario or sample character would render as nothing, so flag it too.
    blank = blank_code_points(font, cmap)
    for c in sorted(set(SAMPLE) | set(scen)):
        if ord(c) in blank:
            scen_missing.setdefault(c, []).append("(blank glyph in the font)")
    print(f"scenarios/*.toml: {len(scen)} distinct characters (non-ASCII + all of *_zh values),",
          f"{len(scen_missing)} missing" + ("" if not scen_missing else ":"))
    for c, files in sorted(scen_missing.items()):
        print(f"  {c} U+{ord(c):04X} in {', '.join(files)}")
    ok &= not scen_missing
    print("blank (no outline) in the font as in the source:",
          " ".join(f"{chr(cp)} U+{cp:04X}" for cp in sorted(blank)))
    with open(path, "rb") as f:
        data = f.read()
    print(f"tables: {' '.join(sorted(font.reader.keys()))}")
    print(f"{os.path.relpath(path, REPO)}: {len(data)} bytes, {font['maxp'].numGlyphs} glyphs,",
          f"{len(cmap)} mapped code points, sha256 {hashlib.sha256(data).hexdigest()}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default=SRC, help=f"source collection (default {SRC})")
    ap.add_argument("--output", default=OUT, help="output .ttf (default: next to this script)")
    ap.add_argument("--check", action="store_true", help="only verify the existing output")
    ap.add_argument("--unicodes-out", help="also write the U+XXXX list pyftsubset reads here")
    args = ap.parse_args()

    import fontTools

    if fontTools.version != FONTTOOLS_VERSION:
        print(f"warning: fontTools {fontTools.version}, the committed font was made with "
              f"{FONTTOOLS_VERSION}; the output may differ byte-wise", file=sys.stderr)
    cps = codepoints()
    if args.unicodes_out:
        write_unicodes(args.unicodes_out, cps)
    if not args.check:
        check_source(args.src, cps)
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            ufile = os.path.join(tmp, "unicodes.txt")
            write_unicodes(ufile, cps)
            subset(args.src, args.output, ufile)
    print(f"{len(cps)} code points requested")
    sys.exit(0 if verify(args.output, cps) else 1)


if __name__ == "__main__":
    main()
