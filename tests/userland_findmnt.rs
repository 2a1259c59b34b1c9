//! findmnt against util-linux 2.38.1: the model's /proc/self/mountinfo
//! after the mounts below was given to the real findmnt with `--tab-file`
//! (`LANG=C`), on a pipe and on an 80-column pseudo-terminal (python pty,
//! `PYTHONCOERCECLOCALE=0` so the C locale stays), and its output is
//! what is expected here byte for byte (a file stands for the pipe).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use ctlab::userland::session::Session;

const SETUP: &str = "mount -t tmpfs -o size=1m,mode=755 tmp2 /mnt; mount --make-shared /mnt; \
    mount --bind /usr/lib /srv; mount -t tmpfs -o nosuid x /opt; mount --make-rslave /opt; \
    mount --rbind /opt /home; mount --rbind / /boot";

fn out(s: &mut Session, line: &str) -> String {
    let o = s.run("host", line);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{line}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn findmnt_matches_the_real_one() {
    let mut s = common::plain_session();
    out(&mut s, SETUP);
    let cases: &[(&str, bool, &str)] = &[
        (
            "",
            true,
            "TARGET            SOURCE   FSTYPE OPTIONS\n/                 /dev/vda ext4   rw,relatime\n|-/proc           proc     proc   rw,nosuid,nodev,noexec,relatime\n|-/sys            sysfs    sysfs  rw,nosuid,nodev,noexec,relatime\n|-/dev/pts        devpts   devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxm\n|-/mnt            tmp2     tmpfs  rw,relatime,size=1024k,mode=755\n|-/srv            /dev/vda[/usr/lib]\n|                          ext4   rw,relatime\n|-/opt            x        tmpfs  rw,nosuid,relatime\n|-/home           x        tmpfs  rw,nosuid,relatime\n`-/boot           /dev/vda ext4   rw,relatime\n  |-/boot/proc    proc     proc   rw,nosuid,nodev,noexec,relatime\n  |-/boot/sys     sysfs    sysfs  rw,nosuid,nodev,noexec,relatime\n  |-/boot/dev/pts devpts   devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxm\n  |-/boot/mnt     tmp2     tmpfs  rw,relatime,size=1024k,mode=755\n  |-/boot/srv     /dev/vda[/usr/lib]\n  |                        ext4   rw,relatime\n  |-/boot/opt     x        tmpfs  rw,nosuid,relatime\n  `-/boot/home    x        tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "",
            false,
            "TARGET            SOURCE             FSTYPE OPTIONS\n/                 /dev/vda           ext4   rw,relatime\n|-/proc           proc               proc   rw,nosuid,nodev,noexec,relatime\n|-/sys            sysfs              sysfs  rw,nosuid,nodev,noexec,relatime\n|-/dev/pts        devpts             devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n|-/mnt            tmp2               tmpfs  rw,relatime,size=1024k,mode=755\n|-/srv            /dev/vda[/usr/lib] ext4   rw,relatime\n|-/opt            x                  tmpfs  rw,nosuid,relatime\n|-/home           x                  tmpfs  rw,nosuid,relatime\n`-/boot           /dev/vda           ext4   rw,relatime\n  |-/boot/proc    proc               proc   rw,nosuid,nodev,noexec,relatime\n  |-/boot/sys     sysfs              sysfs  rw,nosuid,nodev,noexec,relatime\n  |-/boot/dev/pts devpts             devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n  |-/boot/mnt     tmp2               tmpfs  rw,relatime,size=1024k,mode=755\n  |-/boot/srv     /dev/vda[/usr/lib] ext4   rw,relatime\n  |-/boot/opt     x                  tmpfs  rw,nosuid,relatime\n  `-/boot/home    x                  tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "-l",
            true,
            "TARGET     SOURCE   FSTYPE OPTIONS\n/          /dev/vda ext4   rw,relatime\n/proc      proc     proc   rw,nosuid,nodev,noexec,relatime\n/sys       sysfs    sysfs  rw,nosuid,nodev,noexec,relatime\n/dev/pts   devpts   devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/mnt       tmp2     tmpfs  rw,relatime,size=1024k,mode=755\n/srv       /dev/vda[/usr/lib]\n                    ext4   rw,relatime\n/opt       x        tmpfs  rw,nosuid,relatime\n/home      x        tmpfs  rw,nosuid,relatime\n/boot      /dev/vda ext4   rw,relatime\n/boot/proc proc     proc   rw,nosuid,nodev,noexec,relatime\n/boot/sys  sysfs    sysfs  rw,nosuid,nodev,noexec,relatime\n/boot/dev/pts\n           devpts   devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/boot/mnt  tmp2     tmpfs  rw,relatime,size=1024k,mode=755\n/boot/srv  /dev/vda[/usr/lib]\n                    ext4   rw,relatime\n/boot/opt  x        tmpfs  rw,nosuid,relatime\n/boot/home x        tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "-l",
            false,
            "TARGET        SOURCE             FSTYPE OPTIONS\n/             /dev/vda           ext4   rw,relatime\n/proc         proc               proc   rw,nosuid,nodev,noexec,relatime\n/sys          sysfs              sysfs  rw,nosuid,nodev,noexec,relatime\n/dev/pts      devpts             devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/mnt          tmp2               tmpfs  rw,relatime,size=1024k,mode=755\n/srv          /dev/vda[/usr/lib] ext4   rw,relatime\n/opt          x                  tmpfs  rw,nosuid,relatime\n/home         x                  tmpfs  rw,nosuid,relatime\n/boot         /dev/vda           ext4   rw,relatime\n/boot/proc    proc               proc   rw,nosuid,nodev,noexec,relatime\n/boot/sys     sysfs              sysfs  rw,nosuid,nodev,noexec,relatime\n/boot/dev/pts devpts             devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/boot/mnt     tmp2               tmpfs  rw,relatime,size=1024k,mode=755\n/boot/srv     /dev/vda[/usr/lib] ext4   rw,relatime\n/boot/opt     x                  tmpfs  rw,nosuid,relatime\n/boot/home    x                  tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "-t tmpfs",
            true,
            "TARGET     SOURCE FSTYPE OPTIONS\n/mnt       tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/opt       x      tmpfs  rw,nosuid,relatime\n/home      x      tmpfs  rw,nosuid,relatime\n/boot/mnt  tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/boot/opt  x      tmpfs  rw,nosuid,relatime\n/boot/home x      tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "-t tmpfs",
            false,
            "TARGET     SOURCE FSTYPE OPTIONS\n/mnt       tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/opt       x      tmpfs  rw,nosuid,relatime\n/home      x      tmpfs  rw,nosuid,relatime\n/boot/mnt  tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/boot/opt  x      tmpfs  rw,nosuid,relatime\n/boot/home x      tmpfs  rw,nosuid,relatime\n",
        ),
        (
            "/srv",
            true,
            "TARGET SOURCE             FSTYPE OPTIONS\n/srv   /dev/vda[/usr/lib] ext4   rw,relatime\n",
        ),
        (
            "/srv",
            false,
            "TARGET SOURCE             FSTYPE OPTIONS\n/srv   /dev/vda[/usr/lib] ext4   rw,relatime\n",
        ),
        (
            "tmp2",
            true,
            "TARGET    SOURCE FSTYPE OPTIONS\n/mnt      tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/boot/mnt tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n",
        ),
        (
            "tmp2",
            false,
            "TARGET    SOURCE FSTYPE OPTIONS\n/mnt      tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n/boot/mnt tmp2   tmpfs  rw,relatime,size=1024k,mode=755\n",
        ),
        (
            "-o TARGET,ID,PARENT,MAJ:MIN,FSROOT,VFS-OPTIONS,FS-OPTIONS,PROPAGATION",
            true,
            "TARGET            ID PARENT MAJ:MIN FSROOT VFS-OPTIONS    FS-OPTIONS PROPAGATION\n/                  2      1 254:0   /      rw,relatime    rw         private\n|-/proc            3      2   0:21  /      rw,nosuid,node rw         private\n|-/sys             4      2   0:22  /      rw,nosuid,node rw         private\n|-/dev/pts         5      2   0:23  /      rw,nosuid,noex rw,gid=5,m private\n|-/mnt             6      2   0:24  /      rw,relatime    rw,size=10 shared\n|-/srv             7      2 254:0   /usr/lib\n|                                          rw,relatime    rw         private\n|-/opt             8      2   0:25  /      rw,nosuid,rela rw         private\n|-/home            9      2   0:25  /      rw,nosuid,rela rw         private\n`-/boot           10      2 254:0   /      rw,relatime    rw         private\n  |-/boot/proc    11     10   0:21  /      rw,nosuid,node rw         private\n  |-/boot/sys     12     10   0:22  /      rw,nosuid,node rw         private\n  |-/boot/dev/pts 13     10   0:23  /      rw,nosuid,noex rw,gid=5,m private\n  |-/boot/mnt     14     10   0:24  /      rw,relatime    rw,size=10 shared\n  |-/boot/srv     15     10 254:0   /usr/lib\n  |                                        rw,relatime    rw         private\n  |-/boot/opt     16     10   0:25  /      rw,nosuid,rela rw         private\n  `-/boot/home    17     10   0:25  /      rw,nosuid,rela rw         private\n",
        ),
        (
            "-o TARGET,ID,PARENT,MAJ:MIN,FSROOT,VFS-OPTIONS,FS-OPTIONS,PROPAGATION",
            false,
            "TARGET            ID PARENT MAJ:MIN FSROOT   VFS-OPTIONS                     FS-OPTIONS                     PROPAGATION\n/                  2      1 254:0   /        rw,relatime                     rw                             private\n|-/proc            3      2   0:21  /        rw,nosuid,nodev,noexec,relatime rw                             private\n|-/sys             4      2   0:22  /        rw,nosuid,nodev,noexec,relatime rw                             private\n|-/dev/pts         5      2   0:23  /        rw,nosuid,noexec,relatime       rw,gid=5,mode=620,ptmxmode=666 private\n|-/mnt             6      2   0:24  /        rw,relatime                     rw,size=1024k,mode=755         shared\n|-/srv             7      2 254:0   /usr/lib rw,relatime                     rw                             private\n|-/opt             8      2   0:25  /        rw,nosuid,relatime              rw                             private\n|-/home            9      2   0:25  /        rw,nosuid,relatime              rw                             private\n`-/boot           10      2 254:0   /        rw,relatime                     rw                             private\n  |-/boot/proc    11     10   0:21  /        rw,nosuid,nodev,noexec,relatime rw                             private\n  |-/boot/sys     12     10   0:22  /        rw,nosuid,nodev,noexec,relatime rw                             private\n  |-/boot/dev/pts 13     10   0:23  /        rw,nosuid,noexec,relatime       rw,gid=5,mode=620,ptmxmode=666 private\n  |-/boot/mnt     14     10   0:24  /        rw,relatime                     rw,size=1024k,mode=755         shared\n  |-/boot/srv     15     10 254:0   /usr/lib rw,relatime                     rw                             private\n  |-/boot/opt     16     10   0:25  /        rw,nosuid,relatime              rw                             private\n  `-/boot/home    17     10   0:25  /        rw,nosuid,relatime              rw                             private\n",
        ),
        (
            "-n -t proc",
            true,
            "/proc      proc   proc   rw,nosuid,nodev,noexec,relatime\n/boot/proc proc   proc   rw,nosuid,nodev,noexec,relatime\n",
        ),
        (
            "-n -t proc",
            false,
            "/proc      proc   proc   rw,nosuid,nodev,noexec,relatime\n/boot/proc proc   proc   rw,nosuid,nodev,noexec,relatime\n",
        ),
        (
            "-r",
            false,
            "TARGET SOURCE FSTYPE OPTIONS\n/ /dev/vda ext4 rw,relatime\n/proc proc proc rw,nosuid,nodev,noexec,relatime\n/sys sysfs sysfs rw,nosuid,nodev,noexec,relatime\n/dev/pts devpts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/mnt tmp2 tmpfs rw,relatime,size=1024k,mode=755\n/srv /dev/vda[/usr/lib] ext4 rw,relatime\n/opt x tmpfs rw,nosuid,relatime\n/home x tmpfs rw,nosuid,relatime\n/boot /dev/vda ext4 rw,relatime\n/boot/proc proc proc rw,nosuid,nodev,noexec,relatime\n/boot/sys sysfs sysfs rw,nosuid,nodev,noexec,relatime\n/boot/dev/pts devpts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666\n/boot/mnt tmp2 tmpfs rw,relatime,size=1024k,mode=755\n/boot/srv /dev/vda[/usr/lib] ext4 rw,relatime\n/boot/opt x tmpfs rw,nosuid,relatime\n/boot/home x tmpfs rw,nosuid,relatime\n",
        ),
        (
            "-rn -o TARGET,PROPAGATION",
            false,
            "/ private\n/proc private\n/sys private\n/dev/pts private\n/mnt shared\n/srv private\n/opt private\n/home private\n/boot private\n/boot/proc private\n/boot/sys private\n/boot/dev/pts private\n/boot/mnt shared\n/boot/srv private\n/boot/opt private\n/boot/home private\n",
        ),
    ];
    for &(args, tty, want) in cases {
        let cmd = format!("findmnt {args}");
        let got = if tty {
            out(&mut s, &cmd)
        } else {
            out(
                &mut s,
                &format!("{cmd} > /tmp/findmnt.out; cat /tmp/findmnt.out"),
            )
        };
        assert_eq!(got, want, "{cmd} (tty: {tty})");
    }
}

/// Nothing found: no output, status 1 (real `findmnt /nonexist`); an
/// unknown column (real: `findmnt: unknown column: BOGUS`, status 1).
#[test]
fn findmnt_errors() {
    let mut s = Session::new();
    let o = s.run("host", "findmnt /nonexist");
    assert_eq!((o.stdout.len(), o.status), (0, 1));
    let o = s.run("host", "findmnt -o BOGUS");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "findmnt: unknown column: BOGUS\n"
    );
    assert_eq!(o.status, 1);
    // Tree mode and nothing matching -t: nothing printed, status 0.
    let o = s.run("host", "findmnt -t bogus");
    assert_eq!((o.stdout.len(), o.status), (0, 0));
}
