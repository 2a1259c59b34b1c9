//! /proc/PID/status (proc(5); `proc_pid_status()` in fs/proc/array.c).
//!
//! The model renders, byte for byte as Linux 6.18 does, every line it has
//! the state for, in the kernel's order: Name, Umask (not for zombies),
//! State, Tgid, Ngid, Pid, PPid, TracerPid, Uid, Gid, Groups, NStgid,
//! NSpid, NSpgid, NSsid, Kthread, Threads, SigPnd, ShdPnd, SigBlk, SigIgn,
//! SigCgt, CapInh, CapPrm, CapEff, CapBnd, CapAmb, NoNewPrivs, Seccomp,
//! Seccomp_filters. Lines about things the model does not have yet (FDSize,
//! Vm*, Rss*, SigQ, Speculation*, Cpus_allowed*, Mems_allowed*,
//! *ctxt_switches, …) are left out; the parser ignores unknown lines so it
//! reads a real kernel's file too.
//!
//! Which numbers appear depends on two namespaces: pids are those of the
//! /proc mount's PID namespace (NSpid lists the levels from that namespace
//! down), ids those of the reader's user namespace (`seq_user_ns()`).

use std::collections::BTreeMap;

use nom::{
    IResult, Parser,
    bytes::complete::{take_till, take_while1},
    character::complete::char,
    combinator::all_consuming,
    multi::many0,
    sequence::terminated,
};

/// Everything a status file says, as text fields are parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStatus {
    pub name: String,
    /// The state letter: R, S, T, Z…
    pub state: char,
    pub tgid: i32,
    pub pid: i32,
    pub ppid: i32,
    /// Real, effective, saved, filesystem.
    pub uid: [u32; 4],
    pub gid: [u32; 4],
    pub groups: Vec<u32>,
    pub nstgid: Vec<i32>,
    pub nspid: Vec<i32>,
    pub nspgid: Vec<i32>,
    pub nssid: Vec<i32>,
    pub cap_inh: u64,
    pub cap_prm: u64,
    pub cap_eff: u64,
    pub cap_bnd: u64,
    pub cap_amb: u64,
    pub sig_ign: u64,
    pub sig_cgt: u64,
    /// Every line, key → raw value (after the tab).
    pub fields: BTreeMap<String, String>,
}

/// `seq_escape_str(m, comm, ESCAPE_SPACE | ESCAPE_SPECIAL, "\n\\")` as
/// proc_task_name() uses for Name: `\n` `\t` `\\` and friends escaped.
pub fn escape_comm(comm: &str) -> String {
    let mut s = String::new();
    for c in comm.chars() {
        match c {
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\\' => s.push_str("\\\\"),
            '\r' => s.push_str("\\r"),
            '\x0b' => s.push_str("\\v"),
            '\x0c' => s.push_str("\\f"),
            '\x07' => s.push_str("\\a"),
            '\x1b' => s.push_str("\\e"),
            '"' => s.push_str("\\\""),
            c => s.push(c),
        }
    }
    s
}

/// What the renderer needs, already translated into the viewer's numbers.
pub struct StatusInput<'a> {
    pub comm: &'a str,
    /// None for a zombie (no fs_struct, so no Umask line).
    pub umask: Option<u32>,
    /// e.g. "R (running)".
    pub state: &'a str,
    pub pid: i32,
    pub ppid: i32,
    pub uid: [u32; 4],
    pub gid: [u32; 4],
    pub groups: Vec<u32>,
    pub nspid: Vec<i32>,
    pub nspgid: Vec<i32>,
    pub nssid: Vec<i32>,
    pub shd_pnd: u64,
    pub sig_ign: u64,
    pub sig_cgt: u64,
    pub caps: [u64; 5],
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join("\t")
}

