//! The guest's whole file system as one newc cpio archive (the format the
//! kernel unpacks into its initial rootfs: Documentation/driver-api/
//! early-userspace/buffer-format.rst), built from the host's own Debian
//! programs so that the guest runs the very binaries the host runs.
//!
//! Uncompressed on purpose: the kernel then unpacks it with plain copies,
//! whereas decompressing under qemu's software-emulated CPU costs seconds
//! (figures in docs/ or the guest tests' report).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use super::init::{AGENT, BUSYBOX};
use super::kernel::{Kernel, MODULES};
use super::{Error, init, run};

/// Debian packages whose programs (everything they install in a bin or
/// sbin directory) the guest gets: the lessons' shell and tools, and what
/// the model's programs are modelled on (`ctlab::userland::programs::paths`
/// adds any modelled program these miss).
pub const PACKAGES: &[&str] = &[
    "bash",
    "coreutils",
    "util-linux",
    "mount",
    "hostname",
    "procps",
    "grep",
    "sed",
];

/// Host files copied as they are: what bash, readline and the C library
/// read at start (the lessons' world: notes/conventions.md).
pub const ETC_FILES: &[&str] = &[
    "/etc/passwd",
    "/etc/group",
    "/etc/bash.bashrc",
    "/etc/inputrc",
    "/etc/nsswitch.conf",
    "/etc/ld.so.cache",
    // TERM=dumb: readline reads its terminfo entry (ncurses-base).
    "/usr/share/terminfo/d/dumb",
    "/lib/terminfo/d/dumb",
];

/// Empty directories the guest mounts on or writes to.
const DIRS: &[(&str, u32)] = &[
    ("dev", 0o755),
    ("proc", 0o555),
    ("sys", 0o555),
    ("run", 0o755),
    ("tmp", 0o1777),
    ("root", 0o700),
    ("mnt", 0o755),
    ("var/tmp", 0o1777),
];

/// Top-level directories that are symlinks into /usr on a merged-/usr
/// Debian (bookworm): mirrored when the host has them.
const MERGED_USR: &[&str] = &["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

/// What `build` made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initramfs {
    pub path: PathBuf,
    /// Bytes of the archive.
    pub size: u64,
    /// Entries (files, directories, symlinks).
    pub entries: usize,
}

/// Builds the initramfs for `kernel` with the agent binary `agent` at
/// `out` (written beside it, then renamed into place).
pub fn build(out: &Path, kernel: &Kernel, agent: &Path) -> Result<Initramfs, Error> {
    let mut tree = Tree::default();
    for link in MERGED_USR {
        let host = Path::new("/").join(link);
        if let Ok(target) = fs::read_link(&host) {
            tree.insert(link, Node::Symlink(target.to_string_lossy().into_owned()));
        }
    }
    for &(dir, mode) in DIRS {
        tree.dir(dir, mode);
    }

    let busybox = which("busybox")?;
    tree.file(&BUSYBOX[1..], 0o755, Source::Host(busybox));
    tree.file(&AGENT[1..], 0o755, Source::Host(agent.to_path_buf()));
    let mut programs = vec![agent.to_path_buf()];
    for package in PACKAGES {
        programs.extend(package_programs(package)?);
    }
    programs.extend(ctlab::userland::programs::paths().map(PathBuf::from));
    programs.sort();
    programs.dedup();
    let mut elves = vec![agent.to_path_buf()];
    for p in programs.iter().filter(|p| p.as_path() != agent) {
        if fs::symlink_metadata(p).is_err() {
            continue; // a modelled program this host lacks
        }
        tree.host(p)?;
        if is_elf(p) {
            elves.push(p.clone());
        }
    }
    for lib in shared_libraries(&elves)? {
        tree.host(&lib)?;
    }
    for etc in ETC_FILES {
        if fs::symlink_metadata(etc).is_ok() {
            tree.host(Path::new(etc))?;
        }
    }
    tree.insert(
        "etc/hostname",
        bytes(0o644, format!("{}\n", init::HOSTNAME)),
    );
    tree.insert("etc/mtab", Node::Symlink("../proc/self/mounts".into()));

    let mut guest_modules = Vec::new();
    for (module, host) in MODULES.iter().zip(&kernel.modules) {
        let guest = format!("usr/lib/modules/{}/{module}", kernel.release);
        tree.file(&guest, 0o644, Source::Host(host.clone()));
        guest_modules.push(format!("/{guest}"));
    }
    tree.insert("init", bytes(0o755, init::script(&guest_modules)));

    let tmp = out.with_extension(format!("tmp.{}", std::process::id()));
    let result = tree.write_newc(&tmp);
    let size = match result {
        Ok(size) => size,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(Error::io(&tmp)(e));
        }
    };
    fs::rename(&tmp, out).map_err(Error::io(out))?;
    Ok(Initramfs {
        path: out.to_path_buf(),
        size,
        entries: tree.nodes.len(),
    })
}

