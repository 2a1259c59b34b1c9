//! The guest's /init: a busybox sh script that turns the unpacked
//! initramfs into the world a lesson expects and then becomes the agent.

/// Where busybox lives in the guest: outside PATH, so that a lesson's
/// `mount` or `ps` is always util-linux's or procps's, never an applet.
pub const BUSYBOX: &str = "/usr/lib/ctlab/busybox";
/// Where the agent lives in the guest.
pub const AGENT: &str = "/usr/lib/ctlab/ctlab-guest-agent";
/// The control port as the guest sees it: port 1 of the virtio serial
/// device (drivers/char/virtio_console.c names it vport<device>p<port>;
/// the host gives it `nr=1`). The console is the first serial port, ttyS0.
pub const CONTROL_PORT: &str = "/dev/vport0p1";
/// The conventions' hostname (notes/conventions.md).
pub const HOSTNAME: &str = "ctlab";
/// The conventions' PATH.
pub const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The /init script for a kernel whose modules to load are `modules`
/// (guest paths, in order).
///
/// Stage 1 runs on the initial rootfs, which pivot_root(2) refuses ("The
/// rootfs (initial ramfs) cannot be pivot_root()ed", man 2 pivot_root;
/// fs/namespace.c: the current root must have a parent mount), and the
/// sandbox pivot_roots. Instead of copying every file into a tmpfs and
/// switch_root'ing there, stage 1 bind-mounts the rootfs on /mnt and
/// moves that mount over / (what switch_root does with a new root, minus
/// the copy and the deletion): the root is then a mount with a parent, the
/// files are the same pages (no copy, no second 66 MB), pivot_root works,
/// and no extra directory shows in `ls -a /` (/mnt is a directory a
/// Debian root has anyway). Stage 2 (the same
/// script, chrooted into the new root, still PID 1) mounts the kernel file
/// systems, loads the modules and execs the agent on the control port.
///
/// `set -e`: if anything fails the script exits, PID 1 dies, the kernel
/// panics (`panic=-1` reboots at once) and qemu (`-no-reboot`) exits, so
/// the host sees a dead guest and the console log says why.
pub fn script(modules: &[String]) -> String {
    let insmod: String = modules
        .iter()
        .map(|m| format!("$bb insmod {m}\n"))
        .collect();
    format!(
        r#"#!{BUSYBOX} sh
set -e
bb={BUSYBOX}
if [ "$1" != stage2 ]; then
    $bb mount --bind / /mnt
    cd /mnt
    $bb mount --move . /
    exec $bb chroot . /init stage2
fi
# Not part of a Debian root; the shell keeps the open script.
$bb rm /init
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev
$bb mkdir -p /dev/pts /dev/shm
# What udev adds on a Debian system (bash's process substitution uses
# /dev/fd).
$bb ln -s /proc/self/fd /dev/fd
$bb ln -s /proc/self/fd/0 /dev/stdin
$bb ln -s /proc/self/fd/1 /dev/stdout
$bb ln -s /proc/self/fd/2 /dev/stderr
$bb mount -t devpts -o gid=5,mode=620,ptmxmode=000 devpts /dev/pts
$bb mount -t tmpfs -o mode=1777 tmpfs /dev/shm
$bb mount -t cgroup2 cgroup2 /sys/fs/cgroup
$bb mount -t tmpfs -o mode=1777 tmpfs /tmp
$bb mount -t tmpfs -o mode=755 tmpfs /run
{insmod}# The port's device node appears once virtio_console has probed it.
i=0
while [ ! -e {CONTROL_PORT} ]; do
    i=$((i + 1))
    [ $i -le 2000 ] || {{ echo "init: no {CONTROL_PORT}"; exit 1; }}
    $bb sleep 0.01
done
$bb hostname {HOSTNAME}
# Linux 6.14 made pid_max per PID namespace, and a new namespace starts at
# the limit, 4194304 (kernel/pid.c), which is what the sandbox's shells
# read on the host kernel and ps sizes its PID column from. 6.1 has one
# global value, set to the same here.
echo 4194304 > /proc/sys/kernel/pid_max
# The run cgroups get the controllers a container runtime delegates (and
# pids.max bounds a fork bomb as on the host).
echo "+cpuset +cpu +io +memory +pids" > /sys/fs/cgroup/cgroup.subtree_control
export PATH={PATH} HOME=/root TERM=dumb
cd /
exec {AGENT} {CONTROL_PORT}
"#
    )
}
