//! `findmnt` (util-linux 2.38.1, misc-utils/findmnt.c): the mounts of
//! /proc/self/mountinfo as a libsmartcols table.
//!
//! Without a search argument the table is a tree on TARGET from the root
//! mount (`create_treenode()`: children in mount id order, a mount that
//! does not match `-t` passes its place to its children); `-l` lists in
//! file order. With an argument, the mounts whose source is it, else
//! (`swap`) whose target is its canonical path, are listed. SOURCE shows
//! `SOURCE[ROOT]` for a mount of a subdirectory (a bind mount), OPTIONS
//! the merged VFS and filesystem options, MAJ:MIN as `%3u:%-3u`,
//! PROPAGATION "shared"/"private" plus ",slave" and ",unbindable".
//! Nothing found: status 1. Checked against the real findmnt with
//! `--tab-file` on the model's mountinfo text, on a pipe and on an
//! 80-column pseudo-terminal.
//!
//! `-r` is libsmartcols' raw format, as a list.
//! Not supported: `-J`, `-P`, `-D`, `--poll`, `-s`/`-m`/`-k`/`-F`
//! (other tables), `-S`/`-T`/`-M` and the columns not listed in [`Col`].

use super::Proc;
use super::getopt::{self, Cmd, Has, OptSpec};
use super::libmount::{self, MntEntry};
use super::smartcols::{self, Column, Line};

const SPECS: &[OptSpec] = &[
    ("A|all", Has::No),
    ("a|ascii", Has::No),
    ("f|first-only", Has::No),
    ("h|help", Has::No),
    ("l|list", Has::No),
    ("n|noheadings", Has::No),
    ("o|output", Has::Req),
    ("t|types", Has::Req),
    ("u|notruncate", Has::No),
    ("V|version", Has::No),
    ("J|json", Has::No),
    ("P|pairs", Has::No),
    ("r|raw", Has::No),
    ("D|df", Has::No),
    ("p|poll", Has::Opt),
    ("s|fstab", Has::No),
    ("m|mtab", Has::No),
    ("k|kernel", Has::No),
    ("F|tab-file", Has::Req),
    ("S|source", Has::Req),
    ("T|target", Has::Req),
    ("M|mountpoint", Has::Req),
    ("c|canonicalize", Has::No),
    ("O|options", Has::Req),
    ("R|submounts", Has::No),
    ("v|nofsroot", Has::No),
];

const CMD: Cmd = Cmd {
    name: "findmnt",
    opts: SPECS,
    usage_status: 1,
    usage_line: "",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Target,
    Source,
    Fstype,
    Options,
    VfsOptions,
    FsOptions,
    OptFields,
    Propagation,
    Id,
    Parent,
    MajMin,
    Fsroot,
}

const COLS: [(Col, &str); 12] = [
    (Col::Target, "TARGET"),
    (Col::Source, "SOURCE"),
    (Col::Fstype, "FSTYPE"),
    (Col::Options, "OPTIONS"),
    (Col::VfsOptions, "VFS-OPTIONS"),
    (Col::FsOptions, "FS-OPTIONS"),
    (Col::OptFields, "OPT-FIELDS"),
    (Col::Propagation, "PROPAGATION"),
    (Col::Id, "ID"),
    (Col::Parent, "PARENT"),
    (Col::MajMin, "MAJ:MIN"),
    (Col::Fsroot, "FSROOT"),
];

