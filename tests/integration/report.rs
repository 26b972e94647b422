//! The report as a reader gets it: the 9-package comparison with its uncertainty, printed to A4
//! by headless Chromium (at most 20 pages, every package visible), Chinese text drawn with the
//! embedded font on a machine that has no CJK font, and a summary whose rankings and
//! probabilities are those of the comparison's files.
//!
//! Chromium and poppler-utils (pdfinfo, pdftotext) are Debian packages `.ci/run` installs; where
//! they are missing these tests skip, unless `TALENTLOOP_REQUIRE_BROWSER` is set (as in CI).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use talentloop::output::compare::EffectivenessRow;
use talentloop::output::report::{BeatsRow, EffectRow};

use crate::common::{repo, run_quietly, talentloop, tool};

/// The nine packages and the baseline compared under 40 draws of the shipped robustness sweep,
/// with charts, made once for the tests of this file.
fn comparison() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let spec = std::fs::read_to_string(repo("sweeps/policy_robustness.toml"))
            .unwrap()
            .replace("samples = 500", "samples = 40")
            .replace(
                "scenario = \"../scenarios/baseline.toml\"",
                &format!("scenario = {:?}", repo("scenarios/baseline.toml")),
            );
        let spec_path = dir.path().join("robust40.toml");
        std::fs::write(&spec_path, spec).unwrap();
        let mut scenarios: Vec<PathBuf> = std::fs::read_dir(repo("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        scenarios.sort();
        assert_eq!(scenarios.len(), 10, "the baseline and nine packages");
        talentloop()
            .arg("compare")
            .args(&scenarios)
            .arg("--uncertainty")
            .arg(&spec_path)
            .arg("--size")
            .arg("800x500")
            .arg("-q")
            .arg("--out")
            .arg(dir.path().join("cmp"))
            .assert()
            .success();
        dir
    })
    .path()
}

fn cmp() -> PathBuf {
    comparison().join("cmp")
}

/// The cells of each row of the first table after `marker` in `html`.
fn table_after(html: &str, marker: &str) -> Vec<Vec<String>> {
    let start = html.find(marker).expect(marker);
    let table = &html[start..];
    let table = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let cell = &cell[cell.find('>').unwrap() + 1..];
                    cell[..cell.find("</td>").unwrap()].to_string()
                })
                .collect()
        })
        .collect()
}

fn read_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Vec<T> {
    talentloop::output::csv::read_rows(path).unwrap()
}

#[test]
fn the_summary_ranks_and_weighs_as_the_comparison_files_do() {
    let dir = cmp();
    let html = talentloop::output::report::report(&dir).unwrap();
    let effectiveness: Vec<EffectivenessRow> = read_rows(&dir.join("effectiveness.csv"));
    let effects: Vec<EffectRow> = read_rows(&dir.join("uncertainty/summary.csv"));
    let beats: Vec<BeatsRow> = read_rows(&dir.join("uncertainty/beats.csv"));
    let manifest = talentloop::output::manifest::ComparisonManifest::read(&dir).unwrap();
    let title = |name: &str| {
        let m = talentloop::output::manifest::RunManifest::read(&dir.join(name)).unwrap();
        m.title_zh.split('：').next().unwrap().to_string()
    };
    // The ranking by talent-years per 亿元: the packages in the order of the file's ratios.
    let mut expected: Vec<&EffectivenessRow> = effectiveness
        .iter()
        .filter(|e| e.scenario != manifest.baseline)
        .collect();
    expected.sort_by(|a, b| {
        let key = |e: &EffectivenessRow| e.talent_years_per_yi.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    let rows = table_after(&html, "按成本效益排序");
    assert_eq!(rows.len(), 9);
    let p_better = |name: &str, measure: &str| {
        effects
            .iter()
            .find(|e| e.scenario == name && e.measure == measure)
            .unwrap()
            .p_better
    };
    for (k, (row, e)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row[0], (k + 1).to_string());
        assert_eq!(row[1], title(&e.scenario), "rank {}", k + 1);
        if let Some(ratio) = e.talent_years_per_yi {
            assert_eq!(row[2], talentloop::output::number::number(ratio));
        }
        // The probability column is the file's P(better), as a whole per cent; no ratio (no
        // extra cost), no probability.
        if e.talent_years_per_yi.is_none() {
            assert_eq!(row[5], "—", "{}", e.scenario);
            continue;
        }
        let p = p_better(&e.scenario, "talent_years_per_yi");
        let shown = row[5].trim_end_matches('%').replace(['<', '>'], "");
        let shown: f64 = shown.parse().unwrap();
        assert!(
            (shown - 100.0 * p).abs() <= 1.0,
            "{}: shown {}, file {p}",
            e.scenario,
            row[5]
        );
    }
    // The sentence on the top two is the file's P(first beats second).
    let (first, second) = (&expected[0].scenario, &expected[1].scenario);
    let p = beats
        .iter()
        .find_map(|b| {
            (b.measure == "talent_years_per_yi").then_some(())?;
            if &b.a == first && &b.b == second {
                Some(b.p_a_beats_b)
            } else if &b.a == second && &b.b == first {
                Some(b.p_b_beats_a)
            } else {
                None
            }
        })
        .unwrap();
    let sentence = format!("的概率为 {:.0}%", 100.0 * p);
    assert!(
        html.contains(&sentence) || html.contains("的概率为 >99%") || html.contains("的概率为 <1%"),
        "{sentence}"
    );
    assert!(html.contains("在 40 组共同抽样的不确定假设下"));
}

#[test]
fn the_nine_package_report_prints_to_at_most_20_a4_pages_with_every_package() {
    let (Some(_), Some(pdfinfo), Some(pdftotext)) =
        (tool("chromium"), tool("pdfinfo"), tool("pdftotext"))
    else {
        return;
    };
    let dir = cmp();
    let out = comparison().join("printed.html");
    talentloop()
        .arg("report")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .arg("--pdf")
        .arg("--force")
        .assert()
        .success();
    let pdf = out.with_extension("pdf");
    let info = std::process::Command::new(pdfinfo)
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    assert!(size.contains("(A4)"), "A4: {size}");
    assert!((8..=20).contains(&pages), "{pages} pages");
    let text = std::process::Command::new(pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    // Every package's name is printed in the results tables of the last year (one row each).
    let results = &text[text.find("三、主要结果").expect("results section")..];
    let results = &results[..results.find("四、不确定性").expect("uncertainty section")];
    for name in std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("manifest.json").is_file() && p.join("summary.json").is_file())
    {
        let m = talentloop::output::manifest::RunManifest::read(&name).unwrap();
        let short = m.title_zh.split('：').next().unwrap();
        assert!(
            results.matches(short).count() >= 2,
            "{short} not visible in the printed results"
        );
    }
}

/// Latin-only font folders of Debian (DejaVu, Liberation): a machine without any CJK font.
const LATIN_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
];

