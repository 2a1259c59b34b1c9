//! execve(2): a new program image. The model has no files yet, so any
//! non-empty path "exists"; what matters here is what exec changes in the
//! task: its comm, its signal handlers and its capabilities.

use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::{TaskId, comm_from_path};

impl Kernel {
    /// execve(2). ENOENT for an empty path. Effects:
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
        self.tick();
        self.caller(caller)?;
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
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
        t.sighand.exec();
        // do_close_on_exec().
        let mut files = std::mem::take(&mut t.files);
        self.vfs.close_on_exec(&mut files);
        self.task_mut(caller).files = files;
        self.sync_proc_refs();
        Ok(())
    }
}
