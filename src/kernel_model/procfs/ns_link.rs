//! The /proc/PID/ns/* symlinks (namespaces(7), "The /proc/PID/ns/
//! directory"): the link text is `TYPE:[INODE]`, e.g. `pid:[4026531836]`.

use nom::{
    IResult, Parser,
    bytes::complete::{tag, take_while1},
    character::complete::u32 as nom_u32,
    combinator::{all_consuming, map_opt},
    sequence::delimited,
};

use crate::kernel_model::ns_common::{NsId, NsType};

/// The entries of /proc/PID/ns in the kernel's order (`ns_entries[]` in
/// fs/proc/namespaces.c); `ls` sorts them.
pub const NS_ENTRIES: [&str; 10] = [
    "net",
    "uts",
    "ipc",
    "pid",
    "pid_for_children",
    "user",
    "mnt",
    "cgroup",
    "time",
    "time_for_children",
];

/// `ns_dname()`: `"{type}:[{inum}]"`.
pub fn render_ns_link(t: NsType, ns: NsId) -> String {
    format!("{}:[{}]", t.proc_name(), ns.0)
}

fn ns_link(i: &str) -> IResult<&str, (NsType, NsId)> {
    let ty = map_opt(
        take_while1(|c: char| c.is_ascii_lowercase()),
        NsType::from_proc_name,
    );
    (ty, delimited(tag(":["), nom_u32, tag("]")))
        .map(|(t, n)| (t, NsId(n)))
        .parse(i)
}

/// Parses the text of a namespace link.
pub fn parse_ns_link(s: &str) -> Option<(NsType, NsId)> {
    all_consuming(ns_link).parse(s).ok().map(|(_, v)| v)
}
