//! `ls [-1aAdFhilnpRrStU] [FILE]…` (GNU coreutils 9.1, src/ls.c) in the C
//! locale: names sorted by bytes (strcmp), columns on a terminal and one
//! name per line to a pipe or file, the long format, `total`, headings.
//!
//! Rules taken from ls.c and checked on this machine (`env -i … ls` to a
//! file, and through `script` for a terminal with `stty cols 80`):
//! - Columns (`calculate_columns`, `print_many_per_line`): files go down
//!   the columns; the most columns whose line stays under 80 wins; every
//!   column but the last is its longest name + 2 wide; padding uses tabs
//!   every 8 columns (`indent`, tabsize 8), e.g. `alpha   delta\tgamma`.
//! - On a terminal names are quoted only when needed (shell-escape); if
//!   one name of a listing is quoted, the others get a space in front in
//!   columns and in `-l` (`align_variable_outer_quotes`): `'a b'   c   dd`.
//!   To a pipe or file names are printed as they are.
//! - `-l`: mode, links (right-aligned), owner and group (left-aligned, or
//!   numbers right-aligned with `-n` or without a name), size or `MAJ,
//!   MIN`, mtime as `Mon DD HH:MM` when less than six months old and not
//!   in the future, else `Mon DD  YYYY`, name and ` -> target`. `total` is
//!   the st_blocks of the listed files in 1024-byte units (rounded up).
//! - Operands: files first as one group, then each directory, with a
//!   `dir:` heading when there are several operands or `-R`, and a blank
//!   line between groups. Symbolic links given as operands are followed to
//!   directories unless `-l`, `-d` or `-F`. A missing operand prints `ls:
//!   cannot access 'X': …` and makes the status 2.
//!
//! The time "now" is the model's wall clock (CLOCK_REALTIME:
//! [`BOOT_EPOCH_SECS`] + the virtual clock).

use super::Proc;
use super::datetime::{MONTHS, gmtime};
use super::filemode::mode_string;
use super::getopt::{self, Cmd, Has};
use super::quote::{is_quoted, quote, quote_if_needed};
use crate::kernel_model::kernel::BOOT_EPOCH_SECS;
use crate::kernel_model::vfs::{
    O_DIRECTORY, O_RDONLY, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFSOCK, Stat,
};

const CMD: Cmd = Cmd {
    name: "ls",
    // Long options in ls.c's `long_options` order, which the list of an
    // ambiguous abbreviation follows (`--s`: '--size' '--si'
    // '--show-control-chars' '--sort').
    opts: &[
        ("a|all", Has::No),
        ("!b|escape", Has::No),
        ("d|directory", Has::No),
        ("!D|dired", Has::No),
        ("!|full-time", Has::No),
        ("!|group-directories-first", Has::No),
        ("h|human-readable", Has::No),
        ("i|inode", Has::No),
        ("!k|kibibytes", Has::No),
        ("n|numeric-uid-gid", Has::No),
        ("!G|no-group", Has::No),
        ("!q|hide-control-chars", Has::No),
        ("r|reverse", Has::No),
        ("!s|size", Has::No),
        ("!w|width", Has::Req),
        ("A|almost-all", Has::No),
        ("!B|ignore-backups", Has::No),
        ("F|classify", Has::Opt),
        ("!|file-type", Has::No),
        ("!|si", Has::No),
        ("!H|dereference-command-line", Has::No),
        ("!|dereference-command-line-symlink-to-dir", Has::No),
        ("!|hide", Has::Req),
        ("!I|ignore", Has::Req),
        ("!|indicator-style", Has::Req),
        ("!L|dereference", Has::No),
        ("!N|literal", Has::No),
        ("!Q|quote-name", Has::No),
        ("!|quoting-style", Has::Req),
        ("R|recursive", Has::No),
        ("!|format", Has::Req),
        ("!|show-control-chars", Has::No),
        ("!|sort", Has::Req),
        ("!T|tabsize", Has::Req),
        ("!|time", Has::Req),
        ("!|time-style", Has::Req),
        ("!|zero", Has::No),
        ("|color", Has::Opt),
        ("!|hyperlink", Has::Opt),
        ("!|block-size", Has::Req),
        ("!Z|context", Has::No),
        ("!|author", Has::No),
        ("l", Has::No),
        ("p", Has::No),
        ("S", Has::No),
        ("t", Has::No),
        ("U", Has::No),
        ("1", Has::No),
        ("!c", Has::No),
        ("!C", Has::No),
        ("!f", Has::No),
        ("!g", Has::No),
        ("!m", Has::No),
        ("!o", Has::No),
        ("!u", Has::No),
        ("!v", Has::No),
        ("!x", Has::No),
        ("!X", Has::No),
    ],
    usage_status: 2,
    usage_line: "",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Name,
    Time,
    Size,
    None,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Long,
    OnePerLine,
    Columns,
}