impl Col {
    fn header(self) -> &'static str {
        COLS.iter().find(|(c, _)| *c == self).map_or("", |(_, h)| h)
    }

    /// `infos[]`: width hint and flags.
    fn column(self, tree: bool, notrunc: bool) -> Column {
        let (hint, right, trunc, noextremes) = match self {
            Col::Target => (0.30, false, false, true),
            Col::Source => (0.25, false, false, true),
            Col::Fsroot => (0.25, false, false, true),
            Col::Fstype | Col::Options | Col::FsOptions | Col::OptFields => {
                (0.10, false, true, false)
            }
            Col::VfsOptions => (0.20, false, true, false),
            Col::Propagation => (0.10, false, false, false),
            Col::Id | Col::Parent => (2.0, true, false, false),
            Col::MajMin => (6.0, false, false, false),
        };
        Column {
            header: self.header(),
            hint,
            right,
            trunc: trunc && !notrunc,
            tree: tree && self == Col::Target,
            noextremes,
        }
    }

    fn data(self, e: &MntEntry) -> String {
        match self {
            Col::Target => e.target.clone(),
            Col::Source if e.root != "/" => format!("{}[{}]", e.source, e.root),
            Col::Source => e.source.clone(),
            Col::Fstype => e.fstype.clone(),
            Col::Options => e.options(),
            Col::VfsOptions => e.vfs_opts.clone(),
            Col::FsOptions => e.fs_opts.clone(),
            Col::OptFields => e.optional.join(" "),
            Col::Propagation => {
                let has = |p: &str| e.optional.iter().any(|o| o.starts_with(p));
                let mut s = String::from(if has("shared:") { "shared" } else { "private" });
                if has("master:") {
                    s.push_str(",slave");
                }
                if has("unbindable") {
                    s.push_str(",unbindable");
                }
                s
            }
            Col::Id => e.id.to_string(),
            Col::Parent => e.parent.to_string(),
            Col::MajMin => match e.majmin.split_once(':') {
                Some((a, b)) if e.majmin != "0:0" => format!("{a:>3}:{b:<3}"),
                _ => String::new(),
            },
            Col::Fsroot => e.root.clone(),
        }
    }
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let parsed = match getopt::parse(p, &CMD, argv) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let (mut list, mut noheadings, mut notrunc, mut first_only) = (false, false, false, false);
    let mut raw = false;
    let mut types: Option<String> = None;
    let mut outarg: Option<String> = None;
    for (key, arg) in &parsed.opts {
        match *key {
            "A" => {}
            "f" => first_only = true,
            "l" => list = true,
            // -r: raw output, and no tree (findmnt.c clears FL_TREE).
            "r" => (raw, list) = (true, true),
            "n" => noheadings = true,
            "u" => notrunc = true,
            "o" => outarg = arg.clone(),
            "t" => types = arg.clone(),
            "V" => {
                p.stdout("findmnt from util-linux 2.38.1\n");
                return 0;
            }
            _ => {
                return getopt::unsupported_opt(p, &CMD, key);
            }
        }
    }
    let mut cols = vec![Col::Target, Col::Source, Col::Fstype, Col::Options];
    if let Some(o) = outarg {
        let (append, names) = match o.strip_prefix('+') {
            Some(rest) => (true, rest.to_string()),
            None => (false, o),
        };
        if !append {
            cols.clear();
        }
        for name in names.split(',') {
            let up = name.to_ascii_uppercase();
            match COLS.iter().find(|(_, h)| *h == up) {
                Some((c, _)) => cols.push(*c),
                None => {
                    p.stderr(&format!("findmnt: unknown column: {name}\n"));
                    return 1;
                }
            }
        }
    }
    let (source, target) = match parsed.operands.as_slice() {
        [] => (None, None),
        [s] => (Some(s.clone()), None),
        [s, t] => (Some(s.clone()), Some(t.clone())),
        _ => {
            p.stderr("ctlab: findmnt: more than two arguments are not supported yet\n");
            return 1;
        }
    };
    let search = source.is_some() || target.is_some();
    let tree = !list && !search && !first_only;
    let Some(table) = libmount::read_mountinfo(p) else {
        p.stderr("findmnt: can't read /proc/self/mountinfo: No such file or directory\n");
        return 1;
    };
    let type_ok = |e: &MntEntry| types.as_deref().is_none_or(|t| match_types(&e.fstype, t));

    let mut chosen: Vec<(usize, Option<usize>)> = Vec::new(); // (entry, parent line)
    if tree {
        if let Some(root) = root_fs(&table) {
            add_tree(&table, root, None, &type_ok, &mut chosen);
        }
    } else if search {
        let canon = |p: &mut Proc<'_>, s: &str| {
            let c = libmount::canonicalize(p, s);
            let t = c.trim_end_matches('/');
            if t.is_empty() {
                "/".to_string()
            } else {
                t.to_string()
            }
        };
        let tgt = target.as_deref().map(|t| canon(p, t));
        let src = source.as_deref();
        let matches = |e: &MntEntry, src: Option<&str>, tgt: Option<&str>| {
            type_ok(e) && src.is_none_or(|s| e.source == s) && tgt.is_none_or(|t| e.target == t)
        };
        let mut hits: Vec<usize> = (0..table.len())
            .filter(|&i| matches(&table[i], src, tgt.as_deref()))
            .collect();
        // get_next_fs(): nothing with that source: the spec is a target.
        if hits.is_empty() && target.is_none() {
            let t = src.map(|s| canon(p, s));
            hits = (0..table.len())
                .filter(|&i| matches(&table[i], None, t.as_deref()))
                .collect();
        }
        if first_only {
            hits.truncate(1);
        }
        chosen = hits.into_iter().map(|i| (i, None)).collect();
    } else {
        chosen = (0..table.len())
            .filter(|&i| type_ok(&table[i]))
            .map(|i| (i, None))
            .collect();
        if first_only {
            chosen.truncate(1);
        }
    }
    if chosen.is_empty() && !tree {
        return 1;
    }
    let lines: Vec<Line> = chosen
        .iter()
        .map(|&(i, parent)| Line {
            cells: cols.iter().map(|c| c.data(&table[i])).collect(),
            parent,
        })
        .collect();
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

/// `mnt_table_get_root_fs()`: the entry with the lowest parent id, then up
/// through its parents while they are in the table.
fn root_fs(table: &[MntEntry]) -> Option<usize> {
    let mut root = (0..table.len()).min_by_key(|&i| table[i].parent)?;
    for _ in 0..table.len() {
        match table
            .iter()
            .position(|e| e.id == table[root].parent && e.id != table[root].id)
        {
            Some(p) => root = p,
            None => break,
        }
    }
    Some(root)
}

/// `create_treenode()`: the line for `i` if it matches, then its children
/// (mount id order) under it, or under `parent_line` if it did not match.
fn add_tree(
    table: &[MntEntry],
    i: usize,
    parent_line: Option<usize>,
    type_ok: &dyn Fn(&MntEntry) -> bool,
    out: &mut Vec<(usize, Option<usize>)>,
) {
    if out.iter().any(|&(x, _)| x == i) {
        return;
    }
    let line = if type_ok(&table[i]) {
        out.push((i, parent_line));
        Some(out.len() - 1)
    } else {
        parent_line
    };
    let mut kids: Vec<usize> = (0..table.len())
        .filter(|&k| k != i && table[k].parent == table[i].id && table[k].id != table[i].id)
        .collect();
    kids.sort_by_key(|&k| table[k].id);
    for k in kids {
        add_tree(table, k, line, type_ok, out);
    }
}

/// `mnt_match_fstype()`: a comma list, all negated by a leading "no".
fn match_types(fstype: &str, pattern: &str) -> bool {
    let neg = pattern.starts_with("no");
    let list = if neg { &pattern[2..] } else { pattern };
    list.split(',').any(|t| t == fstype) != neg
}
