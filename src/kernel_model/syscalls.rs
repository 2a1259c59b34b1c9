//! The syscall interface as a trait (DESIGN.md, "differential testing"):
//! userland programs and random syscall sequences are written against
//! [`Syscalls`], the model implements it here, and the native backend can
//! implement it with real processes, so one sequence runs on both and the
//! results and errnos can be compared (as gVisor runs one test binary on
//! Linux and on its own kernel). Paths are those of the caller's view.

use super::errno::SysResult;
use super::kernel::Kernel;
use super::nsproxy::{CloneFlags, NsFd};
use super::task::TaskId;
use super::vfs::{DirEntry, Stat, Timespec};

pub trait Syscalls {
    /// How a process is named: a [`TaskId`] in the model, a real process
    /// handle in the native backend.
    type Proc: Copy + Eq + std::fmt::Debug;
    /// An open /proc/PID/ns/* file.
    type NsFile;

    /// fork(2).
    fn fork(&mut self, caller: Self::Proc) -> SysResult<Self::Proc>;
    /// clone(2) with CLONE_NEW* flags and SIGCHLD as exit signal.
    fn kernel_clone(&mut self, caller: Self::Proc, flags: CloneFlags) -> SysResult<Self::Proc>;
    /// unshare(2).
    fn unshare(&mut self, caller: Self::Proc, flags: CloneFlags) -> SysResult<()>;
    /// open(2) of a /proc/PID/ns/* file.
    fn open_ns(&mut self, caller: Self::Proc, path: &str) -> SysResult<Self::NsFile>;
    /// setns(2).
    fn setns(&mut self, caller: Self::Proc, fd: &Self::NsFile, nstype: CloneFlags)
    -> SysResult<()>;
    /// close(2) of a namespace file.
    fn close_ns(&mut self, fd: Self::NsFile);
    /// execve(2) (the comm and credential effects).
    fn execve(&mut self, caller: Self::Proc, path: &str) -> SysResult<()>;
    /// execve(2) with an argument vector (/proc/PID/cmdline).
    fn execve_argv(&mut self, caller: Self::Proc, path: &str, argv: Vec<String>) -> SysResult<()>;
    /// exit_group(2).
    fn exit(&mut self, caller: Self::Proc, code: i32) -> SysResult<()>;
    /// setsid(2): the new session id.
    fn setsid(&mut self, caller: Self::Proc) -> SysResult<i32>;
    /// setpgid(2), getpgid(2), getsid(2).
    fn setpgid(&mut self, caller: Self::Proc, pid: i32, pgid: i32) -> SysResult<()>;
    fn getpgid(&mut self, caller: Self::Proc, pid: i32) -> SysResult<i32>;
    fn getsid(&mut self, caller: Self::Proc, pid: i32) -> SysResult<i32>;
    /// tcgetpgrp(3), tcsetpgrp(3) (ioctl TIOCGPGRP, TIOCSPGRP).
    fn tcgetpgrp(&mut self, caller: Self::Proc, fd: i32) -> SysResult<i32>;
    fn tcsetpgrp(&mut self, caller: Self::Proc, fd: i32, pgrp: i32) -> SysResult<()>;
    /// pipe2(2): (read end, write end).
    fn pipe2(&mut self, caller: Self::Proc, flags: u32) -> SysResult<(i32, i32)>;
    /// wait4(2); `Ok(None)` where the real call would block or WNOHANG
    /// finds nothing.
    fn wait4(
        &mut self,
        caller: Self::Proc,
        pid: i32,
        options: i32,
    ) -> SysResult<Option<(i32, i32)>>;
    /// kill(2).
    fn kill(&mut self, caller: Self::Proc, pid: i32, sig: i32) -> SysResult<()>;
    /// getpid(2), getppid(2), getuid(2), getgid(2).
    fn getpid(&mut self, caller: Self::Proc) -> SysResult<i32>;
    fn getppid(&mut self, caller: Self::Proc) -> SysResult<i32>;
    fn getuid(&mut self, caller: Self::Proc) -> SysResult<u32>;
    fn getgid(&mut self, caller: Self::Proc) -> SysResult<u32>;
    /// setuid(2), setgid(2).
    fn setuid(&mut self, caller: Self::Proc, uid: u32) -> SysResult<()>;
    fn setgid(&mut self, caller: Self::Proc, gid: u32) -> SysResult<()>;
    /// sethostname(2).
    fn sethostname(&mut self, caller: Self::Proc, name: &[u8]) -> SysResult<()>;
    /// open + read(2) of a whole file.
    fn read_file(&mut self, caller: Self::Proc, path: &str) -> SysResult<String>;
    /// open + one write(2) at offset 0.
    fn write_file(&mut self, caller: Self::Proc, path: &str, buf: &[u8]) -> SysResult<usize>;
    /// readlink(2).
    fn readlink(&mut self, caller: Self::Proc, path: &str) -> SysResult<String>;