struct Opts {
    all: bool,
    almost_all: bool,
    dirs_as_files: bool,
    classify: bool,
    slash: bool,
    human: bool,
    inode: bool,
    numeric: bool,
    recursive: bool,
    reverse: bool,
    sort: Sort,
    format: Format,
    /// Names quoted as needed (stdout is a terminal).
    quoting: bool,
    width: usize,
    now: i64,
}

/// One file to show.
struct Entry {
    /// The name as shown (an operand as given, or a directory entry).
    name: String,
    /// The path to stat and to recurse into.
    path: String,
    st: Stat,
    /// getdents' d_ino (what `-i` shows outside `-l`).
    ino: u64,
    link: Option<String>,
}

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let a = match getopt::parse(p, &CMD, argv) {
        Ok(a) => a,
        Err(st) => return st,
    };
    if let Some(c) = a.last("color")
        && !matches!(c, "never" | "no" | "none" | "auto" | "tty" | "if-tty")
    {
        return getopt::unsupported(p, "ls", &format!("--color={c}"));
    }
    if a.opts.iter().any(|(k, v)| *k == "F" && v.is_some()) {
        return getopt::unsupported(p, "ls", "--classify=WHEN");
    }
    let tty = p.isatty(1);
    // The last of -l/-1 (and the default) decides the format.
    let mut format = if tty {
        Format::Columns
    } else {
        Format::OnePerLine
    };
    let mut sort = Sort::Name;
    for (k, _) in &a.opts {
        match *k {
            "l" | "n" => format = Format::Long,
            "1" if format != Format::Long => format = Format::OnePerLine,
            "t" => sort = Sort::Time,
            "S" => sort = Sort::Size,
            "U" => sort = Sort::None,
            _ => {}
        }
    }
    let now = BOOT_EPOCH_SECS as i64 + (p.k.clock_ns() / 1_000_000_000) as i64;
    let o = Opts {
        all: a.has("a"),
        almost_all: a.has("A"),
        dirs_as_files: a.has("d"),
        classify: a.has("F"),
        slash: a.has("p"),
        human: a.has("h"),
        inode: a.has("i"),
        numeric: a.has("n"),
        recursive: a.has("R") && !a.has("d"),
        reverse: a.has("r"),
        sort,
        format,
        quoting: tty,
        width: p.term_width(),
        now,
    };
    let operands = if a.operands.is_empty() {
        vec![".".to_string()]
    } else {
        a.operands.clone()
    };
    let follow_cmdline = !(o.dirs_as_files || o.classify || o.format == Format::Long);
    let mut status = 0;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for op in &operands {
        let st = match p.k.lstat(p.task, op) {
            Ok(st) if follow_cmdline && st.mode & S_IFMT == S_IFLNK => match p.k.stat(p.task, op) {
                Ok(t) if t.mode & S_IFMT == S_IFDIR => t,
                _ => st,
            },
            Ok(st) => st,
            Err(e) => {
                p.stderr(&format!("ls: cannot access {}: {e}\n", quote(op)));
                status = 2;
                continue;
            }
        };
        let link = (st.mode & S_IFMT == S_IFLNK)
            .then(|| p.k.readlink(p.task, op).ok())
            .flatten();
        let e = Entry {
            name: op.clone(),
            path: op.clone(),
            st,
            ino: st.ino,
            link,
        };
        if st.mode & S_IFMT == S_IFDIR && !o.dirs_as_files {
            dirs.push(e);
        } else {
            files.push(e);
        }
    }
    let headings = operands.len() > 1 || o.recursive;
    let mut printed = false;
    if !files.is_empty() {
        sort_entries(&o, &mut files);
        let text = render(p, &o, &files, false);
        p.stdout(&text);
        printed = true;
    }
    sort_entries(&o, &mut dirs);
    for d in dirs {
        let st = list_dir(p, &o, &d.path, headings, &mut printed, true);
        status = status.max(st);
    }
    status
}

