//! mount, umount, ipcmk, ipcs against util-linux 2.38.1 on this machine.
//! Each expected text was printed by the real tool as root inside
//! `unshare --mount --pid --fork --mount-proc --uts --ipc --net`, on a
//! fresh tmpfs of our own (/tmp/ulx): the same commands on directories
//! there, whose paths are replaced here by the model's /mnt, /srv, /opt.
//! The model's root is `/dev/vda` ext4 with proc and sysfs mounted
//! nosuid,nodev,noexec and devpts on /dev/pts (as the real /proc and /sys lines show them,
//! `proc on /proc type proc (rw,relatime)` for the real flags).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::run;
use ctlab::userland::session::Session;

const DMESG: &str = "       dmesg(1) may have more information after failed mount system call.\n";

/// `mount` with no arguments: `SOURCE on TARGET type TYPE (OPTIONS)`
/// from mountinfo, VFS and super block options merged; `-t` filters
/// (real: `tmp2 on /tmp/ulx/b type tmpfs (rw,relatime,size=1024k,mode=755)`
/// after `mount -t tmpfs -o size=1m,mode=755 tmp2 /tmp/ulx/b`).
#[test]
fn mount_lists_the_mount_table() {
    let mut s = common::plain_session();
    assert_eq!(
        run(&mut s, "mount"),
        (
            "/dev/vda on / type ext4 (rw,relatime)\n\
             proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n\
             sysfs on /sys type sysfs (rw,nosuid,nodev,noexec,relatime)\n\
             devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)\n"
                .into(),
            "".into(),
            0
        )
    );
    assert_eq!(
        run(&mut s, "mount -t tmpfs -o size=1m,mode=755 tmp2 /mnt"),
        ("".into(), "".into(), 0)
    );
    assert_eq!(
        run(&mut s, "mount -t tmpfs").0,
        "tmp2 on /mnt type tmpfs (rw,relatime,size=1024k,mode=755)\n"
    );
    assert_eq!(
        run(&mut s, "umount /proc; mount; echo $?"),
        (
            "2\n".into(),
            "mount: failed to read mtab: No such file or directory\n".into(),
            0
        )
    );
    run(&mut s, "mount -t proc proc /proc");
    assert_eq!(
        run(&mut s, "mount -t notmpfs,proc").0,
        "/dev/vda on / type ext4 (rw,relatime)\n\
         sysfs on /sys type sysfs (rw,nosuid,nodev,noexec,relatime)\n\
         devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)\n"
    );
}

/// Errors of mount(2) with libmount's words and the dmesg line (status
/// 32); usage errors and the missing fstab entry: status 1.
#[test]
fn mount_errors() {
    let mut s = Session::new();
    assert_eq!(
        run(&mut s, "mount -t tmpfs none /nonexist"),
        (
            "".into(),
            format!("mount: /nonexist: mount point does not exist.\n{DMESG}"),
            32
        )
    );
    assert_eq!(
        run(&mut s, "mount -t bogus none /srv").1,
        format!("mount: /srv: unknown filesystem type 'bogus'.\n{DMESG}")
    );
    assert_eq!(
        run(&mut s, "mount --bind /nonexist /srv"),
        (
            "".into(),
            format!("mount: /srv: special device /nonexist does not exist.\n{DMESG}"),
            32
        )
    );
    assert_eq!(
        run(&mut s, "mount -t tmpfs none /etc/passwd").1,
        format!("mount: /etc/passwd: mount point is not a directory.\n{DMESG}")
    );
    assert_eq!(
        run(&mut s, "mount /srv"),
        (
            "".into(),
            "mount: /srv: can't find in /etc/fstab.\n".into(),
            1
        )
    );
    let usage = "mount: bad usage\nTry 'mount --help' for more information.\n";
    assert_eq!(
        run(&mut s, "mount -t tmpfs a b c d"),
        ("".into(), usage.into(), 1)
    );
    assert_eq!(
        run(&mut s, "mount --make-private"),
        ("".into(), usage.into(), 1)
    );
    assert_eq!(
        run(&mut s, "mount -z"),
        (
            "".into(),
            "mount: invalid option -- 'z'\nTry 'mount --help' for more information.\n".into(),
            1
        )
    );
    // Relative target that does not exist: shown as given.
    assert_eq!(
        run(&mut s, "mount -t tmpfs none relnonexist").1,
        format!("mount: relnonexist: mount point does not exist.\n{DMESG}")
    );
    assert_eq!(
        run(&mut s, "mount -t overlay none /srv").1,
        "ctlab: mount: filesystem type overlay is not supported yet\n"
    );
    // Filesystem options the model does not act on.
    assert_eq!(
        run(&mut s, "mount -t tmpfs -o uid=1000 a /srv"),
        (
            "".into(),
            "ctlab: mount: option -o uid=1000 is not supported yet\n".into(),
            1
        )
    );
    // One argument with --bind: mount("none", TARGET, MS_BIND).
    assert_eq!(
        run(&mut s, "mount --bind /srv").1,
        format!("mount: /srv: mount(2) system call failed: No such file or directory.\n{DMESG}")
    );
}