    // ---- files and mounts (flags and modes as Linux x86-64 numbers them,
    // see `vfs::O_*`, `vfs::MS_*`, `vfs::MNT_*`) ---------------------------

    /// openat(2) with `AT_FDCWD` or a directory descriptor.
    fn openat(
        &mut self,
        caller: Self::Proc,
        dirfd: i32,
        path: &str,
        flags: u32,
        mode: u32,
    ) -> SysResult<i32>;
    /// read(2) of at most `count` bytes.
    fn read(&mut self, caller: Self::Proc, fd: i32, count: usize) -> SysResult<Vec<u8>>;
    /// write(2).
    fn write(&mut self, caller: Self::Proc, fd: i32, buf: &[u8]) -> SysResult<usize>;
    /// close(2).
    fn close(&mut self, caller: Self::Proc, fd: i32) -> SysResult<()>;
    /// dup2(2).
    fn dup2(&mut self, caller: Self::Proc, oldfd: i32, newfd: i32) -> SysResult<i32>;
    /// getdents64(2): every entry (with "." and "..").
    fn getdents(&mut self, caller: Self::Proc, fd: i32) -> SysResult<Vec<DirEntry>>;
    /// stat(2), lstat(2), fstat(2); ids as the caller's user namespace sees them.
    fn stat(&mut self, caller: Self::Proc, path: &str) -> SysResult<Stat>;
    fn lstat(&mut self, caller: Self::Proc, path: &str) -> SysResult<Stat>;
    fn fstat(&mut self, caller: Self::Proc, fd: i32) -> SysResult<Stat>;
    /// mkdir(2), rmdir(2), unlink(2), rename(2), symlink(2), link(2).
    fn mkdir(&mut self, caller: Self::Proc, path: &str, mode: u32) -> SysResult<()>;
    fn rmdir(&mut self, caller: Self::Proc, path: &str) -> SysResult<()>;
    fn unlink(&mut self, caller: Self::Proc, path: &str) -> SysResult<()>;
    fn rename(&mut self, caller: Self::Proc, oldpath: &str, newpath: &str) -> SysResult<()>;
    fn symlink(&mut self, caller: Self::Proc, target: &str, linkpath: &str) -> SysResult<()>;
    fn link(&mut self, caller: Self::Proc, oldpath: &str, newpath: &str) -> SysResult<()>;
    /// chmod(2); chown(2) with ids of the caller's user namespace
    /// (`u32::MAX` leaves one unchanged).
    fn chmod(&mut self, caller: Self::Proc, path: &str, mode: u32) -> SysResult<()>;
    fn chown(&mut self, caller: Self::Proc, path: &str, uid: u32, gid: u32) -> SysResult<()>;
    /// utimensat(2): (atime, mtime) of `path` relative to `dirfd`, or now
    /// when `times` is `None`.
    fn utimensat(
        &mut self,
        caller: Self::Proc,
        dirfd: i32,
        path: &str,
        times: Option<(Timespec, Timespec)>,
        flags: u32,
    ) -> SysResult<()>;
    /// chdir(2), the getcwd syscall, chroot(2).
    fn chdir(&mut self, caller: Self::Proc, path: &str) -> SysResult<()>;
    fn getcwd(&mut self, caller: Self::Proc) -> SysResult<String>;
    fn chroot(&mut self, caller: Self::Proc, path: &str) -> SysResult<()>;
    /// mount(2), umount2(2), pivot_root(2).
    fn mount(
        &mut self,
        caller: Self::Proc,
        source: &str,
        target: &str,
        fstype: &str,
        flags: u64,
        data: &str,
    ) -> SysResult<()>;
    fn umount2(&mut self, caller: Self::Proc, target: &str, flags: u32) -> SysResult<()>;
    fn pivot_root(&mut self, caller: Self::Proc, new_root: &str, put_old: &str) -> SysResult<()>;
    /// umask(2): returns the previous mask.
    fn umask(&mut self, caller: Self::Proc, mask: u32) -> SysResult<u32>;
}

