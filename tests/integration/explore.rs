//! `talentloop explore` as a user's browser meets it: the real binary on a free port of
//! 127.0.0.1, spoken to over HTTP. The explorer's series must equal `talentloop run` of the
//! scenario file it downloads (bit for bit) and its ghost line the baseline's run; bad requests
//! get a 4xx with a message and never stop the server; concurrent requests get their own
//! answers; Ctrl-C stops it cleanly.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{repo, run_quietly};

const BIN: &str = env!("CARGO_BIN_EXE_talentloop");

/// A running explorer, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `talentloop explore` on a free port with a band of `members` and reads its URL.
fn start(members: u32) -> Server {
    let mut child = Command::new(BIN)
        .current_dir(repo(""))
        .args(["explore", "--port", "0", "--members", &members.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("explore starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("talentloop explore: http://")
        .unwrap_or_else(|| panic!("first line is the URL: {first:?}"));
    Server {
        child,
        addr: url.trim_end_matches('/').parse().expect("an address"),
    }
}

/// One request over a fresh connection; (status, body).
fn http(addr: SocketAddr, method: &str, path: &str, body: &[u8], host: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: \
         close\r\n\r\n",
        body.len()
    )
    .unwrap();
    // A refused body may close the connection before it is all sent.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer: {text}"));
    let start = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    (status, out[start..].to_vec())
}

fn post(srv: &Server, path: &str, body: &Value) -> (u16, Value) {
    let host = srv.addr.to_string();
    let (status, out) = http(srv.addr, "POST", path, body.to_string().as_bytes(), &host);
    (status, serde_json::from_slice(&out).unwrap_or(Value::Null))
}

fn get(srv: &Server, path: &str) -> (u16, Vec<u8>) {
    http(srv.addr, "GET", path, b"", &srv.addr.to_string())
}

/// City-wide series of a run folder's timeseries.csv by indicator id (`variable[category]`),
/// each value as written (Rust's shortest round-trip form), empty cells as None.
fn csv_series(dir: &Path) -> HashMap<String, Vec<Option<f64>>> {
    let text = std::fs::read_to_string(dir.join("timeseries.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (var, sector, cat, value) = (
        col("variable"),
        col("sector"),
        col("category"),
        col("value"),
    );
    let mut out: HashMap<String, Vec<Option<f64>>> = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if !f[sector].is_empty() {
            continue;
        }
        let id = if f[cat].is_empty() {
            f[var].to_string()
        } else {
            format!("{}[{}]", f[var], f[cat])
        };
        out.entry(id).or_default().push(f[value].parse().ok());
    }
    out
}

/// Every series of an API answer equals the run folder's, bit for bit.
fn assert_same_series(answer: &Value, dir: &Path) {
    let csv = csv_series(dir);
    let series = answer["series"].as_object().unwrap();
    assert!(series.len() > 80, "{} series", series.len());
    for (id, values) in series {
        let from_csv = csv
            .get(id)
            .unwrap_or_else(|| panic!("{id} in timeseries.csv"));
        let from_api: Vec<Option<f64>> = values
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64())
            .collect();
        assert_eq!(&from_api, from_csv, "{id}");
    }
}

#[test]
fn the_downloaded_scenario_reproduces_the_explorers_series_bit_for_bit() {
    let srv = start(10);
    let request = json!({
        "levers": {
            "params.levers.housing_subsidy": {"value": 65, "from": 2026},
            "params.levers.enclave_seats": {"value": 120, "from": 2027.5},
            "params.levers.evaluation_reform": {"value": 0.6},
            "sectors.adv_materials.programme_quota": {"value": 25, "from": 2026},
        },
        "assumptions": {
            "params.structure.coupling_form": 1,
            "lookups.investment_skilled": 1.2,
            "sectors.*.frontier_share": 1.1,
        },
        "name": "my_package",
    });
    let (status, answer) = post(&srv, "/api/run", &request);
    assert_eq!(status, 200, "{answer}");
    let host = srv.addr.to_string();
    let (status, toml) = http(
        srv.addr,
        "POST",
        "/api/scenario",
        request.to_string().as_bytes(),
        &host,
    );
    assert_eq!(status, 200);
    let toml = String::from_utf8(toml).unwrap();
    assert!(toml.contains("name = \"my_package\""), "{toml}");
    assert!(toml.contains("year = 2027.5"), "{toml}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("my_package.toml");
    std::fs::write(&file, &toml).unwrap();
    run_quietly(&file, &dir.path().join("run"));
    assert_same_series(&answer, &dir.path().join("run"));
}

#[test]
fn the_ghost_line_is_the_baselines_run() {
    let srv = start(10);
    let (status, meta) = get(&srv, "/api/meta");
    assert_eq!(status, 200);
    let meta: Value = serde_json::from_slice(&meta).unwrap();
    let dir = tempfile::tempdir().unwrap();
    run_quietly(&repo("scenarios/baseline.toml"), dir.path());
    assert_same_series(&meta["baseline"], dir.path());
    // An empty request is the baseline too.
    let (_, answer) = post(&srv, "/api/run", &json!({}));
    assert_eq!(answer["series"], meta["baseline"]["series"]);
    // Every lever of the registry has a slider inside its allowed range, with its cost.
    let levers = meta["levers"].as_array().unwrap();
    assert_eq!(
        levers.len(),
        25 + 6 * 10,
        "25 global levers and 6 per sector"
    );
    for l in levers {
        let (min, max) = (l["min"].as_f64().unwrap(), l["max"].as_f64().unwrap());
        let allowed = l["allowed"].as_array().unwrap();
        assert!(
            allowed[0].as_f64().unwrap() <= min && max <= allowed[1].as_f64().unwrap(),
            "{l}"
        );
        assert!(l["step"].as_f64().unwrap() > 0.0 && min < max, "{l}");
        assert!(
            matches!(l["cost"]["kind"].as_str(), Some("line" | "administrative")),
            "{l}"
        );
        // An administrative measure says why it costs nothing, in both languages.
        if l["cost"]["kind"] == "administrative" {
            let zh = l["cost"]["reason_zh"].as_str().unwrap();
            let en = l["cost"]["reason"].as_str().unwrap();
            assert!(zh.chars().filter(|c| !c.is_ascii()).count() > 5, "{l}");
            assert!(
                en.chars().filter(|c| c.is_ascii_alphabetic()).count() > 10,
                "{l}"
            );
        }
    }
}

#[test]
fn bad_requests_get_a_4xx_with_a_message_and_the_server_carries_on() {
    let srv = start(10);
    let lever = |key: &str, value: Value| json!({"levers": {key: value}});
    let cases = [
        (
            lever("params.levers.housing_subsidi", json!({"value": 60})),
            "did you mean",
        ),
        (
            lever("params.levers.housing_subsidy", json!({"value": 5000})),
            "allowed range",
        ),
        (
            lever(
                "params.levers.housing_subsidy",
                json!({"value": 60, "from": 2040}),
            ),
            "outside",
        ),
        (
            lever("params.levers.housing_subsidy", json!({"value": "sixty"})),
            "malformed",
        ),
        (json!({"levers": {}, "colour": "red"}), "unknown field"),
        (
            json!({"assumptions": {"params.structure.coupling_form": 7}}),
            "one of",
        ),
        (
            json!({"assumptions": {"params.nothing.here": 1}}),
            "unknown assumption",
        ),
        (json!({"band": ["talent_firm[H]"]}), "did you mean"),
        (json!({"name": "我的 方案"}), "ASCII"),
    ];
    for (body, expected) in cases {
        let path = if body.get("name").is_some() {
            "/api/scenario"
        } else {
            "/api/run"
        };
        let (status, answer) = post(&srv, path, &body);
        assert_eq!(status, 400, "{body} → {answer}");
        let message = answer["error"].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{body} → {message}");
    }
    let host = srv.addr.to_string();
    let raw = |method, path, body: &[u8], host: &str| http(srv.addr, method, path, body, host).0;
    assert_eq!(raw("POST", "/api/run", b"{\"levers\": ", &host), 400);
    assert_eq!(raw("POST", "/api/run", &vec![b' '; 200_000], &host), 413);
    assert_eq!(raw("GET", "/api/run", b"", &host), 405);
    assert_eq!(raw("DELETE", "/", b"", &host), 405);
    assert_eq!(raw("GET", "/api/nothing", b"", &host), 404);
    assert_eq!(raw("GET", "/../Cargo.toml", b"", &host), 404);
    assert_eq!(raw("GET", "/api/meta", b"", "evil.example:80"), 403);
    let (status, _) = post(&srv, "/api/run", &json!({}));
    assert_eq!(status, 200, "the server still answers");
}

#[test]
fn concurrent_requests_each_get_their_own_answer() {
    let srv = start(10);
    let body = |subsidy: f64| {
        let setting = json!({"value": subsidy, "from": 2026});
        json!({"levers": {"params.levers.housing_subsidy": setting}})
    };
    let talent = |answer: &Value| answer["series"]["talent_firms[H]"].clone();
    let sequential: Vec<Value> = (0..8)
        .map(|k| talent(&post(&srv, "/api/run", &body(20.0 * k as f64)).1))
        .collect();
    let concurrent: Vec<Value> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let srv = &srv;
                scope.spawn(move || talent(&post(srv, "/api/run", &body(20.0 * k as f64)).1))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(sequential, concurrent);
    assert_ne!(
        sequential[0], sequential[7],
        "the subsidy changes the answer"
    );
}

#[test]
fn the_band_is_the_same_sample_every_time_and_brackets_its_runs() {
    let srv = start(20);
    let body = json!({
        "levers": {"params.levers.housing_subsidy": {"value": 80, "from": 2026}},
        "band": ["talent_firms[H]", "high_tech_share_manufacturing"],
    });
    let (status, first) = post(&srv, "/api/run", &body);
    assert_eq!(status, 200, "{first}");
    let (_, second) = post(&srv, "/api/run", &body);
    assert_eq!(first["band"], second["band"], "common random numbers");
    assert_eq!(first["band"]["members"], 20);
    let band = first["band"]["series"].as_object().unwrap();
    assert_eq!(band.len(), 2);
    for (id, edges) in band {
        let low = edges["low"].as_array().unwrap();
        let high = edges["high"].as_array().unwrap();
        assert_eq!(low.len(), first["times"].as_array().unwrap().len());
        for (l, h) in low.iter().zip(high) {
            assert!(l.as_f64().unwrap() <= h.as_f64().unwrap(), "{id}");
        }
    }
    // An assumption the analyst sets is held in the band's draws (not drawn over): the band
    // moves with it.
    let mut held = body.clone();
    held["assumptions"] = json!({"params.structure.pay_loop": 0});
    let (status, with_held) = post(&srv, "/api/run", &held);
    assert_eq!(status, 200, "{with_held}");
    assert_ne!(
        with_held["band"], first["band"],
        "a held assumption changes the band"
    );
    // The band widens as the future gets further away.
    let edges = &band["talent_firms[H]"];
    let width = |k: usize| edges["high"][k].as_f64().unwrap() - edges["low"][k].as_f64().unwrap();
    assert!(width(44) > width(4), "{} vs {}", width(44), width(4));
}

#[test]
fn the_page_and_its_assets_come_from_the_binary_and_nothing_from_elsewhere() {
    let srv = start(10);
    for (path, at_least) in [
        ("/", 500),
        ("/app.js", 2_000),
        ("/app.css", 200),
        ("/vendor/echarts.min.js", 500_000),
        ("/font.ttf", 1_000_000),
    ] {
        let (status, body) = get(&srv, path);
        assert_eq!(status, 200, "{path}");
        assert!(body.len() >= at_least, "{path}: {} bytes", body.len());
    }
    // The page's own files name no other host (the vendored library's strings, such as the SVG
    // namespace, are not requests).
    for file in ["index.html", "app.js", "app.css"] {
        let text = std::fs::read_to_string(repo("assets/explore").join(file)).unwrap();
        for scheme in ["http://", "https://", "//cdn", "//fonts."] {
            let hits: Vec<&str> = text
                .lines()
                .filter(|l| l.contains(scheme) && !l.contains("www.w3.org"))
                .collect();
            assert!(hits.is_empty(), "{file} names another host: {hits:?}");
        }
    }
    let licence = repo("assets/explore/vendor/echarts/LICENSE");
    assert!(std::fs::read_to_string(licence)
        .unwrap()
        .contains("Apache License"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut srv = start(10);
    let (status, _) = post(&srv, "/api/run", &json!({}));
    assert_eq!(status, 200);
    let pid = srv.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    loop {
        if let Some(status) = srv.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether the browser test can run here: Chromium, ChromeDriver and Selenium for Debian's
/// Python. Missing, the test skips — a failure when `TALENTLOOP_REQUIRE_BROWSER` is set (CI).
fn browser_available() -> bool {
    let python = Path::new("/usr/bin/python3");
    let have = Path::new("/usr/bin/chromium").exists()
        && Path::new("/usr/bin/chromedriver").exists()
        && python.exists()
        && Command::new(python)
            .args(["-c", "import selenium"])
            .status()
            .is_ok_and(|s| s.success());
    if !have {
        assert!(
            std::env::var_os("TALENTLOOP_REQUIRE_BROWSER").is_none(),
            "chromium, chromedriver and python3-selenium are required \
             (TALENTLOOP_REQUIRE_BROWSER) but not installed"
        );
        eprintln!("chromium, chromedriver or python3-selenium missing: browser test skipped");
    }
    have
}

/// The page in headless Chromium, driven as an analyst would (tests/browser/explore_e2e.py):
/// sliders, ghost, reset, share link, downloaded scenario run by the binary, language, band,
/// no request off 127.0.0.1, no tofu with Latin-only system fonts, repaint times.
#[test]
fn the_page_works_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let shots = tempfile::tempdir().unwrap();
    let out = Command::new("/usr/bin/python3")
        .current_dir(repo(""))
        .arg(repo("tests/browser/explore_e2e.py"))
        .arg(BIN)
        .arg(shots.path())
        .output()
        .expect("the browser test starts");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{report}");
    assert!(out.status.success(), "browser test failed:\n{report}");
}
