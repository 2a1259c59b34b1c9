//! /proc/sysvipc/msg (proc(5)), as `ipcs -q` reads it: the message queues of
//! the reader's IPC namespace (`sysvipc_msg_proc_show()` format).

use crate::kernel_model::ipc_namespace::IpcNamespace;

pub const MSG_HEADER: &str = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n";

/// `uid_of`/`gid_of` map kernel ids into the reader's user namespace.
pub fn render_sysvipc_msg(
    ns: &IpcNamespace,
    uid_of: impl Fn(u32) -> u32,
    gid_of: impl Fn(u32) -> u32,
) -> String {
    let mut s = String::from(MSG_HEADER);
    for q in ns.msg_queues.values() {
        let (u, g) = (uid_of(q.cuid), gid_of(q.cgid));
        s.push_str(&format!(
            "{:>10} {:>10}  {:>4o}  {:>10} {:>10} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>10} {:>10} {:>10}\n",
            q.key, q.id, q.mode, 0, 0, 0, 0, u, g, u, g, 0, 0, q.ctime
        ));
    }
    s
}