/// Screenshots `html` with Chromium seeing only Latin system fonts (a fontconfig that lists the
/// DejaVu and Liberation folders and nothing else).
fn screenshot_without_cjk_fonts(chromium: &Path, html: &Path, png: &Path) -> Vec<u8> {
    let dir = html.parent().unwrap();
    let conf = dir.join("fonts.conf");
    let dirs: String = LATIN_FONTS
        .iter()
        .map(|d| format!("<dir>{d}</dir>"))
        .collect();
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig>{dirs}<cachedir>{}</cachedir></fontconfig>\n",
            dir.join("fontcache").display()
        ),
    )
    .unwrap();
    let status = std::process::Command::new(chromium)
        .args(talentloop::output::report::pdf::CHROMIUM_FLAGS)
        .arg("--window-size=900,700")
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("profile-{}", png.display().to_string().len()))
                .display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .env("FONTCONFIG_FILE", &conf)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(png).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; decoder.output_buffer_size().unwrap()];
    let info = decoder.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf.chunks(channels).map(|p| p[0]).collect()
}

#[test]
fn chinese_renders_with_the_embedded_font_without_a_cjk_system_font() {
    let Some(chromium) = tool("chromium") else {
        return;
    };
    if !LATIN_FONTS.iter().any(|d| Path::new(d).is_dir()) {
        assert!(
            std::env::var_os("TALENTLOOP_REQUIRE_BROWSER").is_none(),
            "no Latin fonts"
        );
        eprintln!("no DejaVu or Liberation fonts: test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = talentloop::output::report::report(&cmp()).unwrap();
    let with_font = dir.path().join("with.html");
    std::fs::write(&with_font, &html).unwrap();
    // The same page with the embedded font taken out: what a machine without CJK fonts shows.
    let start = html.find("@font-face{").unwrap();
    let end = start + html[start..].find('}').unwrap() + 1;
    let without_font = dir.path().join("without.html");
    std::fs::write(&without_font, format!("{}{}", &html[..start], &html[end..])).unwrap();
    let a = screenshot_without_cjk_fonts(&chromium, &with_font, &dir.path().join("a.png"));
    let b = screenshot_without_cjk_fonts(&chromium, &without_font, &dir.path().join("b.png"));
    assert_eq!(a.len(), b.len());
    // With the font the title and summary are drawn as glyphs; without it as empty boxes (or
    // nothing), so the two screenshots differ over many pixels, and the one with the font has
    // more ink (strokes of hanzi, not box outlines).
    let differing = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.abs_diff(**y) > 64)
        .count();
    assert!(
        differing > 5_000,
        "only {differing} pixels differ: the font is not used"
    );
    let ink = |v: &[u8]| v.iter().filter(|&&p| p < 128).count();
    assert!(
        ink(&a) > ink(&b),
        "ink with font {}, without {}",
        ink(&a),
        ink(&b)
    );
}

#[test]
fn a_chromium_variable_naming_no_program_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("baseline");
    run_quietly(&repo("scenarios/baseline.toml"), &run);
    let out = dir.path().join("report.html");
    let missing = dir.path().join("no_such_chromium");
    let assert = talentloop()
        .env("TALENTLOOP_CHROMIUM", &missing)
        .arg("report")
        .arg(&run)
        .arg("--out")
        .arg(&out)
        .arg("--pdf")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!(
            "TALENTLOOP_CHROMIUM names {}, which is not a program on this machine",
            missing.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists(), "no HTML report without its PDF");
    assert!(
        !run.join("charts").exists(),
        "no chart drawn into the run folder"
    );
}