/// Remounts keep the flags mountinfo shows (real: `-o nosuid,noexec`
/// then `remount,ro` gave `ro,nosuid,noexec,relatime`); a read-only
/// super block makes a rw bind show `ro` (merge_optstr); not a mount
/// point: "mount point not mounted or bad option."
#[test]
fn mount_remount_and_bind() {
    let mut s = common::plain_session();
    run(&mut s, "mount -t tmpfs -o nosuid,noexec x /mnt");
    assert_eq!(
        run(&mut s, "mount -o remount,ro /mnt"),
        ("".into(), "".into(), 0)
    );
    assert_eq!(
        run(&mut s, "mount -t tmpfs").0,
        "x on /mnt type tmpfs (ro,nosuid,noexec,relatime)\n"
    );
    run(&mut s, "mount -o remount,rw,nodev /mnt");
    assert_eq!(
        run(&mut s, "mount -t tmpfs").0,
        "x on /mnt type tmpfs (rw,nosuid,nodev,noexec,relatime)\n"
    );
    assert_eq!(
        run(&mut s, "mount -o remount,ro /srv"),
        (
            "".into(),
            format!("mount: /srv: mount point not mounted or bad option.\n{DMESG}"),
            32
        )
    );
    // --bind with flags: a bind, then MS_REMOUNT|MS_BIND with them.
    assert_eq!(
        run(&mut s, "mount --bind -o ro /mnt /srv; mount -t tmpfs"),
        (
            "x on /mnt type tmpfs (rw,nosuid,nodev,noexec,relatime)\n\
             x on /srv type tmpfs (ro,relatime)\n"
                .into(),
            "".into(),
            0
        )
    );
    run(&mut s, "mount -o remount,ro /mnt");
    run(&mut s, "mount -o remount,bind,rw /srv");
    assert_eq!(
        run(&mut s, "mount -t tmpfs").0,
        "x on /mnt type tmpfs (ro,nosuid,nodev,noexec,relatime)\n\
         x on /srv type tmpfs (ro,relatime)\n"
    );
}

/// --make-*: one mount(2) per flag; on a plain directory "not mount point
/// or bad option." (-MNT_ERR_APPLYFLAGS). Real: `shared:1` for the first
/// peer group in a fresh namespace.
#[test]
fn mount_propagation() {
    let mut s = Session::new();
    run(&mut s, "mount -t tmpfs t /mnt");
    assert_eq!(
        run(&mut s, "mount --make-shared /mnt"),
        ("".into(), "".into(), 0)
    );
    assert!(
        run(&mut s, "cat /proc/self/mountinfo")
            .0
            .contains(" /mnt rw,relatime shared:1 - tmpfs t rw\n")
    );
    assert_eq!(
        run(&mut s, "mount --make-private /opt"),
        (
            "".into(),
            format!("mount: /opt: not mount point or bad option.\n{DMESG}"),
            32
        )
    );
    run(&mut s, "mount --make-private --make-shared /mnt");
    assert!(
        run(&mut s, "cat /proc/self/mountinfo")
            .0
            .contains(" shared:")
    );
    run(&mut s, "mount --make-rprivate /mnt");
    assert!(
        !run(&mut s, "cat /proc/self/mountinfo")
            .0
            .contains(" shared:")
    );
}