/// Lists one directory (and its subdirectories with `-R`); the status.
fn list_dir(
    p: &mut Proc<'_>,
    o: &Opts,
    path: &str,
    heading: bool,
    printed: &mut bool,
    operand: bool,
) -> i32 {
    let raw = match p.k.open(p.task, path, O_RDONLY | O_DIRECTORY, 0) {
        Ok(fd) => {
            let r = p.k.getdents(p.task, fd);
            let _ = p.k.close(p.task, fd);
            r
        }
        Err(e) => Err(e),
    };
    let raw = match raw {
        Ok(r) => r,
        Err(e) => {
            p.stderr(&format!("ls: cannot open directory {}: {e}\n", quote(path)));
            return if operand { 2 } else { 1 };
        }
    };
    let mut status = 0;
    let mut entries = Vec::new();
    for d in raw {
        let dot = d.name.starts_with('.');
        let dots = d.name == "." || d.name == "..";
        if dot && !(o.all || (o.almost_all && !dots)) {
            continue;
        }
        let full = if path.ends_with('/') {
            format!("{path}{}", d.name)
        } else {
            format!("{path}/{}", d.name)
        };
        let st = match p.k.lstat(p.task, &full) {
            Ok(st) => st,
            Err(e) => {
                p.stderr(&format!("ls: cannot access {}: {e}\n", quote(&full)));
                status = 1;
                continue;
            }
        };
        let link = (st.mode & S_IFMT == S_IFLNK)
            .then(|| p.k.readlink(p.task, &full).ok())
            .flatten();
        entries.push(Entry {
            name: d.name,
            path: full,
            st,
            ino: d.ino,
            link,
        });
    }
    sort_entries(o, &mut entries);
    let mut out = String::new();
    if heading {
        if *printed {
            out.push('\n');
        }
        let name = if o.quoting {
            quote_if_needed(path)
        } else {
            path.to_string()
        };
        out.push_str(&format!("{name}:\n"));
    }
    *printed = true;
    if o.format == Format::Long {
        let blocks: u64 = entries.iter().map(|e| e.st.blocks).sum();
        let total = if o.human {
            human(blocks * 512)
        } else {
            blocks.div_ceil(2).to_string()
        };
        out.push_str(&format!("total {total}\n"));
    }
    out.push_str(&render(p, o, &entries, true));
    p.stdout(&out);
    if o.recursive {
        for e in &entries {
            let is_dir = e.st.mode & S_IFMT == S_IFDIR;
            if is_dir && e.name != "." && e.name != ".." {
                let st = list_dir(p, o, &e.path, true, printed, false);
                status = status.max(st);
            }
        }
    }
    status
}

/// strcmp order, or by mtime/size (newest/largest first, then by name).
fn sort_entries(o: &Opts, v: &mut [Entry]) {
    match o.sort {
        Sort::None => {}
        Sort::Name => v.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes())),
        Sort::Time => {
            v.sort_by(|a, b| (b.st.mtime, a.name.as_bytes()).cmp(&(a.st.mtime, b.name.as_bytes())))
        }
        Sort::Size => {
            v.sort_by(|a, b| (b.st.size, a.name.as_bytes()).cmp(&(a.st.size, b.name.as_bytes())))
        }
    }
    if o.reverse && o.sort != Sort::None {
        v.reverse();
    }
}

/// `human_readable` with `-h`: powers of 1024, rounded up, one decimal
/// below 10 (`4.0K`, `148K`, `1.3K`).
fn human(n: u64) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let mut div: u128 = 1024;
    for (i, u) in units.iter().enumerate() {
        let n = u128::from(n);
        let tenths = (n * 10).div_ceil(div);
        if tenths < 100 {
            return format!("{}.{}{u}", tenths / 10, tenths % 10);
        }
        let whole = n.div_ceil(div);
        if whole < 1024 || i + 1 == units.len() {
            return format!("{whole}{u}");
        }
        div *= 1024;
    }
    n.to_string()
}

/// The `-F`/`-p` indicator of an entry.
fn indicator(o: &Opts, st: &Stat) -> &'static str {
    let t = st.mode & S_IFMT;
    if o.slash && !o.classify {
        return if t == S_IFDIR { "/" } else { "" };
    }
    if !o.classify {
        return "";
    }
    match t {
        S_IFDIR => "/",
        S_IFLNK => "@",
        S_IFIFO => "|",
        S_IFSOCK => "=",
        _ if st.mode & 0o111 != 0 => "*",
        _ => "",
    }
}

/// The name as printed, with the alignment space when another is quoted.
fn shown_name(o: &Opts, name: &str, some_quoted: bool) -> String {
    if !o.quoting {
        return name.to_string();
    }
    let q = quote_if_needed(name);
    if some_quoted && !is_quoted(name) {
        format!(" {q}")
    } else {
        q
    }
}

