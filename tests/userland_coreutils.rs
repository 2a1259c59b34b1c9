//! coreutils and grep programs against what the real ones print. Each
//! expected output was checked on this machine (Debian bookworm,
//! coreutils 9.1, grep 3.8, as root) with `env -i PATH=/usr/bin:/bin
//! HOME=/root TERM=dumb PROG …` (the C locale of a lesson terminal) in a
//! scratch directory; the runs are given in each test's comment.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{ok, run};
use ctlab::userland::session::Session;

/// `id`, `id -u`, `id -G`, `id -Gn`, `id -un`; `id -n` and `id -u -g`
/// are usage errors with status 1; `whoami`.
#[test]
fn id_and_whoami() {
    let mut s = Session::new();
    assert_eq!(ok(&mut s, "id"), "uid=0(root) gid=0(root) groups=0(root)\n");
    assert_eq!(
        ok(&mut s, "id -u; id -g; id -G; id -Gn; id -un; id -ur"),
        "0\n0\n0\nroot\nroot\n0\n"
    );
    assert_eq!(
        run(&mut s, "id -n"),
        (
            String::new(),
            "id: cannot print only names or real IDs in default format\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "id -u -g"),
        (
            String::new(),
            "id: cannot print \"only\" of more than one choice\n".into(),
            1
        )
    );
    assert_eq!(ok(&mut s, "whoami"), "root\n");
    assert_eq!(
        run(&mut s, "whoami x"),
        (
            String::new(),
            "whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n".into(),
            1
        )
    );
}

/// `uname`, `uname -snrmo` (the release is the model's), `-p`/`-i`
/// (`unknown` on this machine), `uname x` (extra operand, status 1).
#[test]
fn uname() {
    let mut s = Session::new();
    assert_eq!(ok(&mut s, "uname"), "Linux\n");
    assert_eq!(
        ok(&mut s, "uname -snrmo"),
        "Linux ctlab 6.18.0-ctlab x86_64 GNU/Linux\n"
    );
    assert_eq!(ok(&mut s, "uname -p -i"), "unknown unknown\n");
    let (_, e, st) = run(&mut s, "uname x");
    assert_eq!(
        (e.as_str(), st),
        (
            "uname: extra operand 'x'\nTry 'uname --help' for more information.\n",
            1
        )
    );
    // No version string in the model: honest refusal.
    let (_, e, st) = run(&mut s, "uname -a");
    assert_eq!(
        (e.as_str(), st),
        ("ctlab: uname: option -a is not supported yet\n", 1)
    );
}

/// `tty < /dev/null` prints `not a tty`, status 1; `tty x` is status 2.
#[test]
fn tty_without_a_terminal() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "tty < /dev/null"),
        ("not a tty\n".into(), String::new(), 1)
    );
    assert_eq!(
        run(&mut s, "tty -s < /dev/null"),
        (String::new(), String::new(), 1)
    );
    let (_, e, st) = run(&mut s, "tty x");
    assert_eq!(
        (e.as_str(), st),
        (
            "tty: extra operand 'x'\nTry 'tty --help' for more information.\n",
            2
        )
    );
}

/// `basename /a/b.txt .txt` → `b`; `basename -a /x/ y//` → `x`, `y`;
/// `basename -s .c a.c b.c`; `basename .c .c` → `.c`; `basename a b c`
/// (extra operand 'c'); `dirname /a/b// a / // '' a/` → `/a . / / . .`.
#[test]
fn basename_and_dirname() {
    let mut s = Session::new();
    assert_eq!(
        ok(&mut s, "basename /a/b.txt .txt; basename -a /x/ y//"),
        "b\nx\ny\n"
    );
    assert_eq!(
        ok(
            &mut s,
            "basename -s .c a.c b.c; basename .c .c; basename //"
        ),
        "a\nb\n.c\n/\n"
    );
    let (_, e, st) = run(&mut s, "basename a b c");
    assert_eq!(
        (e.as_str(), st),
        (
            "basename: extra operand 'c'\nTry 'basename --help' for more information.\n",
            1
        )
    );
    assert_eq!(
        ok(&mut s, "dirname /a/b// a / // '' a/"),
        "/a\n.\n/\n/\n.\n.\n"
    );
    let (_, e, st) = run(&mut s, "dirname");
    assert_eq!(
        (e.as_str(), st),
        (
            "dirname: missing operand\nTry 'dirname --help' for more information.\n",
            1
        )
    );
}

