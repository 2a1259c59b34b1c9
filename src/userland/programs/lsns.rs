//! `lsns` (util-linux 2.38.1, sys-utils/lsns.c) with libsmartcols' table
//! layout.
//!
//! For each process of /proc (readdir order), `read_process()` reads
//! /proc/PID/stat (pid, state, ppid), the owner of /proc/PID, and the
//! inode of each /proc/PID/ns/TYPE in the order mnt, net, pid, uts, ipc,
//! user, cgroup, time. A namespace's line shows the number of processes
//! in it and its lowest pid, with that process's owner and command line
//! (/proc/PID/cmdline with NULs as spaces, else /proc/PID/comm:
//! `pid_get_cmdline()`, `pid_get_cmdname()`). Lines are sorted by inode.
//! By default the COMMAND column is a tree (`LSNS_TREE_PROCESS`): a line
//! hangs under the last line shown for the parent process of its process,
//! drawn with libsmartcols' ASCII symbols in the C locale (`|-`, `` `- ``,
//! `| `). Column widths are the widest cell or header; NS, NPROCS, PID,
//! PPID, UID are right-aligned; the last column is not padded. On a
//! terminal a too wide table has its COMMAND column (SCOLS_FL_TRUNC) cut
//! to the terminal width (checked with a pseudo-terminal of 80 columns).
//!
//! The model's stat(2) on a /proc/PID/ns link shows the link, not the
//! nsfs inode (see procfs), so the inode is read from the link's text
//! `type:[INODE]` — the same number. NETNSID is always "unassigned"
//! (the model has no `ip netns set`) and NSFS empty (no nsfs mounts).
//! `-r` prints libsmartcols' raw format (the tree art stays).
//! Not supported: `-J`, `-T`, `--output-all`, a NAMESPACE argument,
//! the PNS and ONS columns.

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};
use super::smartcols::{self, Column, Line};

const NS_NAMES: [&str; 8] = ["mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"];

const SPECS: &[OptSpec] = &[
    ("J|json", Has::No),
    ("l|list", Has::No),
    ("n|noheadings", Has::No),
    ("o|output", Has::Req),
    ("|output-all", Has::No),
    ("p|task", Has::Req),
    ("r|raw", Has::No),
    ("u|notruncate", Has::No),
    ("t|type", Has::Req),
    ("W|nowrap", Has::No),
    ("T|tree", Has::No),
    ("h|help", Has::No),
    ("V|version", Has::No),
];

const CMD: Cmd = Cmd {
    name: "lsns",
    opts: SPECS,
    usage_status: 1,
    usage_line: "",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Ns,
    Type,
    Path,
    Nprocs,
    Pid,
    Ppid,
    Command,
    Uid,
    User,
    Netnsid,
    Nsfs,
}

impl Col {
    fn parse(name: &str) -> Option<Col> {
        Some(match name.to_ascii_uppercase().as_str() {
            "NS" => Col::Ns,
            "TYPE" => Col::Type,
            "PATH" => Col::Path,
            "NPROCS" => Col::Nprocs,
            "PID" => Col::Pid,
            "PPID" => Col::Ppid,
            "COMMAND" => Col::Command,
            "UID" => Col::Uid,
            "USER" => Col::User,
            "NETNSID" => Col::Netnsid,
            "NSFS" => Col::Nsfs,
            _ => return None,
        })
    }

    fn header(self) -> &'static str {
        match self {
            Col::Ns => "NS",
            Col::Type => "TYPE",
            Col::Path => "PATH",
            Col::Nprocs => "NPROCS",
            Col::Pid => "PID",
            Col::Ppid => "PPID",
            Col::Command => "COMMAND",
            Col::Uid => "UID",
            Col::User => "USER",
            Col::Netnsid => "NETNSID",
            Col::Nsfs => "NSFS",
        }
    }

    /// `infos[]`: width hint and flags.
    fn column(self, tree: bool, notrunc: bool) -> Column {
        let (hint, right) = match self {
            Col::Ns => (10.0, true),
            Col::Type => (5.0, false),
            Col::Nprocs | Col::Pid | Col::Ppid => (5.0, true),
            Col::Uid | Col::Netnsid => (0.0, true),
            _ => (0.0, false),
        };
        Column {
            header: self.header(),
            hint,
            right,
            trunc: self == Col::Command && !notrunc,
            tree: self == Col::Command && tree,
            noextremes: false,
        }
    }
}

