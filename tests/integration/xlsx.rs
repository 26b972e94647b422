//! `results.xlsx` opens in a Python reader (openpyxl, Debian's python3-openpyxl) and its numbers
//! are timeseries.csv's, cell for cell; skipped where openpyxl is missing unless
//! `TALENTLOOP_REQUIRE_BROWSER` is set (as in CI, which installs it).

use std::path::Path;

use crate::common::{repo, talentloop};

/// A Python that has openpyxl, or None (skip; a failure when required).
fn python_with_openpyxl() -> Option<&'static str> {
    for python in ["/usr/bin/python3", "python3"] {
        let ok = std::process::Command::new(python)
            .args(["-c", "import openpyxl"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(python);
        }
    }
    assert!(
        std::env::var_os("TALENTLOOP_REQUIRE_BROWSER").is_none(),
        "python3-openpyxl is required but not installed"
    );
    eprintln!("openpyxl not installed: test skipped");
    None
}

/// Reads every sheet of `xlsx` with openpyxl through its 说明 index and compares each number
/// with the value of `timeseries.csv` (of `run_dir`, or of `run_dir/<scenario>` when `by_column`
/// names scenarios) at that year; prints the number of cells compared.
const CHECK: &str = r#"
import csv, sys, openpyxl
xlsx, folder, kind = sys.argv[1], sys.argv[2], sys.argv[3]
book = openpyxl.load_workbook(xlsx, read_only=True)
rows = list(book["说明"].iter_rows(values_only=True))
start = next(i for i, r in enumerate(rows) if r[0] == "工作表 sheet")
index = [r for r in rows[start + 1:] if r[0]]
series = {}
def load(path, scenario):
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            t = float(r["time"])
            if t == round(t):
                key = (scenario, r["variable"], r["category"], r["sector"], int(t))
                series[key] = float(r["value"])
names = {}
if kind == "run":
    load(folder + "/timeseries.csv", "")
    with open(folder + "/sectors.csv", encoding="utf-8-sig") as f:
        names = {r["name_zh"]: r["id"] for r in csv.DictReader(f)}
compared = 0
for sheet_name in {r[0] for r in index}:
    if sheet_name == "年度统计":
        continue
    sheet = list(book[sheet_name].iter_rows(values_only=True))
    head = sheet[0]
    for row in sheet[1:]:
        year = int(row[0])
        for k, value in enumerate(row[1:], start=1):
            entry = next(r for r in index if r[0] == sheet_name and r[1] == head[k])
            variable, category = entry[2], entry[3] or ""
            if kind == "run":
                sector = names.get(head[k], "") if sheet_name.startswith("分产业") else ""
                key = ("", variable, category, sector, year)
            else:
                scenario = [s for s in scenarios if s[1] == head[k]][0][0]
                if scenario not in loaded:
                    load(folder + "/" + scenario + "/timeseries.csv", scenario)
                    loaded.add(scenario)
                key = (scenario, variable, category, "", year)
            expected = series[key]
            if value is None:
                assert expected != expected, (sheet_name, head[k], year, expected)
            else:
                assert value == expected, (sheet_name, head[k], year, value, expected)
            compared += 1
print(compared)
"#;

fn check(python: &str, xlsx: &Path, folder: &Path, kind: &str, prelude: &str) -> usize {
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(format!("{prelude}\n{CHECK}"))
        .arg(xlsx)
        .arg(folder)
        .arg(kind)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn results_xlsx_opens_in_openpyxl_with_the_numbers_of_timeseries_csv() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    talentloop()
        .args(["run", "--no-plots", "--out"])
        .arg(&run)
        .arg(repo("scenarios/baseline.toml"))
        .assert()
        .success();
    let cells = check(python, &run.join("results.xlsx"), &run, "run", "");
    // Every city-wide and sector indicator at the 12 years 2024–2035.
    assert!(cells > 12 * 400, "{cells} cells");
    // A comparison: one sheet per comparison indicator, scenarios as columns (short titles).
    let cmp = dir.path().join("cmp");
    talentloop()
        .args(["compare", "-q", "--no-plots", "--out"])
        .arg(&cmp)
        .arg(repo("scenarios/baseline.toml"))
        .arg(repo("scenarios/dual_enclave.toml"))
        .assert()
        .success();
    let scenarios =
        "scenarios = [(\"baseline\", \"基准情景\"), (\"dual_enclave\", \"双向飞地\")]\n\
                     loaded = set()";
    let cells = check(
        python,
        &cmp.join("results.xlsx"),
        &cmp,
        "compare",
        scenarios,
    );
    assert!(cells >= 2 * 12 * 10, "{cells} cells");
}
