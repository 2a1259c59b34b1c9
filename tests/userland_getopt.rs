//! The shared `getopt_long` (src/userland/programs/getopt.rs) as coreutils
//! and util-linux programs show its errors. Each expected text was printed
//! by the real tool on this machine (coreutils 9.1, util-linux 2.38.1,
//! glibc 2.36) run as `env -i PATH=/usr/bin:/bin TERM=dumb CMD`; the exit
//! status is `echo $?` after the same command.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::run;
use ctlab::userland::session::Session;

fn err(text: &str, status: i32) -> (String, String, i32) {
    (String::new(), text.to_string(), status)
}

/// glibc quotes an unknown or ambiguous long option as given, `=VALUE`
/// included (`option '--al=x' is ambiguous`), but names the option itself
/// when it refuses or lacks an argument (`option '--all' doesn't allow an
/// argument`).
#[test]
fn long_option_errors_quote_the_argument_as_given() {
    let mut s = Session::new();
    let cases = [
        (
            "ls --foo=bar",
            "ls: unrecognized option '--foo=bar'\nTry 'ls --help' for more information.\n",
            2,
        ),
        (
            "ls --al=x",
            "ls: option '--al=x' is ambiguous; possibilities: '--all' '--almost-all'\n\
             Try 'ls --help' for more information.\n",
            2,
        ),
        (
            "mount --foo=bar",
            "mount: unrecognized option '--foo=bar'\nTry 'mount --help' for more information.\n",
            1,
        ),
        (
            "mount --make-r=x",
            "mount: option '--make-r=x' is ambiguous; possibilities: '--make-rshared' \
             '--make-rslave' '--make-rprivate' '--make-runbindable'\n\
             Try 'mount --help' for more information.\n",
            1,
        ),
        (
            "mount --ver=1",
            "mount: option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'\n\
             Try 'mount --help' for more information.\n",
            1,
        ),
        (
            "mount --fake --ro=0755",
            "mount: option '--ro' doesn't allow an argument\n\
             Try 'mount --help' for more information.\n",
            1,
        ),
        (
            "findmnt --foo=x",
            "findmnt: unrecognized option '--foo=x'\nTry 'findmnt --help' for more information.\n",
            1,
        ),
        (
            "lsns --foo=bar",
            "lsns: unrecognized option '--foo=bar'\nTry 'lsns --help' for more information.\n",
            1,
        ),
        (
            "ipcs -Z",
            "ipcs: invalid option -- 'Z'\nTry 'ipcs --help' for more information.\n",
            1,
        ),
        (
            "umount -t",
            "umount: option requires an argument -- 't'\n\
             Try 'umount --help' for more information.\n",
            1,
        ),
    ];
    for (line, text, status) in cases {
        assert_eq!(run(&mut s, line), err(text, status), "{line}");
    }
}

/// util-linux lists its own --help and --version: an abbreviation of them
/// is not ambiguous with the model's built-in ones (real `lsns --he`
/// prints the help, which the model does not have).
#[test]
fn util_linux_help_is_the_programs_own() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "lsns --he"),
        err("ctlab: lsns: option -h is not supported yet\n", 1)
    );
    assert_eq!(
        run(&mut s, "ipcs --vers"),
        ("ipcs from util-linux 2.38.1\n".into(), String::new(), 0)
    );
}

/// mount.c's `excl[]` group: real `mount --rbind --bind /a /b` prints the
/// whole group (util-linux include/optutils.h `err_exclusive_options()`).
#[test]
fn mount_exclusive_options() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "mount --rbind --bind /a /b"),
        err(
            "mount: mutually exclusive arguments: --bind --move --rbind\n",
            1
        )
    );
    assert_eq!(
        run(&mut s, "mount --move -B /a /b"),
        err(
            "mount: mutually exclusive arguments: --bind --move --rbind\n",
            1
        )
    );
}

/// `--poll` and `--mkdir` take an optional argument (findmnt.c, mount.c),
/// so `=VALUE` is accepted by getopt and reaches the model's
/// not-supported message rather than a wrong "doesn't allow" error.
#[test]
fn optional_arguments() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "findmnt --poll=x"),
        err("ctlab: findmnt: option -p is not supported yet\n", 1)
    );
    assert_eq!(
        run(&mut s, "mount --mkdir=0755 /a /b"),
        err("ctlab: mount: option -m is not supported yet\n", 1)
    );
}
