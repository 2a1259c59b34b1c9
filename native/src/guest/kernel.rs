//! The guest's kernel: Debian bookworm's own kernel package, downloaded
//! with `apt-get download` and unpacked into the cache once per package
//! version.
//!
//! Two files are kept: the uncompressed `vmlinux` (qemu boots it directly
//! through its PVH entry point; decompressing vmlinuz inside a software-
//! emulated CPU would cost seconds on every boot) and `overlay.ko`
//! (Debian builds overlayfs as a module: `CONFIG_OVERLAY_FS=m` in the
//! package's /boot/config-*).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Error, run};

/// The meta-package whose dependency names the current kernel ABI
/// (`linux-image-6.1.0-NN-amd64`).
pub const META_PACKAGE: &str = "linux-image-amd64";

/// A kernel unpacked in the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kernel {
    /// e.g. `linux-image-6.1.0-56-amd64`.
    pub package: String,
    /// The Debian version, e.g. `6.1.192-2`.
    pub version: String,
    /// `uname -r` of this kernel, e.g. `6.1.0-56-amd64`.
    pub release: String,
    pub vmlinux: PathBuf,
    /// Modules the guest loads at boot (overlay), in load order.
    pub modules: Vec<PathBuf>,
}

/// Modules /init loads, as paths under /lib/modules/RELEASE/, in load
/// order (each after the ones it needs, as their `.modinfo` `depends=`
/// says: there is no modules.dep, depmod writes it at install time). Debian builds overlayfs and virtio as
/// modules; the virtio console carries the control port (a serial port
/// moves about 100 KB/s under software emulation, an interrupt per FIFO's
/// worth of bytes; the virtio ring, megabytes).
pub const MODULES: &[&str] = &[
    "kernel/fs/overlayfs/overlay.ko",
    "kernel/drivers/virtio/virtio_ring.ko",
    "kernel/drivers/virtio/virtio.ko",
    "kernel/drivers/virtio/virtio_pci_legacy_dev.ko",
    "kernel/drivers/virtio/virtio_pci_modern_dev.ko",
    "kernel/drivers/virtio/virtio_pci.ko",
    "kernel/drivers/char/virtio_console.ko",
];