/// mkdir: `mkdir a` twice, `mkdir -v b c/d`, `mkdir -pv c/d/e`, `mkdir -m
/// 700 -v m`, `mkdir -m xyz q`, `mkdir -m u+x,g-w z` (`drwxr-xrwx`: from
/// 0777, not umask'ed), `mkdir -p f/g` and `mkdir f/g` with a file f,
/// `mkdir -z`.
#[test]
fn mkdir() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp");
    assert_eq!(
        run(&mut s, "mkdir a; mkdir a"),
        (
            String::new(),
            "mkdir: cannot create directory 'a': File exists\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "mkdir -v b c/d"),
        (
            "mkdir: created directory 'b'\n".into(),
            "mkdir: cannot create directory 'c/d': No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "mkdir -pv c/d/e; mkdir -p c/d/e a/x/../y"),
        "mkdir: created directory 'c'\nmkdir: created directory 'c/d'\nmkdir: created directory 'c/d/e'\n"
    );
    assert_eq!(
        ok(&mut s, "mkdir -m 700 -v m; stat -c %A m"),
        "mkdir: created directory 'm'\ndrwx------\n"
    );
    assert_eq!(
        ok(&mut s, "mkdir -m u+x,g-w z; stat -c %A z"),
        "drwxr-xrwx\n"
    );
    assert_eq!(ok(&mut s, "mkdir -m 777 w; stat -c %a w"), "777\n");
    assert_eq!(
        run(&mut s, "mkdir -m xyz q"),
        (String::new(), "mkdir: invalid mode 'xyz'\n".into(), 1)
    );
    ok(&mut s, "touch f");
    assert_eq!(
        run(&mut s, "mkdir -p f/g; mkdir f/g"),
        (
            String::new(),
            "mkdir: cannot create directory 'f': Not a directory\n\
             mkdir: cannot create directory 'f/g': Not a directory\n"
                .into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "mkdir -z"),
        (
            String::new(),
            "mkdir: invalid option -- 'z'\nTry 'mkdir --help' for more information.\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "mkdir"),
        (
            String::new(),
            "mkdir: missing operand\nTry 'mkdir --help' for more information.\n".into(),
            1
        )
    );
}

/// rmdir: `rmdir a` (not empty), `rmdir nope f`, `rmdir -p c/d/e -v`.
#[test]
fn rmdir() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; mkdir -p a/x c/d/e; touch f");
    assert_eq!(
        run(&mut s, "rmdir a; rmdir nope f"),
        (
            String::new(),
            "rmdir: failed to remove 'a': Directory not empty\n\
             rmdir: failed to remove 'nope': No such file or directory\n\
             rmdir: failed to remove 'f': Not a directory\n"
                .into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "rmdir -p c/d/e -v"),
        "rmdir: removing directory, 'c/d/e'\nrmdir: removing directory, 'c/d'\nrmdir: removing directory, 'c'\n"
    );
}

/// rm: `rm a` on a directory, `rm -f nope` (silent, 0), `rm nope`, `rm
/// -rv a` (children first, then the directory), `rm -d m`, `rm -v f`,
/// `rm -r .` / `..` / `./`, `rm /`, `rm -rf /`, `rm` and `rm -f`.
#[test]
fn rm() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; mkdir -p a/x m; touch f");
    assert_eq!(
        run(&mut s, "rm a"),
        (
            String::new(),
            "rm: cannot remove 'a': Is a directory\n".into(),
            1
        )
    );
    assert_eq!(run(&mut s, "rm -f nope"), (String::new(), String::new(), 0));
    assert_eq!(
        run(&mut s, "rm nope"),
        (
            String::new(),
            "rm: cannot remove 'nope': No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "rm -rv a"),
        "removed directory 'a/x'\nremoved directory 'a'\n"
    );
    assert_eq!(ok(&mut s, "rm -d m; rm -v f"), "removed 'f'\n");
    assert_eq!(
        run(&mut s, "rm -r . ; rm -r ..; rm -r ./"),
        (
            String::new(),
            "rm: refusing to remove '.' or '..' directory: skipping '.'\n\
             rm: refusing to remove '.' or '..' directory: skipping '..'\n\
             rm: refusing to remove '.' or '..' directory: skipping './'\n"
                .into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "rm /"),
        (
            String::new(),
            "rm: cannot remove '/': Is a directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "rm -rf /"),
        (
            String::new(),
            "rm: it is dangerous to operate recursively on '/'\n\
             rm: use --no-preserve-root to override this failsafe\n"
                .into(),
            1
        )
    );
    assert_eq!(ok(&mut s, "ls -d /tmp"), "/tmp\n");
    assert_eq!(
        run(&mut s, "rm"),
        (
            String::new(),
            "rm: missing operand\nTry 'rm --help' for more information.\n".into(),
            1
        )
    );
    assert_eq!(run(&mut s, "rm -f"), (String::new(), String::new(), 0));
}

/// touch creates; `touch nodir/x`; `touch -c nope`; `touch`; `touch` of
/// an existing file succeeds silently.
#[test]
fn touch() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; touch new");
    assert_eq!(ok(&mut s, "stat -c '%A %s' new"), "-rw-r--r-- 0\n");
    assert_eq!(
        run(&mut s, "touch nodir/x"),
        (
            String::new(),
            "touch: cannot touch 'nodir/x': No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "touch -c nope; ls nope"),
        (
            String::new(),
            "ls: cannot access 'nope': No such file or directory\n".into(),
            2
        )
    );
    assert_eq!(
        run(&mut s, "touch"),
        (
            String::new(),
            "touch: missing file operand\nTry 'touch --help' for more information.\n".into(),
            1
        )
    );
    // An existing file: its times move to now (tests/userland_touch.rs).
    assert_eq!(run(&mut s, "touch new"), (String::new(), String::new(), 0));
}

/// ln: `ln -s t l` twice, `ln -sf u l`, `ln nope h`, `ln -s x nodir/y`,
/// `ln -v g h2` (`'h2' => 'g'`), `ln -sv g h3` (`'h3' -> 'g'`), `ln g`
/// (`'./g'`), `ln g dd/` (into the directory).
#[test]
fn ln() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; ln -s t l");
    assert_eq!(
        run(&mut s, "ln -s t l"),
        (
            String::new(),
            "ln: failed to create symbolic link 'l': File exists\n".into(),
            1
        )
    );
    assert_eq!(ok(&mut s, "ln -sf u l; readlink l"), "u\n");
    assert_eq!(
        run(&mut s, "ln nope h; ln -s x nodir/y"),
        (
            String::new(),
            "ln: failed to access 'nope': No such file or directory\n\
             ln: failed to create symbolic link 'nodir/y': No such file or directory\n"
                .into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "touch g; ln -v g h2; ln -sv g h3; stat -c %h g"),
        "'h2' => 'g'\n'h3' -> 'g'\n2\n"
    );
    assert_eq!(
        run(&mut s, "ln g"),
        (
            String::new(),
            "ln: failed to create hard link './g': File exists\n".into(),
            1
        )
    );
    assert_eq!(ok(&mut s, "mkdir dd; ln g dd/; ls dd"), "g\n");
    assert_eq!(
        run(&mut s, "ln"),
        (
            String::new(),
            "ln: missing file operand\nTry 'ln --help' for more information.\n".into(),
            1
        )
    );
}

/// mv: `mv nope x`, `mv -v g g2`, into a directory, `mv dd dd/x`, `mv h
/// h`, `mv` and `mv a`.
#[test]
fn mv() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; touch g h; mkdir dd");
    assert_eq!(
        run(&mut s, "mv nope x"),
        (
            String::new(),
            "mv: cannot stat 'nope': No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "mv -v g g2; mv g2 dd; ls dd"),
        "renamed 'g' -> 'g2'\ng2\n"
    );
    assert_eq!(
        run(&mut s, "mv dd dd/x; mv h h"),
        (
            String::new(),
            "mv: cannot move 'dd' to a subdirectory of itself, 'dd/x'\nmv: 'h' and 'h' are the same file\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "mv; mv a"),
        (
            String::new(),
            "mv: missing file operand\nTry 'mv --help' for more information.\n\
             mv: missing destination file operand after 'a'\nTry 'mv --help' for more information.\n"
                .into(),
            1
        )
    );
}

/// head on `h3` (the numbers 1 to 4, one a line) and `h1` (`hello world`,
/// `foo`): `head -n 3 h3 h1` (headers), `-c 5`, `-2`, `-n -3`, a missing
/// file among others (no blank line before the next header), `-v`, `-q`,
/// a directory, `-n 1K`, `-c 2b`, invalid numbers, `-c -3`, `-n 0`.
#[test]
fn head() {
    let mut s = Session::new();
    ok(
        &mut s,
        "cd /tmp; echo 'hello world' > h1; echo foo >> h1; echo 1 > h3; echo 2 >> h3; echo 3 >> h3; echo 4 >> h3",
    );
    assert_eq!(
        ok(&mut s, "head -n 3 h3 h1"),
        "==> h3 <==\n1\n2\n3\n\n==> h1 <==\nhello world\nfoo\n"
    );
    assert_eq!(
        ok(&mut s, "head -c 5 h3; head -2 h3; head -n -3 h3"),
        "1\n2\n31\n2\n1\n"
    );
    assert_eq!(
        run(&mut s, "head nope h1"),
        (
            "==> h1 <==\nhello world\nfoo\n".into(),
            "head: cannot open 'nope' for reading: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "head -v -n1 h1; head -q -n1 h1 h3"),
        "==> h1 <==\nhello world\nhello world\n1\n"
    );
    assert_eq!(
        run(&mut s, "head /tmp"),
        (
            String::new(),
            "head: error reading '/tmp': Is a directory\n".into(),
            1
        )
    );
    assert_eq!(
        ok(&mut s, "head -n 1K h1; head -c 2b h1 > x; wc -c x"),
        "hello world\nfoo\n16 x\n"
    );
    assert_eq!(
        run(&mut s, "head -n ''"),
        (
            String::new(),
            "head: invalid number of lines: ''\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "head -c x h1"),
        (
            String::new(),
            "head: invalid number of bytes: 'x'\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "head -n"),
        (
            String::new(),
            "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n"
                .into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "head --lines"),
        (String::new(), "head: option '--lines' requires an argument\nTry 'head --help' for more information.\n".into(), 1)
    );
    assert_eq!(
        ok(&mut s, "head -c -3 h1; head -n 0 h1; head -n1 - h1 < h1"),
        "hello world\nf==> standard input <==\nhello world\n\n==> h1 <==\nhello world\n"
    );
}

/// wc: `wc h1` (` 2  3 16 h1`), two files and `total`, `-l` alone
/// (width 1), `-lc`, a directory (width 7), a missing file, stdin from a
/// file (` 2  3 16`), `-w`, `/dev/null` (not regular: width 7), bytes
/// that are not printable do not start words (`x\303\251 y\n\001 z` has
/// 3 words).
#[test]
fn wc() {
    let mut s = Session::new();
    ok(&mut s, "cd /tmp; echo 'hello world' > h1; echo foo >> h1");
    assert_eq!(
        ok(&mut s, "wc h1; wc h1 h1"),
        " 2  3 16 h1\n 2  3 16 h1\n 2  3 16 h1\n 4  6 32 total\n"
    );
    assert_eq!(
        ok(&mut s, "wc -l h1; wc -lc h1; wc < h1"),
        "2 h1\n 2 16 h1\n 2  3 16\n"
    );
    assert_eq!(
        run(&mut s, "wc /tmp"),
        (
            "      0       0       0 /tmp\n".into(),
            "wc: /tmp: Is a directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "wc nope h1"),
        (
            " 2  3 16 h1\n 2  3 16 total\n".into(),
            "wc: nope: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(ok(&mut s, "wc -w h1 h1"), " 3 h1\n 3 h1\n 6 total\n");
    assert_eq!(
        ok(&mut s, "wc /dev/null h1"),
        "      0       0       0 /dev/null\n      2       3      16 h1\n      2       3      16 total\n"
    );
    ok(&mut s, "echo $'x\\303\\251 y\\n\\001 z' > h2");
    assert_eq!(ok(&mut s, "wc -w h2; wc -m h2"), "3 h2\n10 h2\n");
    assert_eq!(
        run(&mut s, "wc --foo"),
        (
            String::new(),
            "wc: unrecognized option '--foo'\nTry 'wc --help' for more information.\n".into(),
            1
        )
    );
}

/// grep on `g1` = `foo bar`, `Foo`, `barfoo`, `x` and `h1` = `hello
/// world`, `foo`.
#[test]
fn grep() {
    let mut s = Session::new();
    ok(
        &mut s,
        "cd /tmp; echo 'foo bar' > g1; echo Foo >> g1; echo barfoo >> g1; echo x >> g1; echo 'hello world' > h1; echo foo >> h1",
    );
    assert_eq!(ok(&mut s, "grep foo g1"), "foo bar\nbarfoo\n");
    assert_eq!(
        ok(&mut s, "grep -n foo g1 h1"),
        "g1:1:foo bar\ng1:3:barfoo\nh1:2:foo\n"
    );
    assert_eq!(
        ok(&mut s, "grep -c foo g1 h1; grep -ci foo g1"),
        "g1:2\nh1:1\n3\n"
    );
    assert_eq!(
        ok(&mut s, "grep -w foo g1; grep -x Foo g1; grep -v foo g1"),
        "foo bar\nFoo\nFoo\nx\n"
    );
    assert_eq!(
        run(&mut s, "grep foo nope g1"),
        (
            "g1:foo bar\ng1:barfoo\n".into(),
            "grep: nope: No such file or directory\n".into(),
            2
        )
    );
    assert_eq!(
        run(&mut s, "grep -s foo nope"),
        (String::new(), String::new(), 2)
    );
    assert_eq!(
        run(&mut s, "grep foo /tmp"),
        (String::new(), "grep: /tmp: Is a directory\n".into(), 2)
    );
    assert_eq!(ok(&mut s, "grep -l foo g1 h1"), "g1\nh1\n");
    assert_eq!(
        run(&mut s, "grep -q foo nope g1"),
        (
            String::new(),
            "grep: nope: No such file or directory\n".into(),
            0
        )
    );
    assert_eq!(
        ok(&mut s, "grep -H x < g1; grep -h x g1 g1"),
        "(standard input):x\nx\nx\n"
    );
    assert_eq!(ok(&mut s, "grep -e Foo -e x g1"), "Foo\nx\n");
    assert_eq!(ok(&mut s, "grep -o 'o*' g1"), "oo\noo\noo\n");
    assert_eq!(
        ok(&mut s, "grep -E '^(Foo|x)$' g1; grep '^\\(foo\\|x\\)' g1"),
        "Foo\nx\nfoo bar\nx\n"
    );
    assert_eq!(
        ok(
            &mut s,
            "grep '[[:upper:]]' g1; grep -w 'fo*' g1; grep -m1 foo g1; grep -ow bar g1"
        ),
        "Foo\nfoo bar\nfoo bar\nbar\n"
    );
    assert_eq!(
        ok(&mut s, "grep -F 'o b' g1; grep -c -v foo g1"),
        "foo bar\n2\n"
    );
    assert_eq!(
        run(&mut s, "grep '*foo' g1; grep -E 'a{1' g1"),
        (String::new(), String::new(), 1)
    );
    assert_eq!(
        run(&mut s, "grep '' /dev/null"),
        (String::new(), String::new(), 1)
    );
    for (pat, msg) in [
        ("'a\\('", "Unmatched ( or \\("),
        ("-E 'a('", "Unmatched ( or \\("),
        ("'a\\)'", "Unmatched ) or \\)"),
        ("'fo\\'", "Trailing backslash"),
        ("'[a'", "Unmatched [, [^, [:, [., or [="),
        ("'a\\{1'", "Unmatched \\{"),
        ("'[[:foo:]]'", "Invalid character class name"),
    ] {
        assert_eq!(
            run(&mut s, &format!("grep {pat} g1")),
            (String::new(), format!("grep: {msg}\n"), 2),
            "{pat}"
        );
    }
    assert_eq!(
        run(&mut s, "grep"),
        (
            String::new(),
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                .into(),
            2
        )
    );
    assert_eq!(
        run(&mut s, "grep -k x"),
        (
            String::new(),
            "grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n\
             Try 'grep --help' for more information.\n"
                .into(),
            2
        )
    );
    // A NUL byte makes the file binary: the message goes to stderr.
    ok(&mut s, "echo -e 'a\\0foo' > gb");
    assert_eq!(
        run(&mut s, "grep foo gb"),
        (String::new(), "grep: gb: binary file matches\n".into(), 0)
    );
    assert_eq!(ok(&mut s, "grep -c foo gb"), "1\n");
}

/// No program may panic, whatever its arguments: every program with
/// odd options, numbers, formats, patterns and names (only "does not
/// crash and exits with a status" is asserted; the outputs are above).
#[test]
fn odd_arguments_do_not_panic() {
    let progs = [
        "ls",
        "ls -l",
        "ls -R",
        "mkdir -p",
        "mkdir -m",
        "rmdir -p",
        "rm -rf",
        "touch",
        "ln -s",
        "mv",
        "stat -c",
        "stat --printf",
        "head -n",
        "head -c",
        "wc",
        "grep",
        "grep -E",
        "grep -F",
        "id",
        "whoami",
        "tty",
        "basename",
        "dirname",
        "uname",
    ];
    let args = [
        "",
        "-",
        "--",
        "---",
        "-n",
        "''",
        "'' ''",
        "/",
        "//",
        "/.",
        "..",
        "$'\\xff\\n'",
        "'%'",
        "'%%%'",
        "'%H'",
        "'%Lz'",
        "'%99999999999999999999s'",
        "'%.99999999999999999999s'",
        "-99999999999999999999",
        "99999999999999999999K",
        "-1",
        "1Q",
        "'[' x",
        "'\\' x",
        "'a\\{9,1\\}' x",
        "'(((((' x",
        "'[[:' x",
        "'[z-a]' x",
        "--=x",
        "--no",
        "-e",
        "/proc/self/ns",
        "/proc/self/ns/pid /dev/null",
        "/tmp/x/../../..",
        "'é'",
    ];
    let mut s = Session::new();
    for p in progs {
        for a in args {
            let line = format!("{p} {a} < /dev/null");
            let out = s.run("host", &line);
            assert!((0..=127).contains(&out.status), "{line}: {}", out.status);
        }
    }
}

/// `id root`, `id nobody`, `id -u nobody`, `id -Gn nobody`, `id nope`
/// (`id: 'nope': no such user`, status 1), `id root nobody`.
#[test]
fn id_of_a_user() {
    let mut s = Session::new();
    assert_eq!(
        ok(&mut s, "id root nobody"),
        "uid=0(root) gid=0(root) groups=0(root)\n\
         uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n"
    );
    assert_eq!(
        ok(&mut s, "id -u nobody; id -Gn nobody"),
        "65534\nnogroup\n"
    );
    assert_eq!(
        run(&mut s, "id nope"),
        (String::new(), "id: 'nope': no such user\n".into(), 1)
    );
}
