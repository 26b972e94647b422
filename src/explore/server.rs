//! The explorer's HTTP side on `tiny_http`: a few worker threads on one listener bound to
//! 127.0.0.1, the page's files compiled into the binary (or read from a folder while the page is
//! being developed), the JSON API, and strict refusals (4xx with a message) for anything else.
//!
//! tiny_http is synchronous and small: a request costs about a millisecond of model time, so an
//! async runtime would add dependencies and nothing else.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use socket2::{Domain, Protocol, Socket, Type};
use tiny_http::{Header, Method, Response, Server};

use super::{request, Explorer, Refusal};
use crate::error::Error;

/// Largest request body accepted (bytes): a request with every lever and assumption set is
/// under 16 KiB.
pub const MAX_BODY: usize = 64 * 1024;

/// Worker threads answering requests (the model runs in them; the band uses rayon's pool).
const WORKERS: usize = 4;

/// Where the page's files come from.
#[derive(Debug, Clone)]
pub enum Assets {
    /// Compiled into the binary.
    Embedded,
    /// Read from this folder (assets/explore) on every request: edit and reload, no rebuild.
    Folder(PathBuf),
}

/// The page's files: (URL path, file under assets/, content type, embedded bytes).
const FILES: &[(&str, &str, &str, &[u8])] = &[
    (
        "/",
        "explore/index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/explore/index.html"),
    ),
    (
        "/app.js",
        "explore/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/explore/app.js"),
    ),
    (
        "/app.css",
        "explore/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/explore/app.css"),
    ),
    (
        "/vendor/echarts.min.js",
        "explore/vendor/echarts/echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/explore/vendor/echarts/echarts.min.js"),
    ),
    (
        "/font.ttf",
        "fonts/wqy-microhei-gb2312.ttf",
        "font/ttf",
        include_bytes!("../../assets/fonts/wqy-microhei-gb2312.ttf"),
    ),
];

/// A listening explorer.
pub struct Listener {
    server: Arc<Server>,
    addr: SocketAddr,
}