/// The mtime column: recent (within six months, not in the future) or
/// with the year (ls.c, `SIX_MONTHS` = 31556952 / 2 seconds).
fn date(now: i64, st: &Stat) -> String {
    let t = st.mtime.sec;
    let tm = gmtime(t);
    let month = MONTHS.get(tm.month as usize - 1).unwrap_or(&"???");
    let six_months = 31_556_952 / 2;
    let recent = now - six_months < t && t <= now;
    if recent {
        format!("{month} {:>2} {:02}:{:02}", tm.day, tm.hour, tm.min)
    } else {
        format!("{month} {:>2}  {}", tm.day, tm.year)
    }
}

fn render(p: &mut Proc<'_>, o: &Opts, v: &[Entry], in_dir: bool) -> String {
    // Alignment only in columns and -l (not -1), and only for quoting.
    let some_quoted =
        o.quoting && o.format != Format::OnePerLine && v.iter().any(|e| is_quoted(&e.name));
    let ino = |e: &Entry| {
        if in_dir && o.format != Format::Long {
            e.ino
        } else {
            e.st.ino
        }
    };
    let ino_w = v
        .iter()
        .map(|e| ino(e).to_string().len())
        .max()
        .unwrap_or(0);
    if o.format == Format::Long {
        return render_long(p, o, v, some_quoted, ino_w);
    }
    let cells: Vec<String> = v
        .iter()
        .map(|e| {
            let mut s = String::new();
            if o.inode {
                s.push_str(&format!("{:>ino_w$} ", ino(e)));
            }
            s.push_str(&shown_name(o, &e.name, some_quoted));
            s.push_str(indicator(o, &e.st));
            s
        })
        .collect();
    if o.format == Format::OnePerLine {
        return cells.iter().map(|c| format!("{c}\n")).collect();
    }
    columns(&cells, o.width)
}

/// `calculate_columns` + `print_many_per_line` (vertical order, tabs).
fn columns(cells: &[String], line_length: usize) -> String {
    let n = cells.len();
    if n == 0 {
        return String::new();
    }
    let lens: Vec<usize> = cells.iter().map(|c| c.chars().count()).collect();
    let max_cols = (line_length / 3 + usize::from(!line_length.is_multiple_of(3))).clamp(1, n);
    let mut best: (usize, Vec<usize>) = (1, vec![lens.iter().copied().max().unwrap_or(0)]);
    for cols in (1..=max_cols).rev() {
        let rows = n.div_ceil(cols);
        let mut widths = vec![0usize; cols];
        for (i, &l) in lens.iter().enumerate() {
            let c = i / rows;
            let real = l + if c == cols - 1 { 0 } else { 2 };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(real);
            }
        }
        let line: usize = widths.iter().sum();
        if line < line_length || cols == 1 {
            best = (cols, widths);
            break;
        }
    }
    let (cols, widths) = best;
    let rows = n.div_ceil(cols);
    let mut out = String::new();
    for row in 0..rows {
        let (mut pos, mut col, mut i) = (0usize, 0usize, row);
        loop {
            out.push_str(&cells[i]);
            let w = widths.get(col).copied().unwrap_or(0);
            col += 1;
            i += rows;
            if i >= n {
                break;
            }
            // indent(): tabs to each multiple of 8 first, then spaces.
            let (mut from, to) = (pos + lens[i - rows], pos + w);
            while from < to {
                if to / 8 > (from + 1) / 8 {
                    out.push('\t');
                    from += 8 - from % 8;
                } else {
                    out.push(' ');
                    from += 1;
                }
            }
            pos += w;
        }
        out.push('\n');
    }
    out
}

