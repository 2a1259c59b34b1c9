//! The sandbox's root filesystem, built by its PID 1 inside the new mount
//! namespace and entered with pivot_root(2). The world it makes is the one
//! docs/lesson-format.md promises ("The world a lesson starts in") and the
//! model boots into:
//!
//! * `/` is an overlay whose lower layer is the host root and whose upper
//!   layer lives on a tmpfs of this mount namespace, so nothing a lesson
//!   writes reaches the host (overlayfs.rst). The upper dir is prepared
//!   before the mount: an opaque empty `/mnt` (the host keeps its own
//!   mount points there; the model's /mnt is empty) and Debian's
//!   /etc/bash.bashrc with the prompt marker appended (see `terminal`).
//! * fresh tmpfs on /tmp (1777), /root (700) and /dev, where the usual
//!   device nodes, a private devpts instance (`newinstance`, so the first
//!   terminal is /dev/pts/0) and /dev/shm live;
//! * /proc of the new PID namespace, with /proc/sys bound read-only, and
//!   /sys read-only, as Docker does for a container;
//! * hostname `ctlab`.
//!
//! Nothing here runs before [`assert_private_mount_ns`] has proved that
//! the process is in a mount namespace other than the backend's, so no
//! mount can land on the host.

use std::ffi::CStr;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt, symlink};

use rustix::fs::{CWD, FileType, Mode, XattrFlags, makedev, mknodat};
use rustix::mount::{MountFlags, MountPropagationFlags, UnmountFlags};

/// The prompt marker every interactive bash of the sandbox prints (PS1),
/// and the continuation marker (PS2).
pub const PS1: &str = "<ctlab-ps1>";
pub const PS2: &str = "<ctlab-ps2>";

/// Appended to the overlay's copy of /etc/bash.bashrc (which every
/// interactive bash reads, Debian's bash.bashrc): marker prompts, and no
/// line editing, so the typed line is not echoed back.
const BASHRC_APPEND: &str = "\n# ctlab sandbox: a marker prompt, no line editing\nPS1='<ctlab-ps1>'\nPS2='<ctlab-ps2>'\nset +o emacs +o vi\n";

/// Where the scratch tmpfs goes in the new mount namespace (it shadows
/// the host's /tmp there only) and the overlay's directories on it. These
/// paths show in the overlay's mount options inside the sandbox.
const SCRATCH: &str = "/tmp";
const UPPER: &str = "/tmp/upper";
const WORK: &str = "/tmp/work";
const ROOT: &str = "/tmp/root";

pub const HOSTNAME: &str = "ctlab";

/// Fails unless the caller's mount namespace differs from `host_mnt_ns`
/// (the inode of the backend's own /proc/self/ns/mnt).
pub fn assert_private_mount_ns(host_mnt_ns: u64) -> io::Result<()> {
    let own = rustix::fs::stat("/proc/self/ns/mnt")?.st_ino;
    if own == host_mnt_ns {
        return Err(io::Error::other(
            "refused to mount: still in the host's mount namespace",
        ));
    }
    Ok(())
}

fn mount(src: &str, target: &str, fstype: &str, flags: MountFlags, data: &CStr) -> io::Result<()> {
    rustix::mount::mount(src, target, fstype, flags, data)
        .map_err(|e| io::Error::other(format!("mount {fstype} on {target}: {e}")))
}

