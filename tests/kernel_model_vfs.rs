//! The VFS of the kernel model against Linux. Every expectation names its
//! source (man page) and, where marked "6.18", was observed on this
//! machine's Linux 6.18 kernel with python3's `os` module inside
//! `unshare --mount --propagation private` on a fresh tmpfs (the probe
//! scripts' cases are reproduced here one by one).

use ctlab::kernel_model::Errno;
use ctlab::kernel_model::NsId;
use ctlab::kernel_model::capability::CapSet;
use ctlab::kernel_model::vfs::*;

/// In a module so that `cargo test -p ctlab vfs` selects these tests.
mod vfs {
    use super::*;

    const NS: NsId = NsId(4026531832);

    fn nobody_mapped(_: u32, _: u32) -> bool {
        true
    }

    struct W {
        v: Vfs,
        fs: FsStruct,
        files: FilesStruct,
        now: i64,
        /// Act as nobody (65534, no capabilities) instead of root.
        nobody: bool,
    }

    fn ctx_for(nobody: bool, now: i64) -> Ctx<'static> {
        let mut c = Ctx::root(NS, Timespec { sec: now, nsec: 0 });
        if nobody {
            c.fsuid = 65534;
            c.fsgid = 65534;
            c.cap_effective = CapSet::EMPTY;
            c.owner_mapped = &nobody_mapped;
            c.mnt_admin = false;
        }
        c
    }

    fn name(r: Result<impl Sized, Errno>) -> &'static str {
        match r {
            Ok(_) => "OK",
            Err(e) => e.name(),
        }
    }

    impl W {
        fn new() -> W {
            let image = default_root_image();
            let (v, fs) = Vfs::boot(&image, NS, Timespec { sec: 1, nsec: 0 }, &NoPseudoFs).unwrap();
            let mut w = W {
                v,
                fs,
                files: FilesStruct::new(),
                now: 100,
                nobody: false,
            };
            // A fresh tmpfs to work in, as the probes did.
            w.ok(|v, c, fs, f| v.mkdirat(c, fs, f, AT_FDCWD, "/t", 0o755));
            w.ok(|v, c, fs, f| v.mount(c, fs, f, "tmpfs", "/t", "tmpfs", 0, ""));
            w.chdir("/t");
            w
        }

        fn run<T>(
            &mut self,
            f: impl FnOnce(&mut Vfs, &Ctx, &FsStruct, &FilesStruct) -> Result<T, Errno>,
        ) -> Result<T, Errno> {
            self.now += 1;
            let c = ctx_for(self.nobody, self.now);
            let r = f(&mut self.v, &c, &self.fs, &self.files);
            self.v
                .check_invariants(&[&self.fs], &[&self.files])
                .expect("invariants");
            r
        }

        fn ok<T>(
            &mut self,
            f: impl FnOnce(&mut Vfs, &Ctx, &FsStruct, &FilesStruct) -> Result<T, Errno>,
        ) -> T {
            self.run(f).expect("syscall failed")
        }

        fn mkdir(&mut self, p: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.mkdirat(c, fs, f, AT_FDCWD, p, 0o777)))
        }
        fn rmdir(&mut self, p: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.rmdir(c, fs, f, AT_FDCWD, p)))
        }
        fn unlink(&mut self, p: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.unlinkat(c, fs, f, AT_FDCWD, p, 0)))
        }
        fn rename(&mut self, a: &str, b: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.renameat(c, fs, f, AT_FDCWD, a, AT_FDCWD, b)))
        }
        fn link(&mut self, a: &str, b: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.linkat(c, fs, f, AT_FDCWD, a, AT_FDCWD, b, 0)))
        }
        fn symlink(&mut self, t: &str, p: &str) -> &'static str {
            name(self.run(|v, c, fs, f| v.symlinkat(c, fs, f, t, AT_FDCWD, p)))
        }
        fn readlink(&mut self, p: &str) -> Result<String, Errno> {
            self.run(|v, c, fs, f| v.readlinkat(c, fs, f, AT_FDCWD, p))
        }
        fn stat(&mut self, p: &str) -> Result<Stat, Errno> {
            self.run(|v, c, fs, f| v.fstatat(c, fs, f, AT_FDCWD, p, 0))
        }
        fn lstat(&mut self, p: &str) -> Result<Stat, Errno> {
            self.run(|v, c, fs, f| v.fstatat(c, fs, f, AT_FDCWD, p, AT_SYMLINK_NOFOLLOW))
        }
        fn open(&mut self, p: &str, flags: u32) -> Result<i32, Errno> {
            self.now += 1;
            let c = ctx_for(self.nobody, self.now);
            let r = self
                .v
                .openat(&c, &self.fs, &mut self.files, AT_FDCWD, p, flags, 0o666);
            self.v
                .check_invariants(&[&self.fs], &[&self.files])
                .expect("invariants");
            r
        }
        fn open_name(&mut self, p: &str, flags: u32) -> &'static str {
            match self.open(p, flags) {
                Ok(fd) => {
                    self.v.close(&mut self.files, fd).unwrap();
                    "OK"
                }
                Err(e) => e.name(),
            }
        }
        fn write_file(&mut self, p: &str, data: &[u8]) {
            let fd = self.open(p, O_WRONLY | O_CREAT | O_TRUNC).unwrap();
            let c = ctx_for(self.nobody, self.now);
            assert_eq!(self.v.write(&c, &self.files, fd, data), Ok(data.len()));
            self.v.close(&mut self.files, fd).unwrap();
        }
        fn read_file(&mut self, p: &str) -> Result<Vec<u8>, Errno> {
            let fd = self.open(p, O_RDONLY)?;
            let c = ctx_for(self.nobody, self.now);
            let r = self.v.read(&c, &self.files, fd, 1 << 20);
            self.v.close(&mut self.files, fd).unwrap();
            r
        }
        fn chdir(&mut self, p: &str) -> &'static str {
            let c = ctx_for(self.nobody, self.now);
            let r = self.v.chdir(&c, &mut self.fs, &self.files, p);
            self.v
                .check_invariants(&[&self.fs], &[&self.files])
                .expect("invariants");
            name(r)
        }
        fn mount(
            &mut self,
            src: &str,
            tgt: &str,
            fstype: &str,
            flags: u64,
            data: &str,
        ) -> &'static str {
            name(self.run(|v, c, fs, f| v.mount(c, fs, f, src, tgt, fstype, flags, data)))
        }
        fn umount(&mut self, tgt: &str, flags: u32) -> &'static str {
            name(self.run(|v, c, fs, f| v.umount2(c, fs, f, tgt, flags)))
        }
        fn ls(&mut self, p: &str) -> Vec<String> {
            let fd = self.open(p, O_RDONLY | O_DIRECTORY).unwrap();
            let c = ctx_for(self.nobody, self.now);
            let ents = self.v.getdents(&c, &self.fs, &self.files, fd).unwrap();
            self.v.close(&mut self.files, fd).unwrap();
            ents.into_iter()
                .map(|e| e.name)
                .filter(|n| n != "." && n != "..")
                .collect()
        }
        fn mountinfo(&self) -> String {
            self.v.render_mountinfo(NS, self.fs.root)
        }
        fn touch(&mut self, p: &str) {
            let fd = self.open(p, O_WRONLY | O_CREAT).unwrap();
            self.v.close(&mut self.files, fd).unwrap();
        }
    }

    /// The probe's starting tree: d/ (with d/e/), f ("hi"), empty/.
    fn probe_tree() -> W {
        let mut w = W::new();
        assert_eq!(w.mkdir("d"), "OK");
        w.write_file("f", b"hi");
        assert_eq!(w.mkdir("d/e"), "OK");
        assert_eq!(w.mkdir("empty"), "OK");
        w
    }

    #[test]
    fn root_image_is_debian_like() {
        let mut w = W::new();
        let mut names = w.ls("/");
        names.sort();
        assert_eq!(
            names,
            [
                "bin", "boot", "dev", "etc", "home", "lib", "lib64", "mnt", "opt", "proc", "root",
                "run", "sbin", "srv", "sys", "t", "tmp", "usr", "var"
            ]
        );
        assert_eq!(w.stat("/tmp").unwrap().mode, S_IFDIR | 0o1777);
        assert_eq!(w.stat("/root").unwrap().mode, S_IFDIR | 0o700);
        assert_eq!(w.read_file("/etc/hostname").unwrap(), b"ctlab\n");
        assert!(
            String::from_utf8(w.read_file("/etc/os-release").unwrap())
                .unwrap()
                .contains("ID=debian\n")
        );
        assert!(
            String::from_utf8(w.read_file("/etc/passwd").unwrap())
                .unwrap()
                .starts_with("root:x:0:0:")
        );
        let null = w.stat("/dev/null").unwrap();
        assert_eq!((null.mode, null.rdev), (S_IFCHR | 0o666, DevT::new(1, 3)));
        assert_eq!(w.stat("/dev/zero").unwrap().rdev, DevT::new(1, 5));
        assert_eq!(w.stat("/dev/full").unwrap().rdev, DevT::new(1, 7));
        // /bin is usr/bin (merged /usr, as Debian 12).
        assert_eq!(w.readlink("/bin").unwrap(), "usr/bin");
        assert_eq!(w.stat("/bin").unwrap().ino, w.stat("/usr/bin").unwrap().ino);
    }

    /// mkdir(2) EEXIST/ENOENT/ENOTDIR; 6.18.
    #[test]
    fn mkdir_errors() {
        let mut w = probe_tree();
        assert_eq!(w.mkdir("d"), "EEXIST");
        assert_eq!(w.mkdir("zz/a"), "ENOENT");
        assert_eq!(w.mkdir("f/a"), "ENOTDIR");
        assert_eq!(w.mkdir("f/"), "EEXIST");
        assert_eq!(w.mkdir("new/"), "OK");
        assert_eq!(w.mkdir("."), "EEXIST");
        assert_eq!(w.mkdir(".."), "EEXIST");
        assert_eq!(w.mkdir("/"), "EEXIST");
        // mode & ~umask (022)
        assert_eq!(w.stat("new").unwrap().mode, S_IFDIR | 0o755);
    }

    /// rmdir(2): ENOTEMPTY, EINVAL for ".", ENOTEMPTY for "..", EBUSY for "/"
    /// and mount points; 6.18.
    #[test]
    fn rmdir_errors() {
        let mut w = probe_tree();
        assert_eq!(w.rmdir("d"), "ENOTEMPTY");
        assert_eq!(w.rmdir("."), "EINVAL");
        assert_eq!(w.rmdir(".."), "ENOTEMPTY");
        assert_eq!(w.rmdir("d/."), "EINVAL");
        assert_eq!(w.rmdir("empty/."), "EINVAL");
        assert_eq!(w.rmdir("f"), "ENOTDIR");
        assert_eq!(w.rmdir("nope"), "ENOENT");
        assert_eq!(w.rmdir("/"), "EBUSY");
        assert_eq!(w.rmdir("f/"), "ENOTDIR");
        assert_eq!(w.mkdir("m"), "OK");
        assert_eq!(w.mount("tmpfs", "m", "tmpfs", 0, ""), "OK");
        assert_eq!(w.rmdir("m"), "EBUSY");
        assert_eq!(w.unlink("m"), "EISDIR");
        assert_eq!(w.rmdir("empty"), "OK");
        assert_eq!(w.stat("empty"), Err(Errno::ENOENT));
    }

    /// unlink(2): EISDIR on a directory (Linux, not POSIX's EPERM); trailing
    /// slash rules; 6.18.
    #[test]
    fn unlink_errors() {
        let mut w = probe_tree();
        assert_eq!(w.unlink("d"), "EISDIR");
        assert_eq!(w.unlink("nope"), "ENOENT");
        assert_eq!(w.unlink("f/"), "ENOTDIR");
        assert_eq!(w.unlink("d/"), "EISDIR");
        assert_eq!(w.unlink("."), "EISDIR");
        assert_eq!(w.unlink("nope/"), "ENOENT");
        assert_eq!(w.symlink("d", "sdir"), "OK");
        assert_eq!(w.unlink("sdir/"), "ENOTDIR");
        assert_eq!(w.rmdir("sdir"), "ENOTDIR");
        assert_eq!(w.unlink("sdir"), "OK");
        assert_eq!(w.unlink("f"), "OK");
    }

    /// rename(2); 6.18.
    #[test]
    fn rename_rules() {
        let mut w = probe_tree();
        assert_eq!(w.mkdir("r1"), "OK");
        assert_eq!(w.mkdir("r2"), "OK");
        assert_eq!(w.mkdir("r2/x"), "OK");
        w.touch("rf");
        assert_eq!(w.rename("r1", "r2"), "ENOTEMPTY");
        assert_eq!(w.rename("r1", "rf"), "ENOTDIR");
        assert_eq!(w.rename("rf", "r1"), "EISDIR");
        assert_eq!(w.rename("r2", "r2/x/y"), "EINVAL");
        assert_eq!(w.rename("r2", "r2/x"), "EINVAL");
        assert_eq!(w.rename("r2/x", "r2"), "ENOTEMPTY");
        assert_eq!(w.rename(".", "zz"), "EBUSY");
        assert_eq!(w.rename("rf", "."), "EBUSY");
        assert_eq!(w.rename("rf", "rf"), "OK");
        assert_eq!(w.rename("nope", "zz"), "ENOENT");
        assert_eq!(w.rename("rf", "newname/"), "ENOTDIR");
        assert_eq!(w.rename("r1", "r1new/"), "OK");
        assert_eq!(w.rename("r1new", "empty"), "OK");
        assert_eq!(w.rename("d", "d"), "OK");
        assert_eq!(w.mkdir("m"), "OK");
        assert_eq!(w.mkdir("m/sub"), "OK");
        assert_eq!(w.mount("tmpfs", "m", "tmpfs", 0, ""), "OK");
        assert_eq!(w.rename("m", "m2"), "EBUSY");
        assert_eq!(w.rename("f", "m/f"), "EXDEV");
        assert_eq!(w.link("f", "m/f"), "EXDEV");
        assert_eq!(w.rename("empty", "m"), "EBUSY");
        // a directory moved to another parent: the link counts follow
        assert_eq!(w.stat("r2").unwrap().nlink, 3);
        assert_eq!(w.rename("r2/x", "d/x"), "OK");
        assert_eq!(w.stat("r2").unwrap().nlink, 2);
        assert_eq!(w.stat("d").unwrap().nlink, 4);
    }

    /// link(2), symlink(2), readlink(2); 6.18.
    #[test]
    fn link_symlink_readlink() {
        let mut w = probe_tree();
        w.touch("rf");
        assert_eq!(w.link("d", "dl"), "EPERM");
        assert_eq!(w.link("f", "rf"), "EEXIST");
        assert_eq!(w.link("nope", "x2"), "ENOENT");
        assert_eq!(w.link("f", "f2"), "OK");
        assert_eq!(w.stat("f").unwrap().nlink, 2);
        assert_eq!(w.stat("f").unwrap().ino, w.stat("f2").unwrap().ino);
        assert_eq!(w.symlink("x", "f"), "EEXIST");
        assert_eq!(w.readlink("f"), Err(Errno::EINVAL));
        assert_eq!(w.readlink("d"), Err(Errno::EINVAL));
        assert_eq!(w.readlink("nope"), Err(Errno::ENOENT));
        assert_eq!(w.symlink("", "emp"), "ENOENT");
        assert_eq!(w.symlink("f", "sl"), "OK");
        assert_eq!(w.readlink("sl").unwrap(), "f");
        // a link to a symlink itself (no AT_SYMLINK_FOLLOW)
        assert_eq!(w.symlink("dangle", "dl2"), "OK");
        assert_eq!(w.link("dl2", "lnk"), "OK");
        assert_eq!(w.lstat("lnk").unwrap().nlink, 2);
        assert_eq!(w.unlink("f"), "OK");
        assert_eq!(w.stat("f2").unwrap().nlink, 1);
    }

    /// open(2); 6.18.
    #[test]
    fn open_rules() {
        let mut w = probe_tree();
        assert_eq!(w.symlink("f", "sl"), "OK");
        assert_eq!(w.symlink("dangle", "dl2"), "OK");
        assert_eq!(w.symlink("loop1", "loop2"), "OK");
        assert_eq!(w.symlink("loop2", "loop1"), "OK");
        assert_eq!(w.open_name("f", O_CREAT | O_EXCL | O_WRONLY), "EEXIST");
        assert_eq!(w.open_name("f", O_DIRECTORY), "ENOTDIR");
        assert_eq!(w.open_name("d", O_WRONLY), "EISDIR");
        assert_eq!(w.open_name("d", O_RDWR), "EISDIR");
        assert_eq!(w.open_name("d", O_CREAT), "EISDIR");
        assert_eq!(w.open_name("sl", O_NOFOLLOW), "ELOOP");
        assert_eq!(w.open_name("newx/", O_CREAT | O_WRONLY), "EISDIR");
        assert_eq!(w.open_name("loop1", O_RDONLY), "ELOOP");
        assert_eq!(w.open_name("dl2", O_CREAT | O_EXCL | O_WRONLY), "EEXIST");
        assert_eq!(w.stat("dangle"), Err(Errno::ENOENT));
        assert_eq!(w.open_name("dl2", O_CREAT | O_WRONLY), "OK");
        assert_eq!(w.stat("dangle").unwrap().mode, S_IFREG | 0o644);
        assert_eq!(w.open_name("f/", O_RDONLY), "ENOTDIR");
        assert_eq!(w.open_name("sl/", O_RDONLY), "ENOTDIR");
        assert_eq!(w.open_name("nope", O_RDONLY), "ENOENT");
        assert_eq!(w.open_name("", O_RDONLY), "ENOENT");
        assert_eq!(w.open_name("zz", O_CREAT | O_DIRECTORY), "EINVAL");
        assert_eq!(w.chdir("f"), "ENOTDIR");
        assert_eq!(name(w.stat("loop1")), "ELOOP");
        assert_eq!(w.lstat("loop1").unwrap().size, 5);
    }

    /// NAME_MAX, PATH_MAX (path_resolution(7)); 6.18.
    #[test]
    fn name_and_path_limits() {
        let mut w = W::new();
        assert_eq!(w.open_name(&"a".repeat(255), O_CREAT | O_WRONLY), "OK");
        assert_eq!(
            w.open_name(&"a".repeat(256), O_CREAT | O_WRONLY),
            "ENAMETOOLONG"
        );
        assert_eq!(name(w.stat(&"a".repeat(256))), "ENAMETOOLONG");
        assert_eq!(name(w.stat(&format!("/{}", "/".repeat(4094)))), "OK");
        assert_eq!(
            name(w.stat(&format!("/{}", "/".repeat(4095)))),
            "ENAMETOOLONG"
        );
    }

    /// MAXSYMLINKS = 40 (path_resolution(7)); 6.18: a chain of 40 links
    /// resolves, 41 give ELOOP.
    #[test]
    fn symlink_chain_limit() {
        let mut w = W::new();
        assert_eq!(w.mkdir("c"), "OK");
        w.touch("c/target");
        let mut prev = "target".to_string();
        for i in 0..41 {
            assert_eq!(w.symlink(&prev, &format!("c/l{i}")), "OK");
            prev = format!("l{i}");
        }
        assert_eq!(name(w.stat("c/l39")), "OK");
        assert_eq!(name(w.stat("c/l40")), "ELOOP");
        assert_eq!(w.mkdir("c/l0/x"), "ENOTDIR");
    }

    /// stat(2) on tmpfs: sizes, blocks, inode numbers from 1 per super block,
    /// st_dev an anonymous device; 6.18.
    #[test]
    fn stat_tmpfs() {
        let mut w = probe_tree();
        let root = w.stat(".").unwrap();
        assert_eq!(
            (root.mode, root.ino, root.blksize),
            (S_IFDIR | 0o1777, 1, 4096)
        );
        assert_eq!(root.dev.major, 0);
        let d = w.stat("d").unwrap();
        assert_eq!(
            (d.mode, d.nlink, d.size, d.ino),
            (S_IFDIR | 0o755, 3, 60, 2)
        );
        let f = w.stat("f").unwrap();
        assert_eq!(
            (f.mode, f.nlink, f.size, f.ino, f.blocks),
            (S_IFREG | 0o644, 1, 2, 3, 8)
        );
        assert_eq!(w.symlink("f", "sl"), "OK");
        let sl = w.lstat("sl").unwrap();
        assert_eq!(
            (sl.mode, sl.nlink, sl.size, sl.blocks),
            (S_IFLNK | 0o777, 1, 1, 0)
        );
        // 40 + 20 per entry: d, f, empty, sl
        assert_eq!(w.stat(".").unwrap().size, 120);
        assert_eq!(w.stat(".").unwrap().nlink, 4);
        assert_eq!(DevT::new(0, 39).encode(), 39);
        assert_eq!(DevT::new(254, 0).encode(), 65024);
    }

    /// getdents(2) on tmpfs lists newest first; 6.18: created b, a, c → c, a, b.
    #[test]
    fn getdents_order() {
        let mut w = W::new();
        assert_eq!(w.mkdir("ord"), "OK");
        for n in ["b", "a", "c"] {
            w.touch(&format!("ord/{n}"));
        }
        assert_eq!(w.ls("ord"), ["c", "a", "b"]);
        // a renamed entry takes a new offset
        assert_eq!(w.rename("ord/b", "ord/b2"), "OK");
        assert_eq!(w.ls("ord"), ["b2", "c", "a"]);
    }

    /// read(2)/write(2)/lseek(2) and the memory devices (null(4), zero(4),
    /// full(4)); 6.18.
    #[test]
    fn read_write_devices() {
        let mut w = probe_tree();
        let c = ctx_for(false, 500);
        let full = w.open("/dev/full", O_RDWR).unwrap();
        assert_eq!(w.v.write(&c, &w.files, full, b"x"), Err(Errno::ENOSPC));
        assert_eq!(w.v.read(&c, &w.files, full, 4).unwrap(), [0; 4]);
        let null = w.open("/dev/null", O_RDWR).unwrap();
        assert_eq!(w.v.read(&c, &w.files, null, 4).unwrap(), b"");
        assert_eq!(w.v.write(&c, &w.files, null, b"xyz"), Ok(3));
        assert_eq!(w.v.lseek(&w.files, null, 5, SEEK_SET), Ok(0));
        let zero = w.open("/dev/zero", O_RDONLY).unwrap();
        assert_eq!(w.v.read(&c, &w.files, zero, 3).unwrap(), [0; 3]);
        let d = w.open("d", O_RDONLY).unwrap();
        assert_eq!(w.v.read(&c, &w.files, d, 4), Err(Errno::EISDIR));
        assert_eq!(w.v.lseek(&w.files, d, 5, SEEK_SET), Ok(5));
        let ro = w.open("f", O_RDONLY).unwrap();
        assert_eq!(w.v.write(&c, &w.files, ro, b"x"), Err(Errno::EBADF));
        assert_eq!(w.v.lseek(&w.files, ro, -1, SEEK_SET), Err(Errno::EINVAL));
        assert_eq!(w.v.lseek(&w.files, ro, 0, 7), Err(Errno::EINVAL));
        assert_eq!(w.v.lseek(&w.files, ro, 3, SEEK_END), Ok(5));
        let wo = w.open("f", O_WRONLY).unwrap();
        assert_eq!(w.v.read(&c, &w.files, wo, 1), Err(Errno::EBADF));
        assert_eq!(w.v.read(&c, &w.files, 999, 1), Err(Errno::EBADF));
        assert_eq!(w.v.dup2(&mut w.files, 999, 5), Err(Errno::EBADF));
        // lowest free descriptor
        assert_eq!((full, null, zero, d, ro, wo), (0, 1, 2, 3, 4, 5));
        w.v.close(&mut w.files, null).unwrap();
        assert_eq!(w.v.close(&mut w.files, null), Err(Errno::EBADF));
        assert_eq!(w.open("f", O_RDONLY), Ok(1));
    }

    /// dup(2): descriptors share the offset; O_APPEND; O_TRUNC; holes.
    #[test]
    fn shared_offsets_append_trunc() {
        let mut w = W::new();
        w.write_file("g", b"hello");
        let c = ctx_for(false, 600);
        let a = w.open("g", O_RDWR).unwrap();
        let b = w.v.dup(&mut w.files, a).unwrap();
        assert_eq!(w.v.read(&c, &w.files, a, 2).unwrap(), b"he");
        assert_eq!(w.v.read(&c, &w.files, b, 2).unwrap(), b"ll");
        // a fork's copy shares the description too
        let mut child = w.v.dup_files(&w.files);
        assert_eq!(w.v.read(&c, &child, a, 9).unwrap(), b"o");
        w.v.put_files(std::mem::take(&mut child));
        let app = w.open("g", O_WRONLY | O_APPEND).unwrap();
        assert_eq!(w.v.write(&c, &w.files, app, b"!"), Ok(1));
        assert_eq!(w.read_file("g").unwrap(), b"hello!");
        let h = w.open("g", O_WRONLY).unwrap();
        assert_eq!(w.v.lseek(&w.files, h, 8, SEEK_SET), Ok(8));
        assert_eq!(w.v.write(&c, &w.files, h, b"x"), Ok(1));
        assert_eq!(w.read_file("g").unwrap(), b"hello!\0\0x");
        let t = w.open("g", O_WRONLY | O_TRUNC).unwrap();
        assert_eq!(w.stat("g").unwrap().size, 0);
        // close-on-exec
        let ce = w.open("g", O_RDONLY | O_CLOEXEC).unwrap();
        w.v.close_on_exec(&mut w.files);
        assert_eq!(w.v.fstat(&w.files, ce), Err(Errno::EBADF));
        assert!(w.v.fstat(&w.files, t).is_ok());
        // an unlinked file stays readable through its descriptor, nlink 0
        assert_eq!(w.unlink("g"), "OK");
        assert_eq!(w.v.fstat(&w.files, a).unwrap().nlink, 0);
    }

    /// Permission checks as nobody (no capabilities); 6.18.
    #[test]
    fn permissions_as_nobody() {
        let mut w = probe_tree();
        assert_eq!(w.mkdir("priv"), "OK");
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "priv", 0o700));
        w.touch("priv/x");
        assert_eq!(w.mkdir("pub"), "OK");
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "pub", 0o777));
        w.nobody = true;
        assert_eq!(name(w.stat("priv/x")), "EACCES");
        assert_eq!(name(w.stat("priv/nope")), "EACCES");
        assert_eq!(w.open_name("priv", O_RDONLY | O_DIRECTORY), "EACCES");
        assert_eq!(w.mkdir("nob"), "OK"); // the tmpfs root is 1777
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "f", 0o777))),
            "EPERM"
        );
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "f", Some(65534), None, 0))),
            "EPERM"
        );
        assert_eq!(w.unlink("f"), "EPERM"); // sticky
        assert_eq!(w.open_name("f", O_WRONLY), "EACCES");
        assert_eq!(w.open_name("pub/n", O_CREAT | O_WRONLY), "OK");
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchownat(
                c,
                fs,
                f,
                AT_FDCWD,
                "pub/n",
                Some(65534),
                Some(65534),
                0
            ))),
            "OK"
        );
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "pub/n", Some(0), None, 0))),
            "EPERM"
        );
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "pub/n", None, Some(0), 0))),
            "EPERM"
        );
        let c = ctx_for(true, 700);
        assert_eq!(
            w.v.chroot(&c, &mut w.fs, &w.files, "pub"),
            Err(Errno::EPERM)
        );
        assert_eq!(w.mkdir("priv/zz"), "EACCES");
        assert_eq!(w.mount("tmpfs", "pub", "tmpfs", 0, ""), "EPERM");
        assert_eq!(w.mount("tmpfs", "nope", "tmpfs", 0, ""), "ENOENT");
        // capabilities count only if the owner is mapped in the caller's
        // user namespace (capabilities(7))
        fn unmapped(_: u32, _: u32) -> bool {
            false
        }
        w.nobody = false;
        let mut c = ctx_for(false, 800);
        c.fsuid = 1000;
        c.owner_mapped = &unmapped;
        let r = w.v.fstatat(&c, &w.fs, &w.files, AT_FDCWD, "priv/x", 0);
        assert_eq!(r.map(|_| ()), Err(Errno::EACCES));
        c.owner_mapped = &nobody_mapped;
        let r = w.v.fstatat(&c, &w.fs, &w.files, AT_FDCWD, "priv/x", 0);
        assert!(r.is_ok());
    }

    /// Sticky directories (the tmpfs root is 1777): only the owner may remove
    /// or rename; 6.18.
    #[test]
    fn sticky_directory() {
        let mut w = W::new();
        assert_eq!(w.mkdir("st"), "OK");
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "st", 0o1777));
        w.touch("st/rootfile");
        w.nobody = true;
        assert_eq!(w.unlink("st/rootfile"), "EPERM");
        assert_eq!(w.rename("st/rootfile", "st/zz"), "EPERM");
        w.touch("st/mine");
        assert_eq!(w.unlink("st/mine"), "OK");
    }

    /// chmod(2) keeps set-user-ID for root; chown(2) to -1/-1 is allowed; 6.18.
    #[test]
    fn chmod_chown() {
        let mut w = probe_tree();
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "f", 0o4755));
        assert_eq!(w.stat("f").unwrap().mode, S_IFREG | 0o4755);
        w.ok(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "f", None, None, 0));
        // chown clears set-user-ID on a regular file
        w.ok(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "f", Some(1000), Some(1000), 0));
        let s = w.stat("f").unwrap();
        assert_eq!((s.mode, s.uid, s.gid), (S_IFREG | 0o755, 1000, 1000));
    }

    /// Read-only bind mounts (mount(2) MS_REMOUNT|MS_BIND|MS_RDONLY); 6.18.
    #[test]
    fn read_only_bind_mount() {
        let mut w = W::new();
        assert_eq!(w.mkdir("ro"), "OK");
        assert_eq!(w.mkdir("ro/exist"), "OK");
        w.touch("ro/f");
        assert_eq!(w.mkdir("rob"), "OK");
        assert_eq!(w.mount("/t/ro", "/t/rob", "", MS_BIND, ""), "OK");
        let fd = w.open("rob/f", O_WRONLY).unwrap();
        assert_eq!(
            w.mount("none", "/t/rob", "", MS_REMOUNT | MS_BIND | MS_RDONLY, ""),
            "EBUSY"
        );
        w.v.close(&mut w.files, fd).unwrap();
        assert_eq!(
            w.mount("none", "/t/rob", "", MS_REMOUNT | MS_BIND | MS_RDONLY, ""),
            "OK"
        );
        assert_eq!(w.mkdir("rob/exist"), "EEXIST");
        assert_eq!(w.mkdir("rob/new"), "EROFS");
        assert_eq!(w.rmdir("rob/nope"), "EROFS");
        assert_eq!(w.unlink("rob/nope"), "EROFS");
        assert_eq!(w.open_name("rob/f", O_WRONLY), "EROFS");
        assert_eq!(w.open_name("rob/g", O_WRONLY | O_CREAT), "EROFS");
        assert_eq!(w.open_name("rob/f", O_WRONLY | O_CREAT | O_EXCL), "EEXIST");
        assert_eq!(
            name(w.run(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "rob/f", 0o600))),
            "EROFS"
        );
        assert_eq!(w.rename("rob/f", "rob/g"), "EROFS");
        assert_eq!(w.symlink("x", "rob/f"), "EEXIST");
        assert_eq!(w.open_name("rob/f", O_RDONLY | O_TRUNC), "EROFS");
        assert_eq!(w.stat("rob/f").unwrap().size, 0);
        // the original stays writable
        assert_eq!(w.mkdir("ro/new"), "OK");
        let mi = w.mountinfo();
        let lines: Vec<&str> = mi.lines().collect();
        let t = lines[lines.len() - 2];
        let b = lines[lines.len() - 1];
        let tid = t.split(' ').next().unwrap();
        assert!(t.ends_with(" / /t rw,relatime - tmpfs tmpfs rw"), "{t}");
        assert!(
            b.ends_with(&format!(
                " {tid} 0:24 /ro /t/rob ro,relatime - tmpfs tmpfs rw"
            )),
            "{b}"
        );
        let mounts = w.v.render_mounts(NS, w.fs.root);
        assert!(
            mounts.ends_with("tmpfs /t/rob tmpfs ro,relatime 0 0\n"),
            "{mounts}"
        );
    }

    /// mount(2)/umount(2) errors; 6.18.
    #[test]
    fn mount_umount_errors() {
        let mut w = W::new();
        assert_eq!(w.mkdir("c"), "OK");
        w.touch("file");
        assert_eq!(w.mount("/t/file", "/t/c", "", MS_BIND, ""), "ENOTDIR");
        assert_eq!(w.mount("/t/c", "/t/file", "", MS_BIND, ""), "ENOTDIR");
        assert_eq!(w.mount("tmpfs", "/t/nope", "tmpfs", 0, ""), "ENOENT");
        assert_eq!(w.mount("x", "/t/c", "nosuchfs", 0, ""), "ENODEV");
        assert_eq!(w.mount("/t/nope", "/t/c", "", MS_BIND, ""), "ENOENT");
        assert_eq!(
            w.mount("none", "/t/c", "", MS_REMOUNT | MS_BIND | MS_RDONLY, ""),
            "EINVAL"
        );
        assert_eq!(w.mount("none", "/t/c", "", MS_PRIVATE, ""), "EINVAL");
        assert_eq!(w.umount("/t/c", 0), "EINVAL");
        assert_eq!(w.umount("/t/nope", 0), "ENOENT");
        assert_eq!(w.mkdir("m"), "OK");
        assert_eq!(w.mount("tmpfs", "/t/m", "tmpfs", 0, ""), "OK");
        assert_eq!(w.chdir("/t/m"), "OK");
        assert_eq!(w.umount("/t/m", 0), "EBUSY");
        assert_eq!(w.chdir("/t"), "OK");
        assert_eq!(w.umount("/t/m", 0), "OK");
        assert_eq!(w.umount("/t/m", 0), "EINVAL");
        assert_eq!(w.mount("tmpfs", "/t/m", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mkdir("m/s"), "OK");
        assert_eq!(w.mount("tmpfs", "/t/m/s", "tmpfs", 0, ""), "OK");
        assert_eq!(w.umount("/t/m", 0), "EBUSY");
        let before = w.mountinfo().lines().count();
        assert_eq!(w.umount("/t/m", MNT_DETACH), "OK");
        assert_eq!(w.mountinfo().lines().count(), before - 2);
        // "/" is busy (6.18: EBUSY), the hidden rootfs below it cannot go
        assert_eq!(w.umount("/", 0), "EBUSY");
    }

    /// mountinfo format and numbering (proc(5)); 6.18: a tmpfs with options,
    /// a read-only tmpfs stacked on it (its parent is the mount below),
    /// mount ids reused lowest first.
    #[test]
    fn mountinfo_format() {
        let mut w = W::new();
        assert_eq!(w.mkdir("w"), "OK");
        assert_eq!(w.mount("x", "/t/w", "tmpfs", 0, "mode=755,size=1m"), "OK");
        assert_eq!(w.mount("y", "/t/w", "tmpfs", MS_RDONLY, ""), "OK");
        let mi = w.mountinfo();
        let expect = "2 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n\
                  3 2 0:21 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n\
                  4 2 0:22 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n\
                  5 2 0:23 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666\n\
                  6 2 0:24 / /t rw,relatime - tmpfs tmpfs rw\n\
                  7 6 0:25 / /t/w rw,relatime - tmpfs x rw,size=1024k,mode=755\n\
                  8 7 0:26 / /t/w ro,relatime - tmpfs y ro\n";
        assert_eq!(mi, expect);
        let m = w.v.render_mounts(NS, w.fs.root);
        assert!(
            m.ends_with(
                "x /t/w tmpfs rw,relatime,size=1024k,mode=755 0 0\ny /t/w tmpfs ro,relatime 0 0\n"
            ),
            "{m}"
        );
        // the top mount is what the path shows
        assert_eq!(w.mkdir("w/z"), "EROFS");
        assert_eq!(w.umount("/t/w", 0), "OK");
        assert_eq!(w.mkdir("w/z"), "OK");
        assert_eq!(w.mount("again", "/t/w/z", "tmpfs", 0, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with("8 7 0:26 / /t/w/z rw,relatime - tmpfs again rw\n")
        );
        // spaces are escaped
        assert_eq!(w.mkdir("a b"), "OK");
        assert_eq!(w.mount("s\\x", "/t/a b", "tmpfs", 0, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with(" / /t/a\\040b rw,relatime - tmpfs s\\134x rw\n")
        );
    }

    /// Shared subtrees (mount_namespaces(7)): stored and shown; a mount under
    /// a shared mount gets a new peer group; 6.18 (`shared:1`, `shared:2`).
    #[test]
    fn propagation_fields() {
        let mut w = W::new();
        assert_eq!(w.mkdir("b"), "OK");
        assert_eq!(w.mount("t3", "/t/b", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mount("none", "/t/b", "", MS_SHARED, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with(" / /t/b rw,relatime shared:1 - tmpfs t3 rw\n")
        );
        assert_eq!(w.mount("t5", "/t/b", "tmpfs", 0, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with(" / /t/b rw,relatime shared:2 - tmpfs t5 rw\n")
        );
        assert_eq!(w.mount("none", "/t/b", "", MS_SLAVE, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with(" / /t/b rw,relatime master:2 - tmpfs t5 rw\n")
        );
        assert_eq!(
            w.mount("none", "/t/b", "", MS_PRIVATE | MS_SHARED, ""),
            "EINVAL"
        );
        assert_eq!(w.mount("none", "/t/b", "", MS_UNBINDABLE, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with(" / /t/b rw,relatime unbindable - tmpfs t5 rw\n")
        );
        assert_eq!(w.mkdir("c"), "OK");
        assert_eq!(w.mount("/t/b", "/t/c", "", MS_BIND, ""), "EINVAL");
    }

    /// CLONE_NEWNS (mount_namespaces(7), clone(2)): a preorder copy with new
    /// ids, shared mounts stay peers; 6.18: mounts made in the order a, a/x,
    /// b, a/y are listed a, a/x, a/y, b in the copy.
    #[test]
    fn copy_mount_namespace() {
        let mut w = W::new();
        for d in ["a", "b"] {
            assert_eq!(w.mkdir(d), "OK");
        }
        assert_eq!(w.mount("t1", "/t/a", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mkdir("a/x"), "OK");
        assert_eq!(w.mkdir("a/y"), "OK");
        assert_eq!(w.mount("t2", "/t/a/x", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mount("t3", "/t/b", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mount("t4", "/t/a/y", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mount("none", "/t/b", "", MS_SHARED, ""), "OK");
        let new_ns = NsId(4026532177);
        let map = w.v.copy_mnt_ns(NS, new_ns, false);
        let mut fs2 = w.v.copy_fs_struct(&w.fs);
        w.v.translate_fs(&mut fs2, &map);
        let mi = w.v.render_mountinfo(new_ns, fs2.root);
        let tail: Vec<String> = mi
            .lines()
            .skip(5)
            .map(|l| l.split(" - ").nth(1).unwrap().to_owned())
            .collect();
        assert_eq!(
            tail,
            ["tmpfs t1 rw", "tmpfs t2 rw", "tmpfs t4 rw", "tmpfs t3 rw"]
        );
        assert!(
            mi.lines()
                .last()
                .unwrap()
                .contains(" /t/b rw,relatime shared:1 - ")
        );
        let first: Vec<&str> = mi.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(
            first,
            ["12", "13", "14", "15", "16", "17", "18", "19", "20"]
        );
        // the cwd moved with it: a mount in the new namespace is not seen in the old
        assert_eq!(w.v.getcwd(&fs2).unwrap(), "/t");
        let c = Ctx::root(new_ns, Timespec::default());
        let files = FilesStruct::new();
        w.v.mount(&c, &fs2, &files, "new", "/t/a", "tmpfs", 0, "")
            .unwrap();
        assert!(
            w.v.render_mountinfo(new_ns, fs2.root)
                .contains("tmpfs new rw")
        );
        assert!(!w.mountinfo().contains("tmpfs new rw"));
        // mount(2) acts on the caller's namespace only: EINVAL elsewhere
        let c_old = Ctx::root(NS, Timespec::default());
        assert_eq!(
            w.v.mount(&c_old, &fs2, &files, "z", "/t/a", "tmpfs", 0, ""),
            Err(Errno::EINVAL)
        );
        // a less privileged copy turns shared mounts into slaves
        let ns3 = NsId(4026532178);
        w.v.copy_mnt_ns(NS, ns3, true);
        let root3 = w.v.ns_root(ns3).unwrap();
        assert!(
            w.v.render_mountinfo(ns3, root3)
                .contains(" /t/b rw,relatime master:1 - ")
        );
        w.v.check_invariants(&[&w.fs, &fs2], &[&w.files]).unwrap();
        w.v.put_fs_struct(fs2);
        w.v.drop_mnt_ns(new_ns);
        w.v.drop_mnt_ns(ns3);
        w.v.check_invariants(&[&w.fs], &[&w.files]).unwrap();
    }

    /// `..` crosses mount points upwards and never leaves the root
    /// (path_resolution(7), chroot(2)); getcwd shows "(unreachable)" for a cwd
    /// outside the root (getcwd(3); glibc's wrapper turns that into ENOENT,
    /// checked on 6.18), ENOENT for a removed cwd.
    #[test]
    fn dotdot_chroot_getcwd() {
        let mut w = W::new();
        assert_eq!(w.mkdir("m2"), "OK");
        assert_eq!(w.mount("tmpfs", "/t/m2", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mkdir("m2/in"), "OK");
        let t_ino = w.stat(".").unwrap().ino;
        assert_eq!(w.stat("m2/..").unwrap().ino, t_ino);
        assert_eq!(w.stat("m2/in/../..").unwrap().ino, t_ino);
        assert_eq!(w.stat("m2/in/../..").unwrap().dev, w.stat(".").unwrap().dev);
        assert_eq!(w.rmdir("m2/in/.."), "ENOTEMPTY");
        assert_eq!(w.mkdir("c"), "OK");
        assert_eq!(w.mkdir("jail"), "OK");
        assert_eq!(w.mkdir("jail/in"), "OK");
        assert_eq!(w.chdir("/t/c"), "OK");
        let c = ctx_for(false, 900);
        w.v.chroot(&c, &mut w.fs, &w.files, "/t/jail").unwrap();
        assert_eq!(w.v.getcwd(&w.fs).unwrap(), "(unreachable)/t/c");
        assert_eq!(w.chdir("/"), "OK");
        assert_eq!(w.v.getcwd(&w.fs).unwrap(), "/");
        assert_eq!(w.stat("..").unwrap().ino, w.stat("/").unwrap().ino);
        assert_eq!(w.chdir("/../../.."), "OK");
        assert_eq!(w.v.getcwd(&w.fs).unwrap(), "/");
        assert_eq!(w.ls("/"), ["in"]);
        assert_eq!(w.mkdir("/gone"), "OK");
        assert_eq!(w.chdir("/gone"), "OK");
        assert_eq!(w.rmdir("/gone"), "OK");
        assert_eq!(w.v.getcwd(&w.fs), Err(Errno::ENOENT));
        // mountinfo seen from inside the jail shows only mounts under it
        assert_eq!(w.chdir("/"), "OK");
        assert_eq!(w.mount("tmpfs", "/in", "tmpfs", 0, ""), "OK");
        let mi = w.mountinfo();
        assert_eq!(mi.lines().count(), 1, "{mi}");
        assert!(mi.contains(" / /in rw,relatime - tmpfs tmpfs rw"));
    }

    /// Bind mounts (mount(2) MS_BIND, MS_REC): a non-recursive bind does not
    /// carry submounts, a recursive one does.
    #[test]
    fn bind_and_rbind() {
        let mut w = W::new();
        for d in ["src", "src/sub", "b1", "b2"] {
            assert_eq!(w.mkdir(d), "OK");
        }
        assert_eq!(w.mount("inner", "/t/src/sub", "tmpfs", 0, ""), "OK");
        w.touch("src/sub/file");
        assert_eq!(w.mount("/t/src", "/t/b1", "", MS_BIND, ""), "OK");
        assert_eq!(w.mount("/t/src", "/t/b2", "", MS_BIND | MS_REC, ""), "OK");
        assert_eq!(w.ls("b1/sub"), Vec::<String>::new());
        assert_eq!(w.ls("b2/sub"), ["file"]);
        assert!(
            w.mountinfo()
                .contains(" /src /t/b1 rw,relatime - tmpfs tmpfs rw")
        );
        assert!(
            w.mountinfo()
                .ends_with(" / /t/b2/sub rw,relatime - tmpfs inner rw\n")
        );
        // a file bind-mounted on a file
        w.write_file("one", b"1");
        w.write_file("two", b"2");
        assert_eq!(w.mount("/t/one", "/t/two", "", MS_BIND, ""), "OK");
        assert_eq!(w.read_file("two").unwrap(), b"1");
        assert_eq!(w.unlink("two"), "EBUSY");
    }

    /// A copy for a less privileged namespace is locked (mount_namespaces(7),
    /// "Restrictions on mount namespaces"); 6.18 in `unshare -Urm`: umount of
    /// an inherited mount is EINVAL (even MNT_DETACH), a non-recursive bind of
    /// a tree with locked submounts is EINVAL, a recursive one works, locked
    /// flags cannot be cleared (EPERM), unlocked ones can be set and cleared,
    /// and mounts made inside the namespace are not locked.
    #[test]
    fn locked_mounts_in_less_privileged_namespace() {
        let mut w = W::new();
        assert_eq!(w.mkdir("ro"), "OK");
        assert_eq!(w.mount("/t/ro", "/t/ro", "", MS_BIND, ""), "OK");
        assert_eq!(
            w.mount(
                "none",
                "/t/ro",
                "",
                MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID,
                ""
            ),
            "OK"
        );
        assert_eq!(w.mkdir("bb"), "OK");
        let ns2 = NsId(4026532180);
        let map = w.v.copy_mnt_ns(NS, ns2, true);
        let mut fs2 = w.v.copy_fs_struct(&w.fs);
        w.v.translate_fs(&mut fs2, &map);
        let (mut v, files) = (w.v, FilesStruct::new());
        let c = Ctx::root(ns2, Timespec::default());
        let e = |r: Result<(), Errno>| name(r);
        assert_eq!(e(v.umount2(&c, &fs2, &files, "/proc", 0)), "EINVAL");
        assert_eq!(
            e(v.umount2(&c, &fs2, &files, "/proc", MNT_DETACH)),
            "EINVAL"
        );
        assert_eq!(
            e(v.mount(
                &c,
                &fs2,
                &files,
                "none",
                "/proc",
                "",
                MS_REMOUNT | MS_BIND,
                ""
            )),
            "EPERM"
        );
        let fl = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | MS_NOEXEC;
        assert_eq!(
            e(v.mount(&c, &fs2, &files, "none", "/proc", "", fl | MS_RDONLY, "")),
            "OK"
        );
        assert_eq!(
            e(v.mount(&c, &fs2, &files, "none", "/proc", "", fl, "")),
            "OK"
        );
        assert_eq!(
            e(v.mount(
                &c,
                &fs2,
                &files,
                "none",
                "/t/ro",
                "",
                MS_REMOUNT | MS_BIND | MS_NOSUID,
                ""
            )),
            "EPERM"
        );
        assert_eq!(
            e(v.mount(&c, &fs2, &files, "/", "/t/bb", "", MS_BIND, "")),
            "EINVAL"
        );
        assert_eq!(
            e(v.mount(&c, &fs2, &files, "/", "/t/bb", "", MS_BIND | MS_REC, "")),
            "OK"
        );
        assert_eq!(e(v.umount2(&c, &fs2, &files, "/t/bb", MNT_DETACH)), "OK");
        assert_eq!(
            e(v.mount(&c, &fs2, &files, "tmpfs", "/t/bb", "tmpfs", 0, "")),
            "OK"
        );
        assert_eq!(e(v.umount2(&c, &fs2, &files, "/t/bb", 0)), "OK");
        v.check_invariants(&[&w.fs, &fs2], &[&w.files, &files])
            .unwrap();
    }

    /// pivot_root(2), the way container runtimes use it; 6.18 in
    /// `unshare -m --propagation private`: EBUSY for a directory on the root's
    /// mount and for "/", then `pivot_root . .` and `umount -l .` leave the new
    /// root alone with its "old" directory.
    #[test]
    fn pivot_root_like_a_runtime() {
        let mut w = W::new();
        assert_eq!(w.mkdir("/t/pv"), "OK");
        assert_eq!(w.mkdir("/new"), "OK");
        let c = ctx_for(false, 1000);
        let pr = |w: &mut W, a: &str, b: &str| name(w.v.pivot_root(&c, &w.fs, &w.files, a, b));
        assert_eq!(pr(&mut w, "/new", "/new"), "EBUSY");
        assert_eq!(pr(&mut w, "/", "/t"), "EBUSY");
        assert_eq!(pr(&mut w, "/t/nope", "/t"), "ENOENT");
        assert_eq!(w.mount("tmpfs", "/t/pv", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mkdir("/t/pv/old"), "OK");
        assert_eq!(pr(&mut w, "/t/pv", "/t"), "EINVAL"); // put_old not under new_root
        assert_eq!(pr(&mut w, "/t/pv", "/tmp"), "EBUSY"); // put_old on the root's mount
        assert_eq!(w.mount("none", "/t", "", MS_SHARED, ""), "OK");
        assert_eq!(pr(&mut w, "/t/pv", "/t/pv/old"), "EINVAL"); // new_root's parent shared
        assert_eq!(w.mount("none", "/t", "", MS_PRIVATE, ""), "OK");
        w.nobody = true;
        assert_eq!(w.chdir("/t/pv"), "OK");
        let c_nobody = ctx_for(true, 1001);
        assert_eq!(
            w.v.pivot_root(&c_nobody, &w.fs, &w.files, ".", ".")
                .map(|_| ()),
            Err(Errno::EPERM)
        );
        w.nobody = false;
        let (old_root, new_root) = w.v.pivot_root(&c, &w.fs, &w.files, ".", ".").unwrap();
        w.v.chroot_fs_refs(&mut w.fs, old_root, new_root);
        assert_eq!(w.v.getcwd(&w.fs).unwrap(), "/");
        let mi = w.mountinfo();
        // the old root sits on top of the new one (mounted on its root), so
        // until it is detached it still shows at "/" with /proc above it
        assert!(
            mi.starts_with(
                "2 7 254:0 / / rw,relatime - ext4 /dev/vda rw\n3 2 0:21 / /proc rw,nosuid"
            ),
            "{mi}"
        );
        assert!(
            mi.ends_with("7 1 0:25 / / rw,relatime - tmpfs tmpfs rw\n"),
            "{mi}"
        );
        assert_eq!(w.umount(".", MNT_DETACH), "OK");
        assert_eq!(w.ls("/"), ["old"]);
        assert_eq!(w.ls("/old"), Vec::<String>::new());
        assert_eq!(w.mountinfo().lines().count(), 1);
        assert_eq!(w.stat("/..").unwrap().ino, w.stat("/").unwrap().ino);
    }

    /// mount(2) MS_MOVE; 6.18: EINVAL for a plain directory, ELOOP into
    /// itself and for "/", ENOENT; the mount keeps its id and moves.
    #[test]
    fn move_mount() {
        let mut w = W::new();
        for d in ["a", "b"] {
            assert_eq!(w.mkdir(d), "OK");
        }
        assert_eq!(w.mount("t", "/t/a", "tmpfs", 0, ""), "OK");
        assert_eq!(w.mkdir("a/in"), "OK");
        assert_eq!(w.mount("/t/b", "/t/a/in", "", MS_MOVE, ""), "EINVAL");
        assert_eq!(w.mount("/t/a", "/t/a/in", "", MS_MOVE, ""), "ELOOP");
        assert_eq!(w.mount("/t/nope", "/t/b", "", MS_MOVE, ""), "ENOENT");
        assert_eq!(w.mount("/", "/t/a", "", MS_MOVE, ""), "ELOOP");
        let before = w.mountinfo();
        assert!(
            before.ends_with("7 6 0:25 / /t/a rw,relatime - tmpfs t rw\n"),
            "{before}"
        );
        assert_eq!(w.mount("/t/a", "/t/b", "", MS_MOVE, ""), "OK");
        assert!(
            w.mountinfo()
                .ends_with("7 6 0:25 / /t/b rw,relatime - tmpfs t rw\n")
        );
        assert_eq!(w.ls("b"), ["in"]);
    }

    /// access(2) and utimensat(2); 6.18: root gets EACCES for X_OK on a
    /// file without execute bits, R_OK on mode 0100 is fine, explicit times set.
    #[test]
    fn access_and_utimes() {
        let mut w = W::new();
        w.touch("f");
        let x =
            |w: &mut W, m: u32| name(w.run(|v, c, fs, f| v.faccessat(c, fs, f, AT_FDCWD, "f", m)));
        assert_eq!(x(&mut w, 1), "EACCES");
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "f", 0o100));
        assert_eq!(x(&mut w, 4), "OK");
        assert_eq!(x(&mut w, 1), "OK");
        assert_eq!(
            name(w.run(|v, c, fs, f| v.faccessat(c, fs, f, AT_FDCWD, "nope", 0))),
            "ENOENT"
        );
        let t = |s| Timespec { sec: s, nsec: 0 };
        w.ok(|v, c, fs, f| v.utimensat(c, fs, f, AT_FDCWD, "f", Some((t(5), t(6))), 0));
        let st = w.stat("f").unwrap();
        assert_eq!((st.atime, st.mtime), (t(5), t(6)));
        w.nobody = true;
        let r = w.run(|v, c, fs, f| v.utimensat(c, fs, f, AT_FDCWD, "f", Some((t(1), t(1))), 0));
        assert_eq!(name(r), "EPERM");
        let r = w.run(|v, c, fs, f| v.utimensat(c, fs, f, AT_FDCWD, "f", None, 0));
        assert_eq!(name(r), "EACCES");
    }

    /// Set-group-ID directories (inode_init_owner(), mkdir(2), chown(2));
    /// 6.18: a new directory inherits the group and S_ISGID, a new file the
    /// group only; chown of a group-executable set-group-ID file clears it.
    #[test]
    fn setgid_directory_inheritance() {
        let mut w = W::new();
        assert_eq!(w.mkdir("g"), "OK");
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "g", 0o2775));
        w.ok(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "g", None, Some(100), 0));
        assert_eq!(w.mkdir("g/sub"), "OK");
        w.touch("g/f");
        let g = w.stat("g").unwrap();
        assert_eq!((g.mode, g.gid), (S_IFDIR | 0o2775, 100));
        let sub = w.stat("g/sub").unwrap();
        assert_eq!((sub.mode, sub.gid), (S_IFDIR | 0o2755, 100));
        let f = w.stat("g/f").unwrap();
        assert_eq!((f.mode, f.gid), (S_IFREG | 0o644, 100));
        w.ok(|v, c, fs, f| v.fchmodat(c, fs, f, AT_FDCWD, "g/f", 0o2755));
        assert_eq!(w.stat("g/f").unwrap().mode, S_IFREG | 0o2755);
        w.ok(|v, c, fs, f| v.fchownat(c, fs, f, AT_FDCWD, "g/f", Some(65534), Some(65534), 0));
        assert_eq!(w.stat("g/f").unwrap().mode, S_IFREG | 0o755);
    }

    /// Determinism: the same operations give the same bytes.
    #[test]
    fn same_ops_same_bytes() {
        let run = || {
            let mut w = probe_tree();
            assert_eq!(w.mount("tmpfs", "d", "tmpfs", 0, "mode=700"), "OK");
            w.touch("d/x");
            (w.mountinfo(), w.ls("."), w.stat("d/x").unwrap())
        };
        assert_eq!(run(), run());
    }
}
