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

/// One row of /proc/sysvipc/msg, the numbers as printed (ids in the
/// reader's user namespace, times in seconds since the epoch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgRow {
    /// `%10d`: the key is an int, so keys above 2³¹ print negative.
    pub key: i32,
    pub msqid: i32,
    pub perms: u32,
    pub cbytes: u64,
    pub qnum: u64,
    pub lspid: u32,
    pub lrpid: u32,
    pub uid: u32,
    pub gid: u32,
    pub cuid: u32,
    pub cgid: u32,
    pub stime: u64,
    pub rtime: u64,
    pub ctime: u64,
}

fn msg_row(i: &str) -> nom::IResult<&str, MsgRow> {
    use nom::Parser;
    use nom::character::complete::{char, i32 as int, oct_digit1, space0, space1, u32, u64};
    use nom::combinator::map_res;
    let (i, (_, key, _, msqid, _, perms, _, cbytes, _, qnum)) = (
        space0,
        int,
        space1,
        int,
        space1,
        map_res(oct_digit1, |s| u32::from_str_radix(s, 8)),
        space1,
        u64,
        space1,
        u64,
    )
        .parse(i)?;
    let (i, (_, lspid, _, lrpid, _, uid, _, gid, _, cuid, _, cgid)) = (
        space1, u32, space1, u32, space1, u32, space1, u32, space1, u32, space1, u32,
    )
        .parse(i)?;
    let (i, (_, stime, _, rtime, _, ctime, _)) =
        (space1, u64, space1, u64, space1, u64, char('\n')).parse(i)?;
    Ok((
        i,
        MsgRow {
            key,
            msqid,
            perms,
            cbytes,
            qnum,
            lspid,
            lrpid,
            uid,
            gid,
            cuid,
            cgid,
            stime,
            rtime,
            ctime,
        },
    ))
}

/// Parses /proc/sysvipc/msg (the model's or a real kernel's): the header
/// line, then one row per queue.
pub fn parse_sysvipc_msg(text: &str) -> Option<Vec<MsgRow>> {
    use nom::Parser;
    use nom::bytes::complete::tag;
    use nom::combinator::all_consuming;
    use nom::multi::many0;
    let (_, (_, rows)) = all_consuming((tag(MSG_HEADER), many0(msg_row)))
        .parse(text)
        .ok()?;
    Some(rows)
}