fn render_long(p: &mut Proc<'_>, o: &Opts, v: &[Entry], some_quoted: bool, ino_w: usize) -> String {
    struct Row {
        owner: (String, bool),
        group: (String, bool),
        size: Option<String>,
        dev: Option<(String, String)>,
    }
    let mut rows = Vec::new();
    for e in v {
        let st = &e.st;
        let id = |p: &mut Proc<'_>, id: u32, user: bool| -> (String, bool) {
            if o.numeric {
                return (id.to_string(), false);
            }
            let n = if user {
                p.user_name(id)
            } else {
                p.group_name(id)
            };
            match n {
                Some(n) => (n, true),
                None => (id.to_string(), false),
            }
        };
        let t = st.mode & S_IFMT;
        let is_dev = t == S_IFCHR || t == S_IFBLK;
        rows.push(Row {
            owner: id(p, st.uid, true),
            group: id(p, st.gid, false),
            size: (!is_dev).then(|| {
                if o.human {
                    human(st.size)
                } else {
                    st.size.to_string()
                }
            }),
            dev: is_dev.then(|| (st.rdev.major.to_string(), st.rdev.minor.to_string())),
        });
    }
    let nlink_w = v
        .iter()
        .map(|e| e.st.nlink.to_string().len())
        .max()
        .unwrap_or(0);
    let owner_w = rows.iter().map(|r| r.owner.0.len()).max().unwrap_or(0);
    let group_w = rows.iter().map(|r| r.group.0.len()).max().unwrap_or(0);
    let major_w = rows
        .iter()
        .filter_map(|r| r.dev.as_ref().map(|d| d.0.len()))
        .max()
        .unwrap_or(0);
    let minor_w = rows
        .iter()
        .filter_map(|r| r.dev.as_ref().map(|d| d.1.len()))
        .max()
        .unwrap_or(0);
    let size_w = rows
        .iter()
        .map(|r| match (&r.size, &r.dev) {
            (Some(s), _) => s.len(),
            (None, _) => major_w + 2 + minor_w,
        })
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (e, r) in v.iter().zip(&rows) {
        if o.inode {
            out.push_str(&format!("{:>ino_w$} ", e.st.ino));
        }
        out.push_str(&format!(
            "{} {:>nlink_w$} ",
            mode_string(e.st.mode),
            e.st.nlink
        ));
        for ((s, named), w) in [(&r.owner, owner_w), (&r.group, group_w)] {
            if *named {
                out.push_str(&format!("{s:<w$} "));
            } else {
                out.push_str(&format!("{s:>w$} "));
            }
        }
        match (&r.size, &r.dev) {
            (Some(s), _) => out.push_str(&format!("{s:>size_w$} ")),
            (None, Some((ma, mi))) => {
                let blanks = size_w.saturating_sub(major_w + 2 + minor_w);
                let mw = major_w + blanks;
                out.push_str(&format!("{ma:>mw$}, {mi:>minor_w$} "));
            }
            (None, None) => {}
        }
        out.push_str(&date(o.now, &e.st));
        out.push(' ');
        out.push_str(&shown_name(o, &e.name, some_quoted));
        if let Some(t) = &e.link {
            let t = if o.quoting {
                quote_if_needed(t)
            } else {
                t.clone()
            };
            out.push_str(&format!(" -> {t}"));
            // -F marks the target by its own type (`bin -> usr/bin/`).
            if o.classify
                && let Ok(target) = p.k.stat(p.task, &e.path)
            {
                out.push_str(indicator(o, &target));
            }
        } else {
            out.push_str(indicator(o, &e.st));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st_at(sec: i64) -> Stat {
        let mut st = Stat {
            dev: Default::default(),
            ino: 1,
            mode: 0o100644,
            nlink: 1,
            uid: 0,
            gid: 0,
            rdev: Default::default(),
            size: 0,
            blksize: 4096,
            blocks: 0,
            atime: Default::default(),
            mtime: Default::default(),
            ctime: Default::default(),
        };
        st.mtime.sec = sec;
        st
    }

    /// `ls -l` on this machine at 2026-11-22 06:43:29 UTC: /usr/bin/ls
    /// (2022-09-20) shows `Sep 20  2022`, a file of today `Nov 22 06:43`.
    /// Six months (15778476 s) back is still recent; a second in the
    /// future is not (ls.c).
    #[test]
    fn recent_and_old_dates() {
        let now = 1795329809;
        assert_eq!(date(now, &st_at(1663668000)), "Sep 20  2022");
        assert_eq!(date(now, &st_at(now)), "Nov 22 06:43");
        assert_eq!(date(now, &st_at(now - 15_778_475)), "May 23 15:48");
        assert_eq!(date(now, &st_at(now - 15_778_476)), "May 23  2026");
        assert_eq!(date(now, &st_at(now + 1)), "Nov 22  2026");
    }

    /// `ls -lh`: 1294 → `1.3K`, 37911 → `38K`, 151344 → `148K`, 1265648
    /// → `1.3M` (this machine's /etc/passwd, ld.so.cache, ls, bash).
    #[test]
    fn human_sizes() {
        assert_eq!(human(91), "91");
        assert_eq!(human(1294), "1.3K");
        assert_eq!(human(37_911), "38K");
        assert_eq!(human(151_344), "148K");
        assert_eq!(human(1_265_648), "1.3M");
        assert_eq!(human(4096), "4.0K");
    }
}