/// Builds the root and enters it. Runs in the sandbox's PID 1.
pub fn build_and_enter(host_mnt_ns: u64) -> io::Result<()> {
    assert_private_mount_ns(host_mnt_ns)?;
    // Mount events stay in this namespace from here on.
    rustix::mount::mount_change(
        "/",
        MountPropagationFlags::REC | MountPropagationFlags::PRIVATE,
    )?;
    mount("tmpfs", SCRATCH, "tmpfs", MountFlags::empty(), c"mode=700")?;
    let mut dir = fs::DirBuilder::new();
    dir.mode(0o755);
    for d in [UPPER, WORK, ROOT] {
        dir.create(d)?;
    }
    prepare_upper()?;
    mount(
        "overlay",
        ROOT,
        "overlay",
        MountFlags::empty(),
        c"lowerdir=/,upperdir=/tmp/upper,workdir=/tmp/work",
    )?;
    let r = |p: &str| format!("{ROOT}{p}");
    let nosuid_nodev = MountFlags::NOSUID | MountFlags::NODEV;
    mount("tmpfs", &r("/tmp"), "tmpfs", nosuid_nodev, c"mode=1777")?;
    mount(
        "tmpfs",
        &r("/root"),
        "tmpfs",
        MountFlags::empty(),
        c"mode=700",
    )?;
    mount(
        "tmpfs",
        &r("/dev"),
        "tmpfs",
        MountFlags::NOSUID,
        c"mode=755",
    )?;
    make_dev(&r("/dev"))?;
    mount(
        "devpts",
        &r("/dev/pts"),
        "devpts",
        MountFlags::NOSUID | MountFlags::NOEXEC,
        c"newinstance,ptmxmode=0666,mode=620,gid=5",
    )?;
    mount("tmpfs", &r("/dev/shm"), "tmpfs", nosuid_nodev, c"mode=1777")?;
    let nosuid_nodev_noexec = nosuid_nodev | MountFlags::NOEXEC;
    mount("proc", &r("/proc"), "proc", nosuid_nodev_noexec, c"")?;
    rustix::mount::mount_bind(r("/proc/sys"), r("/proc/sys"))?;
    rustix::mount::mount_remount(
        r("/proc/sys"),
        MountFlags::BIND | MountFlags::RDONLY | nosuid_nodev_noexec,
        "",
    )?;
    mount(
        "sysfs",
        &r("/sys"),
        "sysfs",
        MountFlags::RDONLY | nosuid_nodev_noexec,
        c"",
    )?;
    rustix::system::sethostname(HOSTNAME.as_bytes())?;
    rustix::process::chdir(ROOT)?;
    rustix::process::pivot_root(".", ".")?;
    // The old root is stacked under the new one; detaching it leaves only
    // the sandbox's mounts (pivot_root(2), "pivot_root(".", ".")").
    rustix::mount::unmount(".", UnmountFlags::DETACH)?;
    rustix::process::chdir("/")?;
    Ok(())
}

/// The upper layer's content before the overlay is mounted: an opaque
/// /mnt hides the host's (overlayfs.rst, "whiteouts and opaque
/// directories"), and /etc/bash.bashrc gets the prompt marker.
fn prepare_upper() -> io::Result<()> {
    let mnt = format!("{UPPER}/mnt");
    fs::create_dir(&mnt)?;
    let host = fs::metadata("/mnt")?;
    fs::set_permissions(&mnt, fs::Permissions::from_mode(host.permissions().mode()))?;
    rustix::fs::setxattr(&mnt, "trusted.overlay.opaque", b"y", XattrFlags::empty())?;
    let etc = format!("{UPPER}/etc");
    fs::create_dir(&etc)?;
    fs::set_permissions(&etc, fs::metadata("/etc")?.permissions())?;
    let mut bashrc = fs::read_to_string("/etc/bash.bashrc").unwrap_or_default();
    bashrc.push_str(BASHRC_APPEND);
    fs::write(format!("{etc}/bash.bashrc"), bashrc)?;
    fs::set_permissions(
        format!("{etc}/bash.bashrc"),
        fs::Permissions::from_mode(0o644),
    )?;
    Ok(())
}

/// The device nodes and links a container's /dev has (as Docker and the
/// OCI runtime spec's default devices).
fn make_dev(dev: &str) -> io::Result<()> {
    for (name, major, minor) in [
        ("null", 1, 3),
        ("zero", 1, 5),
        ("full", 1, 7),
        ("random", 1, 8),
        ("urandom", 1, 9),
        ("tty", 5, 0),
    ] {
        let path = format!("{dev}/{name}");
        mknodat(
            CWD,
            &path,
            FileType::CharacterDevice,
            Mode::from_raw_mode(0o666),
            makedev(major, minor),
        )?;
        // mknod applies the umask; the nodes are 0666 in every container.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666))?;
    }
    let mut dir = fs::DirBuilder::new();
    dir.mode(0o755);
    dir.create(format!("{dev}/pts"))?;
    dir.create(format!("{dev}/shm"))?;
    symlink("pts/ptmx", format!("{dev}/ptmx"))?;
    for (i, n) in ["stdin", "stdout", "stderr"].iter().enumerate() {
        symlink(format!("/proc/self/fd/{i}"), format!("{dev}/{n}"))?;
    }
    symlink("/proc/self/fd", format!("{dev}/fd"))?;
    Ok(())
}
