//! A static file server for dist/, for `serve` and the e2e tests.
//!
//! It binds 127.0.0.1 only, answers GET/HEAD, and never serves a file outside
//! its root: the wasm must come with `application/wasm` or browsers refuse
//! `instantiateStreaming`.

use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow};
use tiny_http::{Header, Method, Request, Response, Server};

const WORKERS: usize = 4;

pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json" | "map") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Maps a request target to a file under `root`, or `None` if it names
/// nothing servable. `..` segments (also percent-encoded), backslashes, NULs and
/// symlinks leading out of `root` are refused, never normalised away.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => {
                // A segment like "C:" or one that parses as anything but a
                // plain name must not steer the join.
                let mut comps = Path::new(s).components();
                match (comps.next(), comps.next()) {
                    (Some(Component::Normal(_)), None) => file.push(s),
                    _ => return None,
                }
            }
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A running server; dropping it stops the workers.
pub struct Running {
    server: Arc<Server>,
    workers: Vec<JoinHandle<()>>,
    pub port: u16,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        for _ in &self.workers {
            self.server.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

/// Serves `root` on 127.0.0.1:`port` (0: any free port) from background threads.
pub fn start(root: &Path, port: u16) -> Result<Running> {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        anyhow!("cannot listen on 127.0.0.1:{port}: {e} (another server? try --port N)")
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .context("server has no IP address")?
        .port();
    let server = Arc::new(server);
    let root = root.to_path_buf();
    let workers = (0..WORKERS)
        .map(|_| {
            let (server, root) = (server.clone(), root.clone());
            std::thread::spawn(move || {
                // recv() returns Err once unblock() is called.
                while let Ok(request) = server.recv() {
                    if let Err(e) = respond(&root, request) {
                        eprintln!("serve: {e:#}");
                    }
                }
            })
        })
        .collect();
    Ok(Running {
        server,
        workers,
        port,
    })
}

pub fn serve_forever(root: &Path, port: u16) -> Result<()> {
    anyhow::ensure!(
        root.join("index.html").is_file(),
        "{} has no index.html",
        root.display()
    );
    let running = start(root, port)?;
    println!(
        "\nServing {} at {}  (Ctrl-C to stop)",
        root.display(),
        running.url()
    );
    // The workers serve until the process is interrupted.
    loop {
        std::thread::park();
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("static header is valid")
}

fn respond(root: &Path, request: Request) -> Result<()> {
    let nosniff = header("X-Content-Type-Options", "nosniff");
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("method not allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"))
            .with_header(nosniff);
        return Ok(request.respond(response)?);
    }
    let Some(path) = resolve(root, request.url()) else {
        let response = Response::from_string("not found\n")
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(nosniff);
        return Ok(request.respond(response)?);
    };
    let file = File::open(&path).with_context(|| format!("opening {}", path.display()))?;
    // no-cache: revalidate each time, so a rebuilt dist/ shows on reload.
    let response = Response::from_file(file)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(nosniff);
    Ok(request.respond(response)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// root/site/{index.html, app.wasm, sub/index.html}, root/secret.txt beside it.
    fn fixture(name: &str) -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let site = base.join("site");
        std::fs::create_dir_all(site.join("sub")).unwrap();
        std::fs::write(site.join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(site.join("app.wasm"), b"\0asm").unwrap();
        std::fs::write(site.join("sub/index.html"), "<p>sub</p>").unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(base.join("secret.txt"), site.join("link.txt")).unwrap();
        (base, site)
    }

    #[test]
    fn content_types_browsers_insist_on() {
        assert_eq!(
            content_type(Path::new("a/ctlab_ui_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("ctlab_ui.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("favicon.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("x.json")), "application/json");
        assert_eq!(content_type(Path::new("x.PNG")), "image/png");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }

    #[test]
    fn resolves_files_and_directory_indexes() {
        let (base, site) = fixture("resolve");
        let real = |p: &str| Some(site.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&site, "/"), real("index.html"));
        assert_eq!(resolve(&site, "/app.wasm?v=123#x"), real("app.wasm"));
        assert_eq!(resolve(&site, "/sub/"), real("sub/index.html"));
        assert_eq!(resolve(&site, "/sub"), real("sub/index.html"));
        assert_eq!(resolve(&site, "/%61pp.wasm"), real("app.wasm"));
        assert_eq!(resolve(&site, "/missing.js"), None);
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn never_leaves_the_root() {
        let (base, site) = fixture("traversal");
        for target in [
            "/../secret.txt",
            "/sub/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/sub/..%5c..%5csecret.txt",
            "/..\\secret.txt",
            "//etc/passwd",
            "/link.txt",
            "/%00",
            "/%zz",
        ] {
            let got = resolve(&site, target);
            assert!(
                got.as_ref()
                    .is_none_or(|p| p.starts_with(site.canonicalize().unwrap())),
                "{target} escaped to {got:?}"
            );
            assert_ne!(
                got.as_deref().map(|p| p.ends_with("secret.txt")),
                Some(true),
                "{target}"
            );
        }
        // "//etc/passwd" must stay inside (and so 404), not become an absolute path.
        assert_eq!(resolve(&site, "//etc/passwd"), None);
        std::fs::remove_dir_all(base).unwrap();
    }

    /// A raw HTTP/1.0 exchange, so the test checks the bytes a browser sees
    /// (no client library re-normalising `..` in the path).
    fn get(port: u16, method: &str, target: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "{method} {target} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    #[test]
    fn serves_over_http_with_types_404s_and_no_traversal() {
        let (base, site) = fixture("http");
        let server = start(&site, 0).unwrap();
        let (status, head, body) = get(server.port, "GET", "/app.wasm");
        assert_eq!(status, 200);
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/wasm"),
            "{head}"
        );
        assert_eq!(body, b"\0asm");
        let (status, head, body) = get(server.port, "GET", "/");
        assert_eq!((status, body.as_slice()), (200, b"<p>home</p>".as_slice()));
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/html; charset=utf-8"),
            "{head}"
        );
        assert_eq!(get(server.port, "GET", "/nope.js").0, 404);
        assert_eq!(get(server.port, "GET", "/../secret.txt").0, 404);
        assert_eq!(get(server.port, "GET", "/%2e%2e/secret.txt").0, 404);
        assert_eq!(get(server.port, "GET", "/link.txt").0, 404);
        assert_eq!(get(server.port, "POST", "/").0, 405);
        let (status, _, body) = get(server.port, "HEAD", "/app.wasm");
        assert_eq!((status, body.len()), (200, 0));
        drop(server);
        std::fs::remove_dir_all(base).unwrap();
    }
}