impl Syscalls for Kernel {
    type Proc = TaskId;
    type NsFile = NsFd;

    fn fork(&mut self, caller: TaskId) -> SysResult<TaskId> {
        Kernel::fork(self, caller)
    }
    fn kernel_clone(&mut self, caller: TaskId, flags: CloneFlags) -> SysResult<TaskId> {
        Kernel::kernel_clone(self, caller, flags)
    }
    fn unshare(&mut self, caller: TaskId, flags: CloneFlags) -> SysResult<()> {
        Kernel::unshare(self, caller, flags)
    }
    fn open_ns(&mut self, caller: TaskId, path: &str) -> SysResult<NsFd> {
        Kernel::open_ns(self, caller, path)
    }
    fn setns(&mut self, caller: TaskId, fd: &NsFd, nstype: CloneFlags) -> SysResult<()> {
        Kernel::setns(self, caller, fd, nstype)
    }
    fn close_ns(&mut self, fd: NsFd) {
        Kernel::close_ns(self, fd)
    }
    fn execve(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        Kernel::execve(self, caller, path)
    }
    fn execve_argv(&mut self, caller: TaskId, path: &str, argv: Vec<String>) -> SysResult<()> {
        Kernel::execve_argv(self, caller, path, argv)
    }
    fn exit(&mut self, caller: TaskId, code: i32) -> SysResult<()> {
        Kernel::exit(self, caller, code)
    }
    fn setsid(&mut self, caller: TaskId) -> SysResult<i32> {
        Kernel::setsid(self, caller)
    }
    fn setpgid(&mut self, caller: TaskId, pid: i32, pgid: i32) -> SysResult<()> {
        Kernel::setpgid(self, caller, pid, pgid)
    }
    fn getpgid(&mut self, caller: TaskId, pid: i32) -> SysResult<i32> {
        Kernel::getpgid(self, caller, pid)
    }
    fn getsid(&mut self, caller: TaskId, pid: i32) -> SysResult<i32> {
        Kernel::getsid(self, caller, pid)
    }
    fn tcgetpgrp(&mut self, caller: TaskId, fd: i32) -> SysResult<i32> {
        Kernel::tcgetpgrp(self, caller, fd)
    }
    fn tcsetpgrp(&mut self, caller: TaskId, fd: i32, pgrp: i32) -> SysResult<()> {
        Kernel::tcsetpgrp(self, caller, fd, pgrp)
    }
    fn pipe2(&mut self, caller: TaskId, flags: u32) -> SysResult<(i32, i32)> {
        Kernel::pipe2(self, caller, flags)
    }
    fn wait4(&mut self, caller: TaskId, pid: i32, options: i32) -> SysResult<Option<(i32, i32)>> {
        Kernel::wait4(self, caller, pid, options)
    }
    fn kill(&mut self, caller: TaskId, pid: i32, sig: i32) -> SysResult<()> {
        Kernel::kill(self, caller, pid, sig)
    }
    fn getpid(&mut self, caller: TaskId) -> SysResult<i32> {
        Kernel::getpid(self, caller)
    }
    fn getppid(&mut self, caller: TaskId) -> SysResult<i32> {
        Kernel::getppid(self, caller)
    }
    fn getuid(&mut self, caller: TaskId) -> SysResult<u32> {
        Kernel::getuid(self, caller)
    }
    fn getgid(&mut self, caller: TaskId) -> SysResult<u32> {
        Kernel::getgid(self, caller)
    }
    fn setuid(&mut self, caller: TaskId, uid: u32) -> SysResult<()> {
        Kernel::setuid(self, caller, uid)
    }
    fn setgid(&mut self, caller: TaskId, gid: u32) -> SysResult<()> {
        Kernel::setgid(self, caller, gid)
    }
    fn sethostname(&mut self, caller: TaskId, name: &[u8]) -> SysResult<()> {
        Kernel::sethostname(self, caller, name)
    }
    fn read_file(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        Kernel::read_file(self, caller, path)
    }
    fn write_file(&mut self, caller: TaskId, path: &str, buf: &[u8]) -> SysResult<usize> {
        Kernel::write_file(self, caller, path, buf)
    }
    fn readlink(&mut self, caller: TaskId, path: &str) -> SysResult<String> {
        Kernel::readlink(self, caller, path)
    }
    fn openat(
        &mut self,
        caller: TaskId,
        dirfd: i32,
        path: &str,
        flags: u32,
        mode: u32,
    ) -> SysResult<i32> {
        Kernel::openat(self, caller, dirfd, path, flags, mode)
    }
    fn read(&mut self, caller: TaskId, fd: i32, count: usize) -> SysResult<Vec<u8>> {
        Kernel::read(self, caller, fd, count)
    }
    fn write(&mut self, caller: TaskId, fd: i32, buf: &[u8]) -> SysResult<usize> {
        Kernel::write(self, caller, fd, buf)
    }
    fn close(&mut self, caller: TaskId, fd: i32) -> SysResult<()> {
        Kernel::close(self, caller, fd)
    }
    fn dup2(&mut self, caller: TaskId, oldfd: i32, newfd: i32) -> SysResult<i32> {
        Kernel::dup2(self, caller, oldfd, newfd)
    }
    fn getdents(&mut self, caller: TaskId, fd: i32) -> SysResult<Vec<DirEntry>> {
        Kernel::getdents(self, caller, fd)
    }
    fn stat(&mut self, caller: TaskId, path: &str) -> SysResult<Stat> {
        Kernel::stat(self, caller, path)
    }
    fn lstat(&mut self, caller: TaskId, path: &str) -> SysResult<Stat> {
        Kernel::lstat(self, caller, path)
    }
    fn fstat(&mut self, caller: TaskId, fd: i32) -> SysResult<Stat> {
        Kernel::fstat(self, caller, fd)
    }
    fn mkdir(&mut self, caller: TaskId, path: &str, mode: u32) -> SysResult<()> {
        Kernel::mkdir(self, caller, path, mode)
    }
    fn rmdir(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        Kernel::rmdir(self, caller, path)
    }
    fn unlink(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        Kernel::unlink(self, caller, path)
    }
    fn rename(&mut self, caller: TaskId, oldpath: &str, newpath: &str) -> SysResult<()> {
        Kernel::rename(self, caller, oldpath, newpath)
    }
    fn symlink(&mut self, caller: TaskId, target: &str, linkpath: &str) -> SysResult<()> {
        Kernel::symlink(self, caller, target, linkpath)
    }
    fn link(&mut self, caller: TaskId, oldpath: &str, newpath: &str) -> SysResult<()> {
        Kernel::link(self, caller, oldpath, newpath)
    }
    fn chmod(&mut self, caller: TaskId, path: &str, mode: u32) -> SysResult<()> {
        Kernel::chmod(self, caller, path, mode)
    }
    fn chown(&mut self, caller: TaskId, path: &str, uid: u32, gid: u32) -> SysResult<()> {
        Kernel::chown(self, caller, path, uid, gid)
    }
    fn utimensat(
        &mut self,
        caller: TaskId,
        dirfd: i32,
        path: &str,
        times: Option<(Timespec, Timespec)>,
        flags: u32,
    ) -> SysResult<()> {
        Kernel::utimensat(self, caller, dirfd, path, times, flags)
    }
    fn chdir(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        Kernel::chdir(self, caller, path)
    }
    fn getcwd(&mut self, caller: TaskId) -> SysResult<String> {
        Kernel::getcwd(self, caller)
    }
    fn chroot(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        Kernel::chroot(self, caller, path)
    }
    fn mount(
        &mut self,
        caller: TaskId,
        source: &str,
        target: &str,
        fstype: &str,
        flags: u64,
        data: &str,
    ) -> SysResult<()> {
        Kernel::mount(self, caller, source, target, fstype, flags, data)
    }
    fn umount2(&mut self, caller: TaskId, target: &str, flags: u32) -> SysResult<()> {
        Kernel::umount2(self, caller, target, flags)
    }
    fn pivot_root(&mut self, caller: TaskId, new_root: &str, put_old: &str) -> SysResult<()> {
        Kernel::pivot_root(self, caller, new_root, put_old)
    }
    fn umask(&mut self, caller: TaskId, mask: u32) -> SysResult<u32> {
        Kernel::umask(self, caller, mask)
    }
}
