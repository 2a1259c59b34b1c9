//! The host's side: qemu running the guest image, and the control port.
//!
//! qemu emulates the CPU in software (`-accel tcg`: KVM is not available
//! on the machines ctlab is built on). The kernel console, the first
//! serial port (ttyS0), goes to a log file (diagnostics). The control
//! port is a virtio serial port (a 16550 UART moved only ~100 KB/s under
//! TCG, an interrupt per few bytes): a unix socket this process listens on
//! and qemu connects to when it starts, so no byte the agent writes can be
//! lost before the host is there to read it.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, ErrorKind, Read, Seek, SeekFrom, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Error;
use super::image::GuestImage;
use super::protocol::{self, Request, Response};

/// The qemu binary (Debian package qemu-system-x86).
pub const QEMU: &str = "qemu-system-x86_64";

/// The kernel command line: the console on the first serial port, only
/// the unified cgroup hierarchy (`cgroup_no_v1=all`: no v1 controller can
/// be mounted, Documentation/admin-guide/kernel-parameters.txt), and a
/// panic (PID 1 exiting) reboots at once, which `-no-reboot` turns into
/// qemu exiting.
pub const KERNEL_COMMAND_LINE: &str = "console=ttyS0 cgroup_no_v1=all panic=-1 quiet rdinit=/init";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BootOptions {
    /// Virtual CPUs.
    pub cpus: u32,
    pub memory_mib: u32,
    /// How long the agent may take to say hello after qemu starts.
    pub hello_timeout: Duration,
    /// How long one request may take (a whole lesson's replay under
    /// software emulation is slow).
    pub request_timeout: Duration,
}

impl Default for BootOptions {
    fn default() -> Self {
        BootOptions {
            // One: boot to hello took the same 2.2–3.3 s with 1 or 2 vCPUs
            // (qemu 7.2, TCG, a loaded 2-core host), and each vCPU is a
            // host thread competing with parallel tests and builds.
            cpus: 1,
            memory_mib: 1024,
            hello_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(600),
        }
    }
}

/// A running guest. Dropping it kills qemu and removes its socket.
pub struct Guest {
    child: Option<Child>,
    socket: PathBuf,
    console_log: PathBuf,
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    request_timeout: Duration,
    /// The agent's `uname -r`, from its hello.
    pub kernel_release: String,
    /// From starting qemu to the agent's hello.
    pub boot_time: Duration,
}

/// Numbers the guests this process starts (log and socket names).
static BOOTS: AtomicUsize = AtomicUsize::new(0);

impl Guest {
    pub fn boot(image: &GuestImage, options: &BootOptions) -> Result<Guest, Error> {
        let n = BOOTS.fetch_add(1, Ordering::Relaxed);
        let logs = image.cache_dir.join("logs");
        fs::create_dir_all(&logs).map_err(Error::io(&logs))?;
        let console_log = logs.join(format!("console-{n}.log"));
        let qemu_log = logs.join(format!("qemu-{n}.log"));
        let socket = socket_path(&image.cache_dir, n);
        let _ = fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket).map_err(Error::io(&socket))?;
        let stderr = File::create(&qemu_log).map_err(Error::io(&qemu_log))?;