/// umount: by target or by source; EINVAL "not mounted.", ENOENT "no
/// mount point specified.", EBUSY "target is busy." (status 32); -R on
/// a path that is not a mount point: "not mounted" / "not found" (no
/// period, status 1); statuses add up over arguments.
#[test]
fn umount_targets_and_errors() {
    let mut s = Session::new();
    run(&mut s, "mount -t tmpfs srcb /mnt");
    assert_eq!(
        run(&mut s, "cd /mnt; umount /mnt; echo $?; cd /"),
        ("32\n".into(), "umount: /mnt: target is busy.\n".into(), 0)
    );
    assert_eq!(
        run(&mut s, "cd /mnt; umount srcb; echo $?; cd /"),
        ("32\n".into(), "umount: /mnt: target is busy.\n".into(), 0)
    );
    assert_eq!(run(&mut s, "umount srcb"), ("".into(), "".into(), 0));
    assert_eq!(
        run(&mut s, "umount /mnt"),
        ("".into(), "umount: /mnt: not mounted.\n".into(), 32)
    );
    assert_eq!(
        run(&mut s, "umount /nonexist"),
        (
            "".into(),
            "umount: /nonexist: no mount point specified.\n".into(),
            32
        )
    );
    assert_eq!(
        run(&mut s, "umount /etc/passwd/x"),
        (
            "".into(),
            "umount: /etc/passwd/x: umount(2) system call failed: Not a directory.\n".into(),
            32
        )
    );
    assert_eq!(run(&mut s, "umount /nonexist /mnt; echo $?").0, "64\n");
    assert_eq!(
        run(&mut s, "umount -R /nonexist; umount -R /opt"),
        (
            "".into(),
            "umount: /nonexist: not found\numount: /opt: not mounted\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "umount"),
        (
            "".into(),
            "umount: bad usage\nTry 'umount --help' for more information.\n".into(),
            1
        )
    );
}

/// `umount -l` detaches a busy mount; `umount -R` takes the submounts
/// first (real: `mount --rbind` tree removed by `umount -R`).
#[test]
fn umount_lazy_and_recursive() {
    let mut s = common::plain_session();
    run(&mut s, "mount -t tmpfs a /mnt");
    assert_eq!(
        run(&mut s, "cd /mnt; umount -l /mnt; cd /"),
        ("".into(), "".into(), 0)
    );
    run(&mut s, "mount -t tmpfs c /opt; mount --rbind / /mnt");
    assert_eq!(
        run(&mut s, "mount").0,
        "/dev/vda on / type ext4 (rw,relatime)\n\
         proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n\
         sysfs on /sys type sysfs (rw,nosuid,nodev,noexec,relatime)\n\
         devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)\n\
         c on /opt type tmpfs (rw,relatime)\n\
         /dev/vda on /mnt type ext4 (rw,relatime)\n\
         proc on /mnt/proc type proc (rw,nosuid,nodev,noexec,relatime)\n\
         sysfs on /mnt/sys type sysfs (rw,nosuid,nodev,noexec,relatime)\n\
         devpts on /mnt/dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)\n\
         c on /mnt/opt type tmpfs (rw,relatime)\n"
    );
    assert_eq!(run(&mut s, "umount -R /mnt"), ("".into(), "".into(), 0));
    assert_eq!(
        run(&mut s, "mount -t tmpfs").0,
        "c on /opt type tmpfs (rw,relatime)\n"
    );
}

/// ipcs in a fresh IPC namespace (real, `unshare --ipc`): the three
/// sections with their headers, a blank line before each and after
/// each. After `ipcmk -Q`, `ipcmk -Q -p 0600`: ids 0 and 1 with modes
/// 644 and 600 (the keys, random in real ipcmk, are the model's fixed
/// sequence here).
#[test]
fn ipcmk_and_ipcs() {
    let mut s = Session::new();
    let msg_head = "------ Message Queues --------\n\
                    key        msqid      owner      perms      used-bytes   messages    \n";
    let shm = "------ Shared Memory Segments --------\n\
               key        shmid      owner      perms      bytes      nattch     status      \n";
    let sem = "------ Semaphore Arrays --------\n\
               key        semid      owner      perms      nsems     \n";
    assert_eq!(
        run(&mut s, "ipcs"),
        (format!("\n{msg_head}\n{shm}\n{sem}\n"), "".into(), 0)
    );
    assert_eq!(run(&mut s, "ipcs -m").0, format!("\n{shm}\n"));
    assert_eq!(run(&mut s, "ipcs -s").0, format!("\n{sem}\n"));
    assert_eq!(
        run(&mut s, "ipcmk -Q"),
        ("Message queue id: 0\n".into(), "".into(), 0)
    );
    assert_eq!(run(&mut s, "ipcmk -Q -p 0600").0, "Message queue id: 1\n");
    let (out, _, st) = run(&mut s, "ipcs -q");
    assert_eq!(st, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(format!("{}\n{}\n", lines[1], lines[2]), msg_head);
    // "0x9ac81f96 0          root       644        0            0           "
    for (l, id_perm) in [
        (
            lines[3],
            "0          root       644        0            0           ",
        ),
        (
            lines[4],
            "1          root       600        0            0           ",
        ),
    ] {
        assert!(
            l.starts_with("0x") && l[2..10].chars().all(|c| c.is_ascii_hexdigit()),
            "{l}"
        );
        assert_eq!(&l[10..], format!(" {id_perm}"));
    }
    assert_eq!(lines[5], "");
    assert_eq!(
        run(&mut s, "ipcs -c -q").0,
        "\n------ Message Queues Creators/Owners --------\n\
         msqid      perms      cuid       cgid       uid        gid       \n\
         0          644        root       root       root       root      \n\
         1          600        root       root       root       root      \n\n"
    );
    assert_eq!(
        run(&mut s, "ipcs -p -q").0,
        "\n------ Message Queues PIDs --------\n\
         msqid      owner      lspid      lrpid     \n\
         0        root            0         0\n\
         1        root            0         0\n\n"
    );
    let t = run(&mut s, "ipcs -t -q").0;
    assert!(
        t.starts_with(
            "\n------ Message Queues Send/Recv/Change Times --------\n\
         msqid    owner      send                 recv                 change              \n\
         0        root       Not set              Not set              Jan  1 "
        ),
        "{t}"
    );
    // Real `ipcs -m -t; ipcs -s -p; ipcs -s -t` in `unshare --ipc`.
    assert_eq!(
        run(&mut s, "ipcs -m -t; ipcs -s -p; ipcs -s -t").0,
        "\n------ Shared Memory Attach/Detach/Change Times --------\n\
         shmid      owner      attached             detached             changed             \n\n\
         \n\n\
         \n------ Semaphore Operation/Change Times --------\n\
         semid    owner      last-op                    last-changed              \n\n"
    );
    assert_eq!(
        run(&mut s, "ipcmk"),
        (
            "".into(),
            "ipcmk: bad usage\nTry 'ipcmk --help' for more information.\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "ipcs -z"),
        (
            "".into(),
            "ipcs: invalid option -- 'z'\nTry 'ipcs --help' for more information.\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "ipcmk -Q -p abc"),
        (
            "".into(),
            "ipcmk: failed to parse mode: Success\n".into(),
            1
        )
    );
}

/// Odd command lines end with a status, never a panic.
#[test]
fn odd_arguments_do_not_panic() {
    let mut s = Session::new();
    for line in [
        "mount -o",
        "mount -t",
        "mount --",
        "mount -- -x /mnt",
        "mount -o ,,, -t tmpfs a /mnt",
        "mount -o remount,bind,rbind,move /mnt",
        "mount --bind --move a b",
        "mount --make",
        "mount --types=",
        "mount -t '' a /mnt",
        "mount -o 'a b' -t tmpfs x '/mnt/'",
        "mount -t tmpfs '' ''",
        "umount -",
        "umount ''",
        "umount -R /",
        "umount -l /",
        "umount --lazy=x /mnt",
        "findmnt -o ''",
        "findmnt -o +",
        "findmnt '' ''",
        "findmnt -t ''",
        "lsns -o ,",
        "lsns -p x",
        "lsns -p -1",
        "lsns 12",
        "ipcs -i",
        "ipcs -i 0 -q",
        "ipcmk -Q -p 77777777777777777777777",
        "ipcmk -Q -p -1",
    ] {
        let o = s.run("host", line);
        assert!(o.status <= 255, "{line}");
    }
}