fn bytes(mode: u32, content: impl Into<Vec<u8>>) -> Node {
    Node::File {
        mode,
        mtime: 0,
        source: Source::Bytes(content.into()),
    }
}

/// A program on the host's PATH (busybox-static installs /bin/busybox).
fn which(name: &str) -> Result<PathBuf, Error> {
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::Unavailable(format!(
                "{name} is not installed (apt-get install busybox-static)"
            ))
        })
}

/// The programs `package` installs: its files directly in a bin or sbin
/// directory (dpkg-query -L).
fn package_programs(package: &str) -> Result<Vec<PathBuf>, Error> {
    let list = run(Command::new("dpkg-query").args(["-L", package]))?;
    Ok(list
        .lines()
        .map(Path::new)
        .filter(|p| {
            p.parent().is_some_and(|d| {
                ["/bin", "/sbin", "/usr/bin", "/usr/sbin"]
                    .iter()
                    .any(|b| d == Path::new(b))
            })
        })
        .filter(|p| fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(Path::to_path_buf)
        .collect())
}

fn is_elf(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == *b"\x7fELF"
}

/// The shared libraries (and the dynamic loader) `elves` need, as ld.so
/// resolves them on the host: ldd(1) on all of them at once. A static
/// program prints "not a dynamic executable" and makes ldd exit 1, so
/// the status is not checked; its lines are.
fn shared_libraries(elves: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let out = Command::new("ldd")
        .args(elves)
        .output()
        .map_err(|e| Error::Unavailable(format!("ldd: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut libs: Vec<PathBuf> = text
        .lines()
        .filter(|l| l.starts_with('\t'))
        .filter_map(|l| {
            // "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or
            // "\t/lib64/ld-linux-x86-64.so.2 (0x…)"; the vDSO has no path.
            let l = l.trim();
            let path = l.split_once(" => ").map_or(l, |(_, p)| p);
            let path = path.split(" (").next()?;
            if path == "not found" {
                return None;
            }
            path.starts_with('/').then(|| PathBuf::from(path))
        })
        .collect();
    if text.contains("=> not found") {
        return Err(Error::Initramfs(format!("a library is missing: {text}")));
    }
    libs.sort();
    libs.dedup();
    Ok(libs)
}

#[derive(Clone, Debug)]
enum Source {
    Host(PathBuf),
    Bytes(Vec<u8>),
}

#[derive(Clone, Debug)]
enum Node {
    Dir(u32),
    File {
        mode: u32,
        mtime: u32,
        source: Source,
    },
    Symlink(String),
}

/// The archive's entries by path (no leading `/`). Ordered, so every
/// directory comes before what it holds (a path sorts after its prefix)
/// and the archive is the same bytes for the same inputs.
#[derive(Default)]
struct Tree {
    nodes: BTreeMap<String, Node>,
}

impl Tree {
    fn insert(&mut self, path: &str, node: Node) {
        if let Some((parent, _)) = path.rsplit_once('/') {
            self.dir(parent, 0o755);
        }
        self.nodes.insert(path.to_string(), node);
    }

    /// `path` and its missing parents; an existing entry stays.
    fn dir(&mut self, path: &str, mode: u32) {
        if self.nodes.contains_key(path) {
            return;
        }
        if let Some((parent, _)) = path.rsplit_once('/') {
            self.dir(parent, 0o755);
        }
        self.nodes.insert(path.to_string(), Node::Dir(mode));
    }

    fn file(&mut self, path: &str, mode: u32, source: Source) {
        let mtime = match &source {
            Source::Host(p) => fs::metadata(p).map_or(0, |m| m.mtime() as u32),
            Source::Bytes(_) => 0,
        };
        self.insert(
            path,
            Node::File {
                mode,
                mtime,
                source,
            },
        );
    }

    /// The host's file at `path`, at the same place in the guest: its
    /// directories resolved (so /lib/x86_64-linux-gnu/libc.so.6 lands in
    /// usr/lib/… under the merged-/usr symlinks), a symlink kept as one
    /// and its target added too.
    fn host(&mut self, path: &Path) -> Result<(), Error> {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(Error::Initramfs(format!("not a file: {}", path.display())));
        };
        let parent = fs::canonicalize(parent).map_err(Error::io(parent))?;
        let real = parent.join(name);
        let key = guest_key(&real);
        if self.nodes.contains_key(&key) {
            return Ok(());
        }
        let meta = fs::symlink_metadata(&real).map_err(Error::io(&real))?;
        if meta.file_type().is_symlink() {
            let target = fs::read_link(&real).map_err(Error::io(&real))?;
            self.insert(&key, Node::Symlink(target.to_string_lossy().into_owned()));
            self.host(&parent.join(target))
        } else if meta.is_dir() {
            self.dir(&key, meta.permissions().mode() & 0o7777);
            Ok(())
        } else {
            let mode = meta.permissions().mode() & 0o7777;
            self.insert(
                &key,
                Node::File {
                    mode,
                    mtime: meta.mtime() as u32,
                    source: Source::Host(real),
                },
            );
            Ok(())
        }
    }

    /// Writes the archive; returns its size.
    fn write_newc(&self, path: &Path) -> io::Result<u64> {
        use cpio::newc::{Builder, ModeFileType, trailer};
        let mut out = BufWriter::new(fs::File::create(path)?);
        for (ino, (name, node)) in self.nodes.iter().enumerate() {
            let entry = Builder::new(name).ino(ino as u32 + 1).uid(0).gid(0);
            match node {
                Node::Dir(mode) => {
                    let w = entry
                        .mode(*mode)
                        .set_mode_file_type(ModeFileType::Directory)
                        .nlink(2)
                        .write(&mut out, 0);
                    w.finish()?;
                }
                Node::Symlink(target) => {
                    let mut w = entry
                        .mode(0o777)
                        .set_mode_file_type(ModeFileType::Symlink)
                        .nlink(1)
                        .write(&mut out, target.len() as u32);
                    w.write_all(target.as_bytes())?;
                    w.finish()?;
                }
                Node::File {
                    mode,
                    mtime,
                    source,
                } => {
                    let entry = entry
                        .mode(*mode)
                        .set_mode_file_type(ModeFileType::Regular)
                        .nlink(1)
                        .mtime(*mtime);
                    match source {
                        Source::Bytes(b) => {
                            let mut w = entry.write(&mut out, b.len() as u32);
                            w.write_all(b)?;
                            w.finish()?;
                        }
                        Source::Host(p) => {
                            let mut f = fs::File::open(p)?;
                            let len = f.metadata()?.len();
                            let size = u32::try_from(len).map_err(|_| {
                                io::Error::other(format!("{} is over 4 GiB", p.display()))
                            })?;
                            let mut w = entry.write(&mut out, size);
                            // A file that changed size while copied would
                            // shift every later entry: refuse it.
                            if io::copy(&mut (&mut f).take(len), &mut w)? != len {
                                return Err(io::Error::other(format!(
                                    "{} shrank while copied",
                                    p.display()
                                )));
                            }
                            w.finish()?;
                        }
                    }
                }
            }
        }
        trailer(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        Ok(file.metadata()?.len())
    }
}

/// `/usr/bin/ls` → `usr/bin/ls`.
fn guest_key(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}