        let started = Instant::now();
        let mut command = Command::new(QEMU);
        command
            .args([
                "-accel",
                "tcg",
                "-nodefaults",
                "-no-reboot",
                "-display",
                "none",
            ])
            .args(["-m", &options.memory_mib.to_string()])
            .args(["-smp", &options.cpus.to_string()])
            .arg("-kernel")
            .arg(&image.kernel.vmlinux)
            .arg("-initrd")
            .arg(&image.initramfs.path)
            .args(["-append", KERNEL_COMMAND_LINE])
            .arg("-chardev")
            .arg(format!(
                "file,id=console,path={}",
                chardev_path(&console_log)?
            ))
            .args(["-serial", "chardev:console"])
            .args(["-device", "virtio-serial-pci,id=virtio-serial"])
            .arg("-chardev")
            .arg(format!("socket,id=control,path={}", chardev_path(&socket)?))
            .args([
                "-device",
                "virtserialport,bus=virtio-serial.0,nr=1,chardev=control,name=ctlab.control",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        let child = match command.spawn() {
            Ok(c) => c,
            Err(e) => {
                let _ = fs::remove_file(&socket);
                return Err(if e.kind() == ErrorKind::NotFound {
                    Error::Unavailable(format!(
                        "{QEMU} is not installed (apt-get install qemu-system-x86)"
                    ))
                } else {
                    Error::io(QEMU)(e)
                });
            }
        };
        // From here on a failure drops `starting`, which kills qemu.
        let mut starting = Starting {
            child: Some(child),
            socket: socket.clone(),
        };
        let deadline = started + options.hello_timeout;
        let stream = accept(&listener, &mut starting, deadline, &qemu_log)?;
        drop(listener);
        // Connected: the socket file is no longer needed by anyone.
        let _ = fs::remove_file(&socket);
        let writer = stream.try_clone().map_err(Error::io(&socket))?;
        let mut guest = Guest {
            child: starting.child.take(),
            socket,
            console_log,
            reader: BufReader::new(stream),
            writer,
            request_timeout: options.request_timeout,
            kernel_release: String::new(),
            boot_time: Duration::ZERO,
        };
        match guest.read_response(deadline)? {
            Response::Hello { kernel_release } => guest.kernel_release = kernel_release,
            other => return Err(Error::Protocol(format!("expected hello, got {other:?}"))),
        }
        guest.boot_time = started.elapsed();
        Ok(guest)
    }

    /// Sends one request and waits for its response.
    pub fn request(&mut self, request: &Request) -> Result<Response, Error> {
        let mut line = protocol::encode(request);
        line.push('\n');
        self.writer
            .write_all(line.as_bytes())
            .map_err(|e| self.failed(format!("writing the request: {e}")))?;
        self.read_response(Instant::now() + self.request_timeout)
    }

    /// Asks the agent to power off and waits for qemu to exit.
    pub fn shutdown(mut self) -> Result<(), Error> {
        match self.request(&Request::Shutdown)? {
            Response::ShuttingDown => {}
            other => {
                return Err(Error::Protocol(format!(
                    "expected ShuttingDown, got {other:?}"
                )));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let child = self.child.as_mut().expect("running");
        loop {
            if child.try_wait().map_err(Error::io(QEMU))?.is_some() {
                self.child = None;
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(self.failed("qemu did not exit after the agent powered off".into()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// qemu's process id (tests check it is gone after Drop).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Where the control socket was (removed once qemu connected).
    pub fn socket_path(&self) -> &Path {
        &self.socket
    }

    pub fn console_log(&self) -> &Path {
        &self.console_log
    }

    /// Reads lines until one is a message; skips anything else.
    fn read_response(&mut self, deadline: Instant) -> Result<Response, Error> {
        let mut line = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.failed("no response in time".into()));
            }
            self.reader
                .get_ref()
                .set_read_timeout(Some(left))
                .map_err(Error::io(&self.socket))?;
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return Err(self.failed("the guest closed the control port".into())),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(self.failed("no response in time".into()));
                }
                Err(e) => return Err(self.failed(format!("reading the control port: {e}"))),
            }
            match protocol::decode::<Response>(&line) {
                None => continue,
                Some(Ok(response)) => return Ok(response),
                Some(Err(e)) => return Err(Error::Protocol(e)),
            }
        }
    }

    /// An error that carries the end of the console log: what the guest
    /// kernel and the agent printed last.
    fn failed(&self, what: String) -> Error {
        Error::Guest(format!(
            "{what}; the console ({}) ends with:\n{}",
            self.console_log.display(),
            tail(&self.console_log, 2000)
        ))
    }
}

impl Drop for Guest {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_file(&self.socket);
    }
}

/// qemu while it boots: killed (and its socket removed) if booting fails.
struct Starting {
    child: Option<Child>,
    socket: PathBuf,
}

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_file(&self.socket);
    }
}

/// Waits for qemu to connect to the control socket.
fn accept(
    listener: &UnixListener,
    starting: &mut Starting,
    deadline: Instant,
    qemu_log: &Path,
) -> Result<UnixStream, Error> {
    listener
        .set_nonblocking(true)
        .map_err(Error::io(&starting.socket))?;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream
                    .set_nonblocking(false)
                    .map_err(Error::io(&starting.socket))?;
                return Ok(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(Error::io(&starting.socket)(e)),
        }
        let child = starting.child.as_mut().expect("running");
        if let Some(status) = child.try_wait().map_err(Error::io(QEMU))? {
            return Err(Error::Guest(format!(
                "{QEMU} exited ({status}) before connecting: {}",
                tail(qemu_log, 2000)
            )));
        }
        if Instant::now() > deadline {
            return Err(Error::Guest(format!(
                "{QEMU} did not connect to the control socket"
            )));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The control socket's path: in the cache directory unless that path is
/// too long for a unix socket (sun_path holds 108 bytes, man 7 unix).
fn socket_path(cache_dir: &Path, n: usize) -> PathBuf {
    let name = format!("control-{}-{n}.sock", std::process::id());
    let path = cache_dir.join(&name);
    if path.as_os_str().len() < 100 {
        path
    } else {
        std::env::temp_dir().join(format!("ctlab-guest-{name}"))
    }
}

/// A path as a qemu option value: qemu splits options at commas.
fn chardev_path(path: &Path) -> Result<String, Error> {
    let s = path
        .to_str()
        .ok_or_else(|| Error::Guest(format!("not UTF-8: {}", path.display())))?;
    if s.contains(',') {
        return Err(Error::Guest(format!(
            "qemu cannot take a path with a comma: {s}"
        )));
    }
    Ok(s.to_string())
}

/// The last `max` bytes of a log file, as text.
fn tail(path: &Path, max: u64) -> String {
    let Ok(mut f) = File::open(path) else {
        return String::new();
    };
    let len = f.metadata().map_or(0, |m| m.len());
    let _ = f.seek(SeekFrom::Start(len.saturating_sub(max)));
    let mut buf = Vec::new();
    let _ = f.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}
