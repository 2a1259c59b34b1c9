//! `Kernel::utimensat` as utimensat(2) describes it (man-pages 6.03,
//! "Permissions requirements" and ERRORS) and fs/utimes.c + fs/attr.c
//! implement it: `times` NULL needs ownership, CAP_FOWNER or write access
//! (EACCES); explicit times need ownership or CAP_FOWNER (EPERM); a
//! read-only mount gives EROFS; lookup errors as for any path. The change
//! time always becomes now. Root's cases were compared with the real
//! `touch` (which passes NULL) on 6.18: after a second `touch f`,
//! `stat -c '%x|%y|%z' f` shows one new time three times.

use ctlab::kernel_model::vfs::{
    AT_FDCWD, AT_SYMLINK_NOFOLLOW, MS_RDONLY, O_CREAT, O_WRONLY, Timespec,
};
use ctlab::kernel_model::*;

fn t(sec: i64) -> Timespec {
    Timespec { sec, nsec: 0 }
}

fn setup() -> (Kernel, TaskId) {
    let mut k = Kernel::new();
    let init = k.init_task();
    k.mkdir(init, "/t", 0o777).unwrap();
    k.chmod(init, "/t", 0o777).unwrap();
    let fd = k.open(init, "/t/f", O_WRONLY | O_CREAT, 0o644).unwrap();
    k.close(init, fd).unwrap();
    (k, init)
}

#[test]
fn now_sets_atime_mtime_ctime_to_the_clock() {
    let (mut k, init) = setup();
    let before = k.stat(init, "/t/f").unwrap();
    k.advance_clock(2_000_000_000);
    k.utimensat(init, AT_FDCWD, "/t/f", None, 0).unwrap();
    let st = k.stat(init, "/t/f").unwrap();
    assert_eq!(st.atime, st.mtime);
    assert_eq!(st.mtime, st.ctime);
    assert!(st.mtime.sec >= before.mtime.sec + 2, "{st:?} {before:?}");
}

#[test]
fn explicit_times() {
    let (mut k, init) = setup();
    k.utimensat(init, AT_FDCWD, "/t/f", Some((t(5), t(6))), 0)
        .unwrap();
    let st = k.stat(init, "/t/f").unwrap();
    assert_eq!((st.atime, st.mtime), (t(5), t(6)));
    assert!(st.ctime.sec > 6);
}

/// "If times is NULL … the caller must … have write access to the file"
/// (EACCES); "to make any change other than setting both timestamps to
/// the current time … the caller's effective user ID must match the
/// owner of the file; or the caller must have appropriate privileges"
/// (EPERM).
#[test]
fn permissions() {
    let (mut k, init) = setup();
    let u = k.fork(init).unwrap();
    k.setuid(u, 1000).unwrap();
    assert_eq!(
        k.utimensat(u, AT_FDCWD, "/t/f", None, 0),
        Err(Errno::EACCES)
    );
    assert_eq!(
        k.utimensat(u, AT_FDCWD, "/t/f", Some((t(1), t(1))), 0),
        Err(Errno::EPERM)
    );
    k.chmod(init, "/t/f", 0o666).unwrap();
    assert_eq!(k.utimensat(u, AT_FDCWD, "/t/f", None, 0), Ok(()));
    assert_eq!(
        k.utimensat(u, AT_FDCWD, "/t/f", Some((t(1), t(1))), 0),
        Err(Errno::EPERM)
    );
    // The owner may set any times.
    let fd = k.open(u, "/t/mine", O_WRONLY | O_CREAT, 0o600).unwrap();
    k.close(u, fd).unwrap();
    assert_eq!(
        k.utimensat(u, AT_FDCWD, "/t/mine", Some((t(1), t(2))), 0),
        Ok(())
    );
}

#[test]
fn lookup_flags_and_read_only_errors() {
    let (mut k, init) = setup();
    assert_eq!(
        k.utimensat(init, AT_FDCWD, "/t/nope", None, 0),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        k.utimensat(init, AT_FDCWD, "/t/f/x", None, 0),
        Err(Errno::ENOTDIR)
    );
    assert_eq!(
        k.utimensat(init, AT_FDCWD, "/t/f", None, 0x4),
        Err(Errno::EINVAL)
    );
    // A dangling symlink: followed ENOENT, AT_SYMLINK_NOFOLLOW sets the
    // link's own times.
    k.symlink(init, "/t/nope", "/t/l").unwrap();
    assert_eq!(
        k.utimensat(init, AT_FDCWD, "/t/l", None, 0),
        Err(Errno::ENOENT)
    );
    k.utimensat(
        init,
        AT_FDCWD,
        "/t/l",
        Some((t(7), t(8))),
        AT_SYMLINK_NOFOLLOW,
    )
    .unwrap();
    assert_eq!(k.lstat(init, "/t/l").unwrap().mtime, t(8));
    k.mkdir(init, "/r", 0o755).unwrap();
    k.mount(init, "r", "/r", "tmpfs", MS_RDONLY, "").unwrap();
    assert_eq!(
        k.utimensat(init, AT_FDCWD, "/r", None, 0),
        Err(Errno::EROFS)
    );
}