/// The current kernel package, unpacked under `cache_dir/kernel/`; only
/// the first call for a package version downloads anything.
pub fn fetch(cache_dir: &Path) -> Result<Kernel, Error> {
    let (package, version) = current_package()?;
    let dir = cache_dir
        .join("kernel")
        .join(format!("{package}_{version}"));
    if let Some(kernel) = load(&dir, &package, &version)? {
        return Ok(kernel);
    }
    // Unpack beside the final directory and rename it into place: a
    // directory that exists is complete, even if another process
    // prepared the same kernel at the same time.
    let tmp = cache_dir
        .join("kernel")
        .join(format!(".{package}_{version}.{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(Error::io(&tmp))?;
    let result = unpack(&tmp, &package, &version);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if fs::rename(&tmp, &dir).is_err() {
        // Someone else's copy won the race; ours is identical.
        let _ = fs::remove_dir_all(&tmp);
    }
    load(&dir, &package, &version)?
        .ok_or_else(|| Error::Kernel(format!("{} is incomplete", dir.display())))
}

/// The kernel package `linux-image-amd64` depends on and its version:
/// one `apt-cache show` (about a second: it is also the whole cost of
/// finding a cached kernel), whose `Depends:` pins the version
/// (`linux-image-6.1.0-56-amd64 (= 6.1.192-2)`).
fn current_package() -> Result<(String, String), Error> {
    let out = run(Command::new("apt-cache").args(["show", "--no-all-versions", META_PACKAGE]))?;
    let depends = out
        .lines()
        .find_map(|l| l.strip_prefix("Depends: "))
        .ok_or_else(|| Error::Unavailable(format!("apt-cache knows no {META_PACKAGE}")))?;
    let (package, version) = depends
        .split(',')
        .map(str::trim)
        .find(|d| d.starts_with("linux-image-"))
        .and_then(parse_dependency)
        .ok_or_else(|| Error::Kernel(format!("{META_PACKAGE} depends on no kernel: {depends}")))?;
    match version {
        Some(v) => Ok((package, v)),
        None => {
            let out = run(Command::new("apt-cache").args(["show", "--no-all-versions", &package]))?;
            let v = out
                .lines()
                .find_map(|l| l.strip_prefix("Version: "))
                .ok_or_else(|| {
                    Error::Unavailable(format!("apt-cache shows no version of {package}"))
                })?;
            Ok((package, v.to_string()))
        }
    }
}

/// `name (= version)` or `name` (deb-control(5) relationship fields).
fn parse_dependency(d: &str) -> Option<(String, Option<String>)> {
    match d.split_once(" (= ") {
        Some((name, rest)) => Some((name.to_string(), Some(rest.strip_suffix(')')?.to_string()))),
        None => Some((d.split_whitespace().next()?.to_string(), None)),
    }
}

/// The kernel in `dir`, if it was unpacked completely.
fn load(dir: &Path, package: &str, version: &str) -> Result<Option<Kernel>, Error> {
    let Ok(release) = fs::read_to_string(dir.join("release")) else {
        return Ok(None);
    };
    let modules: Vec<PathBuf> = MODULES.iter().map(|m| dir.join(file_name(m))).collect();
    if !modules.iter().all(|m| m.is_file()) {
        // Unpacked when the guest needed fewer modules: unpack again.
        fs::remove_dir_all(dir).map_err(Error::io(dir))?;
        return Ok(None);
    }
    Ok(Some(Kernel {
        package: package.to_string(),
        version: version.to_string(),
        release: release.trim().to_string(),
        vmlinux: dir.join("vmlinux"),
        modules,
    }))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Downloads the package into `dir`, keeps vmlinux and the modules, and
/// writes `release` last (what `load` looks for).
fn unpack(dir: &Path, package: &str, version: &str) -> Result<(), Error> {
    // `APT::Sandbox::User=root`: apt drops to `_apt` to download, which
    // cannot write into a root-owned cache and warns.
    let spec = format!("{package}={version}");
    let status = Command::new("apt-get")
        .args(["-q", "-o", "APT::Sandbox::User=root", "download", &spec])
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(Error::io("apt-get"))?;
    if !status.success() {
        return Err(Error::Unavailable(format!(
            "apt-get download {spec}: {status}"
        )));
    }
    let deb = fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or_else(|| {
            Error::Kernel(format!(
                "apt-get download left no .deb in {}",
                dir.display()
            ))
        })?;

    // dpkg-deb(1) --fsys-tarfile: the package's files as one tar stream,
    // whatever compression the .deb uses inside.
    let mut child = Command::new("dpkg-deb")
        .arg("--fsys-tarfile")
        .arg(&deb)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(Error::io("dpkg-deb"))?;
    let stdout = child.stdout.take().expect("piped");
    let mut release = None;
    let mut archive = tar::Archive::new(stdout);
    for entry in archive.entries().map_err(Error::io(&deb))? {
        let mut entry = entry.map_err(Error::io(&deb))?;
        let path = entry
            .path()
            .map_err(Error::io(&deb))?
            .to_string_lossy()
            .into_owned();
        let path = path.trim_start_matches("./");
        if let Some(r) = path.strip_prefix("boot/vmlinuz-") {
            release = Some(r.to_string());
            let mut vmlinuz = Vec::new();
            entry.read_to_end(&mut vmlinuz).map_err(Error::io(&deb))?;
            let vmlinux = decompress_vmlinuz(&vmlinuz)?;
            write(&dir.join("vmlinux"), &vmlinux)?;
        } else if let Some(module) = MODULES.iter().find(|m| is_module(path, m)) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(Error::io(&deb))?;
            let bytes = decompress_module(path, bytes)?;
            write(&dir.join(file_name(module)), &bytes)?;
        }
    }
    let status = child.wait().map_err(Error::io("dpkg-deb"))?;
    if !status.success() {
        return Err(Error::Kernel(format!("dpkg-deb --fsys-tarfile: {status}")));
    }
    fs::remove_file(&deb).map_err(Error::io(&deb))?;
    let release =
        release.ok_or_else(|| Error::Kernel(format!("{package} has no /boot/vmlinuz-*")))?;
    for m in MODULES {
        let p = dir.join(file_name(m));
        if !p.exists() {
            return Err(Error::Kernel(format!("{package} has no {m}")));
        }
    }
    write(&dir.join("release"), format!("{release}\n").as_bytes())
}

/// `lib/modules/RELEASE/<module>` with or without a compression suffix
/// (bookworm ships them plain; later Debian kernels compress with xz).
fn is_module(path: &str, module: &str) -> bool {
    let Some(rest) = path.strip_prefix("lib/modules/") else {
        return false;
    };
    let Some((_, in_release)) = rest.split_once('/') else {
        return false;
    };
    in_release == module || in_release.strip_prefix(module).is_some_and(|s| s == ".xz")
}

fn decompress_module(path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if path.ends_with(".xz") {
        xz_decompress(&bytes)
    } else {
        Ok(bytes)
    }
}

/// The XZ stream's magic (the .xz file format, section 2.1.1.1).
const XZ_MAGIC: &[u8] = &[0xFD, b'7', b'z', b'X', b'Z', 0x00];

/// vmlinuz is a bzImage: a real-mode setup and a decompressor followed by
/// the compressed vmlinux (Debian: `CONFIG_KERNEL_XZ=y`), so the ELF is
/// the XZ stream that starts at its magic, up to the end of that stream.
pub fn decompress_vmlinuz(vmlinuz: &[u8]) -> Result<Vec<u8>, Error> {
    let start = vmlinuz
        .windows(XZ_MAGIC.len())
        .position(|w| w == XZ_MAGIC)
        .ok_or_else(|| Error::Kernel("vmlinuz holds no XZ stream".into()))?;
    let vmlinux = xz_decompress(&vmlinuz[start..])?;
    if !vmlinux.starts_with(b"\x7fELF") {
        return Err(Error::Kernel(
            "vmlinuz's XZ stream is not an ELF file".into(),
        ));
    }
    Ok(vmlinux)
}

/// xz(1) `--single-stream`: stops at the end of the first stream and
/// ignores what follows (the bzImage's trailer after the payload).
fn xz_decompress(input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut child = Command::new("xz")
        .args(["--decompress", "--stdout", "--single-stream"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(Error::io("xz"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(Error::io("xz"))?;
    // xz stops reading after the stream: a broken pipe is expected.
    let _ = writer.join();
    if !out.status.success() {
        return Err(Error::Kernel(format!(
            "xz --decompress: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    fs::write(path, bytes).map_err(Error::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernel_dependency_is_read_with_or_without_its_version() {
        assert_eq!(
            parse_dependency("linux-image-6.1.0-56-amd64 (= 6.1.192-2)"),
            Some((
                "linux-image-6.1.0-56-amd64".into(),
                Some("6.1.192-2".into())
            ))
        );
        assert_eq!(
            parse_dependency("linux-image-6.1.0-56-amd64"),
            Some(("linux-image-6.1.0-56-amd64".into(), None))
        );
    }

    #[test]
    fn modules_are_found_plain_or_xz_compressed() {
        let m = "kernel/fs/overlayfs/overlay.ko";
        assert!(is_module(
            "lib/modules/6.1.0-56-amd64/kernel/fs/overlayfs/overlay.ko",
            m
        ));
        assert!(is_module(
            "lib/modules/6.1.0-56-amd64/kernel/fs/overlayfs/overlay.ko.xz",
            m
        ));
        assert!(!is_module(
            "lib/modules/6.1.0-56-amd64/kernel/fs/overlayfs/",
            m
        ));
        assert!(!is_module(
            "usr/lib/modules/x/kernel/fs/overlayfs/overlay.ko",
            m
        ));
    }
}