pub fn render_status(i: &StatusInput<'_>) -> String {
    let mut s = String::with_capacity(640);
    s.push_str(&format!("Name:\t{}\n", escape_comm(i.comm)));
    if let Some(u) = i.umask {
        s.push_str(&format!("Umask:\t{u:04o}\n"));
    }
    s.push_str(&format!("State:\t{}\n", i.state));
    s.push_str(&format!(
        "Tgid:\t{}\nNgid:\t0\nPid:\t{}\nPPid:\t{}\nTracerPid:\t0\n",
        i.pid, i.pid, i.ppid
    ));
    s.push_str(&format!(
        "Uid:\t{}\t{}\t{}\t{}\n",
        i.uid[0], i.uid[1], i.uid[2], i.uid[3]
    ));
    s.push_str(&format!(
        "Gid:\t{}\t{}\t{}\t{}\n",
        i.gid[0], i.gid[1], i.gid[2], i.gid[3]
    ));
    // "Trailing space shouldn't have been added in the first place."
    s.push_str(&format!(
        "Groups:\t{} \n",
        i.groups
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    ));
    s.push_str(&format!("NStgid:\t{}\n", list(&i.nspid)));
    s.push_str(&format!("NSpid:\t{}\n", list(&i.nspid)));
    s.push_str(&format!("NSpgid:\t{}\n", list(&i.nspgid)));
    s.push_str(&format!("NSsid:\t{}\n", list(&i.nssid)));
    s.push_str("Kthread:\t0\nThreads:\t1\n");
    s.push_str(&format!(
        "SigPnd:\t0000000000000000\nShdPnd:\t{:016x}\nSigBlk:\t0000000000000000\n",
        i.shd_pnd
    ));
    s.push_str(&format!(
        "SigIgn:\t{:016x}\nSigCgt:\t{:016x}\n",
        i.sig_ign, i.sig_cgt
    ));
    let [inh, prm, eff, bnd, amb] = i.caps;
    s.push_str(&format!(
        "CapInh:\t{inh:016x}\nCapPrm:\t{prm:016x}\nCapEff:\t{eff:016x}\nCapBnd:\t{bnd:016x}\nCapAmb:\t{amb:016x}\n"
    ));
    s.push_str("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
    s
}

fn field_line(i: &str) -> IResult<&str, (&str, &str)> {
    terminated(
        (
            take_while1(|c| c != ':' && c != '\n'),
            char(':'),
            take_till(|c| c == '\n'),
        ),
        char('\n'),
    )
    .map(|(k, _, v): (&str, char, &str)| (k, v.strip_prefix('\t').unwrap_or(v)))
    .parse(i)
}

fn nums<T: std::str::FromStr>(v: &str) -> Option<Vec<T>> {
    v.split_whitespace().map(|x| x.parse().ok()).collect()
}

/// Parses a status file (the model's or a real kernel's).
pub fn parse_status(text: &str) -> Option<ProcStatus> {
    let (_, lines) = all_consuming(many0(field_line)).parse(text).ok()?;
    let fields: BTreeMap<String, String> = lines
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let get = |k: &str| fields.get(k).map(String::as_str);
    let num = |k: &str| get(k).and_then(|v| v.trim().parse::<i32>().ok());
    let hex = |k: &str| get(k).and_then(|v| u64::from_str_radix(v.trim(), 16).ok());
    let four = |k: &str| -> Option<[u32; 4]> {
        let v: Vec<u32> = nums(get(k)?)?;
        v.try_into().ok()
    };
    Some(ProcStatus {
        name: get("Name")?.to_owned(),
        state: get("State")?.chars().next()?,
        tgid: num("Tgid")?,
        pid: num("Pid")?,
        ppid: num("PPid")?,
        uid: four("Uid")?,
        gid: four("Gid")?,
        groups: nums(get("Groups")?)?,
        nstgid: nums(get("NStgid")?)?,
        nspid: nums(get("NSpid")?)?,
        nspgid: nums(get("NSpgid").unwrap_or(""))?,
        nssid: nums(get("NSsid").unwrap_or(""))?,
        cap_inh: hex("CapInh")?,
        cap_prm: hex("CapPrm")?,
        cap_eff: hex("CapEff")?,
        cap_bnd: hex("CapBnd")?,
        cap_amb: hex("CapAmb").unwrap_or(0),
        sig_ign: hex("SigIgn")?,
        sig_cgt: hex("SigCgt")?,
        fields,
    })
}