struct Process {
    pid: i32,
    ppid: i32,
    uid: u32,
    /// Inode per type (0: unreadable).
    ns: [u64; 8],
    /// Index of the parent in the process list.
    parent: Option<usize>,
    /// The last table line shown for this process.
    outline: Option<usize>,
}

struct Namespace {
    ty: usize,
    id: u64,
    procs: Vec<usize>,
    /// The lowest pid's process.
    proc_: usize,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let mut types = [false; 8];
    let mut ntypes = 0;
    let (mut noheadings, mut notrunc, mut list, mut raw) = (false, false, false, false);
    let mut fltr_pid = 0;
    let mut outarg: Option<String> = None;
    for (key, arg) in &parsed.opts {
        let arg = arg.clone().unwrap_or_default();
        match *key {
            "l" => list = true,
            "n" => noheadings = true,
            "u" => notrunc = true,
            "r" => raw = true,
            "W" => {}
            "o" => outarg = Some(arg),
            "p" => match arg.trim().parse::<i32>() {
                Ok(v) => fltr_pid = v,
                Err(_) => {
                    p.stderr(&format!("lsns: invalid PID argument: '{arg}'\n"));
                    return 1;
                }
            },
            "t" => match NS_NAMES.iter().position(|n| *n == arg) {
                Some(i) => {
                    types[i] = true;
                    ntypes += 1;
                }
                None => {
                    p.stderr(&format!("lsns: unknown namespace type: {arg}\n"));
                    return 1;
                }
            },
            "V" => {
                p.stdout("lsns from util-linux 2.38.1\n");
                return 0;
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    if !parsed.operands.is_empty() {
        p.stderr("ctlab: lsns: a namespace argument is not supported yet\n");
        return 1;
    }
    let is_net = types[1];
    if ntypes == 0 {
        types = [true; 8];
    }
    let mut cols = vec![Col::Ns, Col::Type, Col::Nprocs, Col::Pid, Col::User];
    if is_net {
        cols.extend([Col::Netnsid, Col::Nsfs]);
    }
    cols.push(Col::Command);
    let tree = !list;
    // string_add_to_idarray(): "+LIST" appends, "LIST" replaces.
    if let Some(o) = outarg {
        let (append, list) = match o.strip_prefix('+') {
            Some(rest) => (true, rest.to_string()),
            None => (false, o),
        };
        if !append {
            cols.clear();
        }
        for name in list.split(',') {
            match Col::parse(name) {
                Some(c) => cols.push(c),
                None => {
                    p.stderr(&format!("lsns: unknown column: {name}\n"));
                    return 1;
                }
            }
        }
    }

    let mut procs = read_processes(p, &types);
    link_parents(&mut procs);
    let namespaces = read_namespaces(&procs);
    let mut lines: Vec<Line> = Vec::new();
    for ns in &namespaces {
        if fltr_pid != 0 && !ns.procs.iter().any(|&i| procs[i].pid == fltr_pid) {
            continue;
        }
        let pr = &procs[ns.proc_];
        let parent = if tree {
            pr.parent.and_then(|pi| procs[pi].outline)
        } else {
            None
        };
        let mut cells = Vec::new();
        for &c in &cols {
            cells.push(match c {
                Col::Ns => ns.id.to_string(),
                Col::Type => NS_NAMES[ns.ty].to_string(),
                Col::Path => format!("/proc/{}/ns/{}", pr.pid, NS_NAMES[ns.ty]),
                Col::Nprocs => ns.procs.len().to_string(),
                Col::Pid => pr.pid.to_string(),
                Col::Ppid => pr.ppid.to_string(),
                Col::Command => command(p, pr.pid),
                Col::Uid => pr.uid.to_string(),
                Col::User => p.user_name(pr.uid).unwrap_or_else(|| pr.uid.to_string()),
                Col::Netnsid => {
                    if ns.ty == 1 {
                        "unassigned".into()
                    } else {
                        String::new()
                    }
                }
                Col::Nsfs => String::new(),
            });
        }
        lines.push(Line { cells, parent });
        let pi = ns.proc_;
        procs[pi].outline = Some(lines.len() - 1);
    }
    let columns: Vec<Column> = cols.iter().map(|c| c.column(tree, notrunc)).collect();
    let width = p.isatty(1).then(|| p.term_width());
    let out = if raw {
        smartcols::render_raw(&columns, &lines, noheadings)
    } else {
        smartcols::render(&columns, &lines, noheadings, width)
    };
    p.stdout(&out);
    0
}

fn read_processes(p: &mut Proc<'_>, types: &[bool; 8]) -> Vec<Process> {
    let mut procs = Vec::new();
    let Ok(names) = p.k.read_dir(p.task, "/proc") else {
        return procs;
    };
    for name in names {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(st) = p.k.stat(p.task, &format!("/proc/{name}")) else {
            continue;
        };
        let Ok(stat) = p.read_file(&format!("/proc/{name}/stat")) else {
            continue;
        };
        let Some((pid, ppid)) = parse_proc_stat(&String::from_utf8_lossy(&stat)) else {
            continue;
        };
        let mut ns = [0u64; 8];
        for (i, n) in NS_NAMES.iter().enumerate() {
            if !types[i] {
                continue;
            }
            if let Ok(l) = p.k.readlink(p.task, &format!("/proc/{name}/ns/{n}")) {
                ns[i] = l
                    .rsplit_once('[')
                    .and_then(|(_, r)| r.strip_suffix(']'))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
            }
        }
        procs.push(Process {
            pid,
            ppid,
            uid: st.uid,
            ns,
            parent: None,
            outline: None,
        });
    }
    procs
}

/// `parse_proc_stat()`: "PID (COMM) STATE PPID …".
fn parse_proc_stat(s: &str) -> Option<(i32, i32)> {
    let pid = s.split_once(" (")?.0.trim().parse().ok()?;
    let rest = &s[s.rfind(')')? + 1..];
    let mut f = rest.split_whitespace();
    let _state = f.next()?;
    let ppid = f.next()?.parse().ok()?;
    Some((pid, ppid))
}

/// `read_namespaces()` + `add_process_to_namespace()`, sorted by inode.
fn read_namespaces(procs: &[Process]) -> Vec<Namespace> {
    let mut nss: Vec<Namespace> = Vec::new();
    for (i, pr) in procs.iter().enumerate() {
        for ty in 0..8 {
            let id = pr.ns[ty];
            if id == 0 {
                continue;
            }
            let ns = match nss.iter().position(|n| n.id == id) {
                Some(x) => &mut nss[x],
                None => {
                    nss.push(Namespace {
                        ty,
                        id,
                        procs: Vec::new(),
                        proc_: i,
                    });
                    nss.last_mut().expect("pushed")
                }
            };
            ns.procs.push(i);
            if procs[ns.proc_].pid > pr.pid {
                ns.proc_ = i;
            }
        }
    }
    nss.sort_by_key(|n| n.id);
    nss
}

/// The parent links `add_process_to_namespace()` sets: the process whose
/// pid is this one's ppid.
fn link_parents(procs: &mut [Process]) {
    for i in 0..procs.len() {
        let ppid = procs[i].ppid;
        procs[i].parent = procs.iter().position(|x| x.pid == ppid);
    }
}

/// `pid_get_cmdline()` else `pid_get_cmdname()`: the file with NULs as
/// spaces and its last byte dropped.
fn command(p: &mut Proc<'_>, pid: i32) -> String {
    for f in ["cmdline", "comm"] {
        if let Ok(mut d) = p.read_file(&format!("/proc/{pid}/{f}")) {
            if d.is_empty() {
                continue;
            }
            d.truncate(8191.min(d.len()));
            for b in d.iter_mut() {
                if *b == 0 {
                    *b = b' ';
                }
            }
            d.pop();
            return String::from_utf8_lossy(&d).into_owned();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str], parent: Option<usize>) -> Line {
        Line {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            parent,
        }
    }

    fn render(cols: &[Col], lines: &[Line], noheadings: bool, w: Option<usize>) -> String {
        let c: Vec<Column> = cols.iter().map(|c| c.column(true, false)).collect();
        smartcols::render(&c, lines, noheadings, w)
    }

    /// Real `lsns -t uts` (80-column pseudo-terminal) with nested
    /// `unshare --uts`: pid 8's line hangs under pid 6's (`|-`), so it gets
    /// `| ` before its own `` `- ``; COMMAND is cut at column 80. In the C
    /// locale libsmartcols draws `|-`, `` `- `` and `| ` instead of the
    /// UTF-8 `├─`, `└─`, `│ ` seen in C.UTF-8.
    #[test]
    fn tree_and_truncation_as_libsmartcols() {
        let cols = [
            Col::Ns,
            Col::Type,
            Col::Nprocs,
            Col::Pid,
            Col::User,
            Col::Command,
        ];
        let lines = vec![
            line(
                &[
                    "4026532178",
                    "uts",
                    "3",
                    "1",
                    "root",
                    "python3 /tmp/ulscratch/runpty.py bash /tmp/ulscratch/exp7.sh",
                ],
                None,
            ),
            line(
                &[
                    "4026532250",
                    "uts",
                    "1",
                    "3",
                    "root",
                    "sh -c unshare --uts sh -c \"unshare --uts sleep 3; true\" & unshare --uts sleep 3; true",
                ],
                None,
            ),
            line(&["4026532251", "uts", "1", "4", "root", "sleep 3"], None),
            line(
                &[
                    "4026532252",
                    "uts",
                    "1",
                    "6",
                    "root",
                    "sh -c unshare --uts sleep 3; true",
                ],
                Some(1),
            ),
            line(&["4026532253", "uts", "1", "7", "root", "sleep 3"], Some(1)),
            line(&["4026532254", "uts", "1", "8", "root", "sleep 3"], Some(3)),
        ];
        assert_eq!(
            render(&cols, &lines, false, Some(80)),
            "        NS TYPE NPROCS PID USER COMMAND\n\
             4026532178 uts       3   1 root python3 /tmp/ulscratch/runpty.py bash /tmp/ulscr\n\
             4026532250 uts       1   3 root sh -c unshare --uts sh -c \"unshare --uts sleep 3\n\
             4026532252 uts       1   6 root |-sh -c unshare --uts sleep 3; true\n\
             4026532254 uts       1   8 root | `-sleep 3\n\
             4026532253 uts       1   7 root `-sleep 3\n\
             4026532251 uts       1   4 root sleep 3\n"
        );
    }

    /// Real `lsns -t uts -o +PPID` on the same terminal: COMMAND is no
    /// longer last, it is cut and padded so that the line is 80 wide.
    #[test]
    fn truncated_column_in_the_middle() {
        let cols = [
            Col::Ns,
            Col::Type,
            Col::Nprocs,
            Col::Pid,
            Col::User,
            Col::Command,
            Col::Ppid,
        ];
        let lines = vec![
            line(
                &[
                    "4026532178",
                    "uts",
                    "3",
                    "1",
                    "root",
                    "python3 /tmp/ulscratch/runpty.py bash /tmp/ulscratch/exp7.sh",
                    "0",
                ],
                None,
            ),
            line(
                &["4026532251", "uts", "1", "4", "root", "sleep 3", "2"],
                None,
            ),
        ];
        assert_eq!(
            render(&cols, &lines, false, Some(80)),
            "        NS TYPE NPROCS PID USER COMMAND                                     PPID\n\
             4026532178 uts       3   1 root python3 /tmp/ulscratch/runpty.py bash /tmp/    0\n\
             4026532251 uts       1   4 root sleep 3                                        2\n"
        );
        // Not a terminal: nothing is cut.
        assert!(render(&cols, &lines, true, None).contains("exp7.sh    0\n"));
    }

    /// Real `unshare --pid --fork --mount-proc lsns -t user`: "user" is as
    /// wide as the header "TYPE", narrower than the hint 5, so the column
    /// is 5 wide (`count_column_width()`); "uts" is narrower than the
    /// header and stays at 4.
    #[test]
    fn absolute_hints_widen_columns() {
        let cols = [
            Col::Ns,
            Col::Type,
            Col::Nprocs,
            Col::Pid,
            Col::User,
            Col::Command,
        ];
        let lines = vec![line(
            &["4026531837", "user", "1", "1", "root", "lsns -t user"],
            None,
        )];
        assert_eq!(
            render(&cols, &lines, false, None),
            "        NS TYPE  NPROCS PID USER COMMAND\n4026531837 user       1   1 root lsns -t user\n"
        );
        let lines = vec![line(&["4026531838", "uts", "1", "1", "root", "x"], None)];
        assert_eq!(
            render(&cols, &lines, true, None),
            "4026531838 uts       1   1 root x\n"
        );
    }
}