impl Listener {
    /// Binds 127.0.0.1:`port` (0: any free port). The listening socket has TCP_NODELAY, which
    /// the accepted connections inherit: tiny_http writes a response's head and body
    /// separately, and with Nagle's algorithm the body then waits for the browser's delayed ACK
    /// (≈ 40 ms on a kept-alive connection).
    pub fn bind(port: u16) -> Result<Listener, Error> {
        let fail = |e: &dyn std::fmt::Display| Error::Invalid {
            message: format!("cannot listen on 127.0.0.1:{port}: {e}"),
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let socket =
            Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).map_err(|e| fail(&e))?;
        socket.set_tcp_nodelay(true).map_err(|e| fail(&e))?;
        socket.bind(&addr.into()).map_err(|e| fail(&e))?;
        socket.listen(128).map_err(|e| fail(&e))?;
        let server = Server::from_listener(std::net::TcpListener::from(socket), None)
            .map_err(|e| fail(&e))?;
        let addr = server
            .server_addr()
            .to_ip()
            .expect("an IP listener has an IP address");
        Ok(Listener {
            server: Arc::new(server),
            addr,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until `stop` is set (checked every 100 ms), then returns once the
    /// requests in progress are answered.
    pub fn serve(self, explorer: Arc<Explorer>, assets: Assets, stop: Arc<AtomicBool>) {
        let addr = self.addr;
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let server = Arc::clone(&self.server);
                let explorer = Arc::clone(&explorer);
                let assets = assets.clone();
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        match server.recv_timeout(Duration::from_millis(100)) {
                            Ok(Some(rq)) => answer(&explorer, &assets, addr, rq),
                            Ok(None) => {}
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            // A worker that panicked has already answered nothing; the others carry on.
            let _ = w.join();
        }
    }
}

/// One answer: status, content type, body, extra headers.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    attachment: Option<&'static str>,
}

impl Answer {
    fn json(status: u16, body: String) -> Answer {
        Answer {
            status,
            content_type: "application/json; charset=utf-8",
            body: body.into_bytes(),
            attachment: None,
        }
    }

    fn error(status: u16, message: &str) -> Answer {
        Answer::json(status, json!({ "error": message }).to_string())
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn answer(explorer: &Explorer, assets: &Assets, addr: SocketAddr, mut rq: tiny_http::Request) {
    let a = route(explorer, assets, addr, &mut rq);
    // Every body is whole in memory: send its length rather than chunks.
    let mut response = Response::from_data(a.body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(a.status)
        .with_header(header("Content-Type", a.content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if let Some(name) = a.attachment {
        response = response.with_header(header(
            "Content-Disposition",
            &format!("attachment; filename=\"{name}\""),
        ));
    }
    // The client may have gone away; nothing to do about it.
    let _ = rq.respond(response);
}

/// Whether the Host header names this server (a page on another site that resolves its own name
/// to 127.0.0.1 — DNS rebinding — must not reach the API).
fn host_is_local(rq: &tiny_http::Request, addr: SocketAddr) -> bool {
    let port = addr.port();
    rq.headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .is_none_or(|h| {
            let host = h.value.as_str();
            host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
        })
}

fn read_body(rq: &mut tiny_http::Request) -> Result<Vec<u8>, Answer> {
    if rq.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(Answer::error(
            413,
            &format!("request body over {MAX_BODY} bytes"),
        ));
    }
    let mut body = Vec::new();
    rq.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Answer::error(400, &format!("cannot read the request body: {e}")))?;
    if body.len() > MAX_BODY {
        return Err(Answer::error(
            413,
            &format!("request body over {MAX_BODY} bytes"),
        ));
    }
    Ok(body)
}

fn refusal(r: Refusal) -> Answer {
    match r {
        Refusal::BadRequest(m) => Answer::error(400, &m),
        Refusal::Unrunnable(m) => Answer::error(
            422,
            &format!("the model cannot run with these settings: {m}"),
        ),
    }
}

fn route(
    explorer: &Explorer,
    assets: &Assets,
    addr: SocketAddr,
    rq: &mut tiny_http::Request,
) -> Answer {
    if !host_is_local(rq, addr) {
        return Answer::error(403, "this server answers only to 127.0.0.1 and localhost");
    }
    let path = rq.url().split(['?', '#']).next().unwrap_or("/").to_string();
    let method = rq.method().clone();
    match (method, path.as_str()) {
        (Method::Get, "/api/meta") => Answer::json(200, explorer.meta().to_string()),
        (Method::Post, "/api/run") => {
            let started = Instant::now();
            let body = match read_body(rq) {
                Ok(b) => b,
                Err(a) => return a,
            };
            let request = match request::parse(&body) {
                Ok(r) => r,
                Err(m) => return Answer::error(400, &m),
            };
            match explorer.run(&request) {
                Ok(mut value) => {
                    value["elapsed_ms"] = json!(started.elapsed().as_secs_f64() * 1e3);
                    Answer::json(200, value.to_string())
                }
                Err(r) => refusal(r),
            }
        }
        (Method::Post, "/api/scenario") => {
            let body = match read_body(rq) {
                Ok(b) => b,
                Err(a) => return a,
            };
            match request::parse(&body)
                .map_err(Refusal::BadRequest)
                .and_then(|r| explorer.scenario_toml(&r))
            {
                Ok(text) => Answer {
                    status: 200,
                    content_type: "text/plain; charset=utf-8",
                    body: text.into_bytes(),
                    attachment: Some("explore.toml"),
                },
                Err(r) => refusal(r),
            }
        }
        (method, path) => match FILES.iter().find(|f| f.0 == path) {
            Some(&(_, file, content_type, embedded)) if method == Method::Get => {
                let body = match assets {
                    Assets::Embedded => Ok(embedded.to_vec()),
                    Assets::Folder(dir) => {
                        let file = file
                            .strip_prefix("explore/")
                            .map_or_else(|| dir.join("..").join(file), |inside| dir.join(inside));
                        std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))
                    }
                };
                match body {
                    Ok(body) => Answer {
                        status: 200,
                        content_type,
                        body,
                        attachment: None,
                    },
                    Err(m) => Answer::error(500, &m),
                }
            }
            Some(_) => Answer::error(405, "use GET for the page's files"),
            None if path.starts_with("/api/") => Answer::error(
                if matches!(path, "/api/run" | "/api/scenario" | "/api/meta") {
                    405
                } else {
                    404
                },
                "the API is GET /api/meta, POST /api/run and POST /api/scenario",
            ),
            None => Answer::error(404, &format!("no such page: {path}")),
        },
    }
}
