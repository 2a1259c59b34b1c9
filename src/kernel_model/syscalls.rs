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
    /// exit_group(2).
    fn exit(&mut self, caller: Self::Proc, code: i32) -> SysResult<()>;
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
    fn exit(&mut self, caller: TaskId, code: i32) -> SysResult<()> {
        Kernel::exit(self, caller, code)
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
}
