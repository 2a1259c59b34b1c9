//! execve(2): a new program image. The file must exist in the caller's
//! view (its root, so a chroot sees its own /usr/bin) and be an executable
//! regular file; the model does not load it (its contents do not matter),
//! what matters is what exec changes in the task: its comm, argv, signal
//! handlers and capabilities.

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::{TaskId, comm_from_path};
use super::vfs::{AT_FDCWD, MAY_EXEC};

impl Kernel {
    /// execve(2) with `argv = [path]`; see [`Kernel::execve_argv`]. Effects:
    /// - comm becomes the last path component, cut to 15 bytes (proc(5));
    /// - caught signals go back to default, ignored ones stay ignored;
    /// - capabilities are recomputed as for a file without file
    ///   capabilities (capabilities(7), "Transformation of capabilities
    ///   during execve()", and "Capabilities and execution of programs by
    ///   root"): if the real or effective uid is 0 *in the task's user
    ///   namespace*, P'(permitted) = P(inheritable) | P(bounding), and
    ///   P'(effective) = P'(permitted) if the effective uid is 0; otherwise
    ///   both become the ambient set (empty in the model). This is why
    ///   `unshare -U` followed by exec of a program as unmapped uid 65534
    ///   shows `CapEff: 0000000000000000`.
    pub fn execve(&mut self, caller: TaskId, path: &str) -> SysResult<()> {
        self.execve_argv(caller, path, vec![path.to_owned()])
    }

    /// execve(2) with an argument vector (what /proc/PID/cmdline then
    /// shows). Errors as `do_open_execat()` gives them: ENOENT for an empty
    /// or missing path (resolved from the caller's root and cwd, following
    /// symlinks), ENOTDIR/ELOOP/EACCES from the walk, EACCES for a
    /// directory or other non-regular file, a file on a noexec mount, or a
    /// file the caller may not execute (no x bit at all, even for root).
    pub fn execve_argv(&mut self, caller: TaskId, path: &str, argv: Vec<String>) -> SysResult<()> {
        let exe = self.with_vfs("execve", caller, |v, ctx, fs, files| {
            let p = v.path_lookup(ctx, fs, files, AT_FDCWD, path, true)?;
            let ino = v.dentry(p.dentry).inode;
            if !v.inode(ino).is_reg() || v.mnt(p.mnt).noexec {
                return Err(Errno::EACCES);
            }
            v.inode_permission(ctx, ino, MAY_EXEC)?;
            Ok(v.path_from(p, fs.root).0)
        })?;
        let cred = &self.task(caller).cred;
        let root = self.make_kuid(cred.user_ns, 0);
        let is_real_root = root == Some(cred.uid);
        let is_eff_root = root == Some(cred.euid);
        let mut new = cred.clone();
        if is_real_root || is_eff_root {
            new.cap_permitted = cred.cap_bset.union(cred.cap_inheritable);
        } else {
            // No file capabilities: P'(permitted) = P'(ambient).
            new.cap_permitted = cred.cap_ambient;
        }
        new.cap_effective = if is_eff_root {
            new.cap_permitted
        } else {
            cred.cap_ambient
        };
        let t = self.task_mut(caller);
        t.cred = new;
        t.comm = comm_from_path(path);
        t.argv = argv;
        t.exe = exe;
        t.did_exec = true;
        t.sighand.exec();
        // do_close_on_exec().
        let mut files = std::mem::take(&mut t.files);
        self.vfs.close_on_exec(&mut files);
        self.task_mut(caller).files = files;
        self.sync_proc_refs();
        Ok(())
    }
}
