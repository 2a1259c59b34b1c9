//! Inodes, dentries and super blocks (include/linux/fs.h, dcache.h), and
//! stat(2)'s `struct stat`.

use std::collections::BTreeMap;

use super::pseudo::PseudoKind;
use super::{DentryId, InodeId, SbId, Vfs};
use super::{S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use crate::kernel_model::cred::{Kgid, Kuid};

/// A time stamp (`struct timespec64`), from the model's virtual clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timespec {
    pub sec: i64,
    pub nsec: u32,
}

/// A device number (`dev_t`), shown as `major:minor` in mountinfo and by
/// `stat -c %t:%T`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DevT {
    pub major: u32,
    pub minor: u32,
}

impl DevT {
    pub const fn new(major: u32, minor: u32) -> DevT {
        DevT { major, minor }
    }

    /// The glibc encoding of `st_dev` (`makedev()`), e.g. 0:39 → 39 and
    /// 254:0 → 65024 (checked on 6.18 with python3 `os.stat().st_dev`).
    pub fn encode(self) -> u64 {
        let (ma, mi) = (u64::from(self.major), u64::from(self.minor));
        ((ma & 0xffff_f000) << 32) | ((ma & 0xfff) << 8) | ((mi & 0xffff_ff00) << 12) | (mi & 0xff)
    }
}

/// `UNIX98_PTY_SLAVE_MAJOR` (include/uapi/linux/major.h): pty slaves use
/// majors 136–143, 256 minors each.
pub const UNIX98_PTY_SLAVE_MAJOR: u32 = 136;

/// The memory character devices of drivers/char/mem.c (devices.txt:
/// 1:3 null, 1:5 zero, 1:7 full) and 5:0 tty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CharDev {
    /// Reads return end of file; writes succeed and are discarded (null(4)).
    Null,
    /// Reads return zero bytes; writes are discarded (zero(4)).
    Zero,
    /// Reads return zero bytes; writes fail with ENOSPC (full(4)).
    Full,
    /// The controlling terminal; the model has none, so open gives ENXIO in
    /// Linux — here it behaves as /dev/null (simplified).
    Tty,
    /// /dev/pts/ptmx (5:2), the multiplexer of a devpts instance. The
    /// model allocates pseudo-terminals with `Kernel::alloc_pty` instead of
    /// an open of ptmx, which here behaves as /dev/null (simplified).
    Ptmx,
    /// The slave side of pseudo-terminal N, /dev/pts/N (136:N, devices.txt
    /// "Unix98 PTY slaves"). The screen and keyboard are the userland's:
    /// writes are accepted and dropped, reads see end of file (simplified).
    Pty(u32),
}

impl CharDev {
    pub fn rdev(self) -> DevT {
        match self {
            CharDev::Null => DevT::new(1, 3),
            CharDev::Zero => DevT::new(1, 5),
            CharDev::Full => DevT::new(1, 7),
            CharDev::Tty => DevT::new(5, 0),
            CharDev::Ptmx => DevT::new(5, 2),
            CharDev::Pty(n) => DevT::new(UNIX98_PTY_SLAVE_MAJOR + n / 256, n % 256),
        }
    }
}

/// What an inode holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InodeData {
    /// A directory; its entries are its dentry's children (as in tmpfs,
    /// where the dcache is the directory).
    Dir,
    Regular(Vec<u8>),
    /// The link's target text.
    Symlink(String),
    CharDev(CharDev),
    /// A node of proc or sysfs, named by its path inside that filesystem;
    /// the [`super::PseudoFs`] provider serves it.
    Pseudo(String),
    /// A pipe (pipe(7)) of pipefs: the bytes written and not yet read. The
    /// model runs pipeline members one after another, so the buffer is
    /// unbounded (no PIPE_BUF/64 KiB capacity, writers never block).
    Pipe(Vec<u8>),
}

/// `struct inode`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inode {
    pub sb: SbId,
    /// `i_ino`, unique within its super block.
    pub ino: u64,
    /// Type and permission bits (`i_mode`).
    pub mode: u32,
    pub uid: Kuid,
    pub gid: Kgid,
    pub nlink: u32,
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
    pub data: InodeData,
}

impl Inode {
    pub fn file_type(&self) -> u32 {
        self.mode & S_IFMT
    }

    pub fn is_dir(&self) -> bool {
        self.file_type() == S_IFDIR
    }

    pub fn is_symlink(&self) -> bool {
        self.file_type() == S_IFLNK
    }

    pub fn is_reg(&self) -> bool {
        self.file_type() == S_IFREG
    }

    pub fn is_chr(&self) -> bool {
        self.file_type() == S_IFCHR
    }
}

/// `struct dentry`: a name in a directory. In this model (as in tmpfs) the
/// dentry tree is the directory structure: a directory's entries are its
/// dentry's `children`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dentry {
    pub name: String,
    /// `d_parent`; a super block's root dentry is its own parent.
    pub parent: DentryId,
    pub inode: InodeId,
    pub sb: SbId,
    /// Entries by name (`d_subdirs`, and the lookup hash).
    pub children: BTreeMap<String, DentryId>,
    /// Entries by directory offset (tmpfs `simple_offset`, Linux ≥ 6.6):
    /// each link into a directory takes the next offset.
    pub(crate) by_offset: BTreeMap<u64, DentryId>,
    pub(crate) d_offset: u64,
    pub(crate) next_offset: u64,
    /// False once unlinked (`d_unhashed()`): an open file or a cwd may still
    /// refer to it.
    pub hashed: bool,
    /// How many mounts sit on this dentry (`d_mountpoint()`).
    pub mounted: u32,
}

/// Which filesystem a super block belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FsKind {
    /// tmpfs and the root image: everything in memory, tmpfs rules.
    Memory,
    /// proc or sysfs, served by the [`super::PseudoFs`] provider.
    Pseudo(PseudoKind),
}

/// `struct super_block`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuperBlock {
    pub kind: FsKind,
    /// The type name in mountinfo ("tmpfs", "proc", "sysfs", "ext4"…).
    pub fstype: String,
    /// `s_dev`; anonymous devices have major 0.
    pub dev: DevT,
    pub root: DentryId,
    /// `SB_RDONLY`.
    pub rdonly: bool,
    /// The text `->show_options()` appends to the super options
    /// (e.g. ",size=1024k"), empty for a default tmpfs.
    pub options: String,
    /// Which instance of a pseudo filesystem (the provider's key: for proc
    /// the PID namespace, for sysfs the network namespace).
    pub instance: u64,
    /// Killed (no mount shows it any more); its device number was freed.
    pub dead: bool,
    pub(crate) next_ino: u64,
}

/// `struct stat` as stat(2) fills it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    pub dev: DevT,
    pub ino: u64,
    pub mode: u32,
    pub nlink: u32,
    /// Kernel ids; the Kernel maps them into the caller's user namespace.
    pub uid: Kuid,
    pub gid: Kgid,
    pub rdev: DevT,
    pub size: u64,
    pub blksize: u32,
    pub blocks: u64,
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
}

/// tmpfs `BOGO_DIRENT_SIZE` (mm/shmem.c): an empty directory's size is two
/// of these, each entry adds one (checked on 6.18: 40, then 60 with one
/// entry).
pub const BOGO_DIRENT_SIZE: u64 = 20;
/// `PAGE_SIZE`, the st_blksize of tmpfs.
pub const PAGE_SIZE: u64 = 4096;
/// shmem keeps symlinks shorter than this inline, using no page
/// (`SHORT_SYMLINK_LEN`), so their st_blocks is 0.
pub const SHORT_SYMLINK_LEN: usize = 128;

impl Vfs {
    /// A new inode in super block `sb`, with the next inode number of that
    /// super block (tmpfs numbers from 1, its root; checked on 6.18).
    pub(crate) fn new_inode(
        &mut self,
        sb: SbId,
        mode: u32,
        uid: Kuid,
        gid: Kgid,
        now: Timespec,
        data: InodeData,
    ) -> InodeId {
        let s = self.supers.get_mut(&sb).expect("live sb");
        let ino = s.next_ino;
        s.next_ino += 1;
        let nlink = if mode & S_IFMT == S_IFDIR { 2 } else { 1 };
        let id = self.alloc_inode_id();
        self.inodes.insert(
            id,
            Inode {
                sb,
                ino,
                mode,
                uid,
                gid,
                nlink,
                atime: now,
                mtime: now,
                ctime: now,
                data,
            },
        );
        id
    }

    /// A dentry for `inode` named `name` in directory `parent`
    /// (`d_alloc` + `d_instantiate` + the directory offset).
    pub(crate) fn d_add(&mut self, parent: DentryId, name: &str, inode: InodeId) -> DentryId {
        let id = self.alloc_dentry_id();
        let sb = self.inode(inode).sb;
        let p = self.dentry_mut(parent);
        let off = p.next_offset;
        p.next_offset += 1;
        p.children.insert(name.to_owned(), id);
        p.by_offset.insert(off, id);
        self.dentries.insert(
            id,
            Dentry {
                name: name.to_owned(),
                parent,
                inode,
                sb,
                children: BTreeMap::new(),
                by_offset: BTreeMap::new(),
                d_offset: off,
                next_offset: 2,
                hashed: true,
                mounted: 0,
            },
        );
        id
    }

    /// Removes a dentry from its parent's directory (`d_delete`): it stays
    /// in the arena, unhashed.
    pub(crate) fn d_drop(&mut self, d: DentryId) {
        let (parent, name, off) = {
            let x = self.dentry(d);
            (x.parent, x.name.clone(), x.d_offset)
        };
        let p = self.dentry_mut(parent);
        p.children.remove(&name);
        p.by_offset.remove(&off);
        self.dentry_mut(d).hashed = false;
    }

    /// `d_invalidate()`: unhashes a stale pseudo-filesystem dentry and
    /// everything cached below it.
    pub(crate) fn d_invalidate(&mut self, d: DentryId) {
        let children: Vec<DentryId> = self.dentry(d).children.values().copied().collect();
        for c in children {
            self.d_invalidate(c);
        }
        self.d_drop(d);
    }

    /// Moves a dentry to a new parent and name, taking a new directory
    /// offset (`d_move`; tmpfs gives a renamed entry a new offset, so it is
    /// listed first afterwards — checked on 6.18).
    pub(crate) fn d_move(&mut self, d: DentryId, new_parent: DentryId, new_name: &str) {
        self.d_drop(d);
        let p = self.dentry_mut(new_parent);
        let off = p.next_offset;
        p.next_offset += 1;
        p.children.insert(new_name.to_owned(), d);
        p.by_offset.insert(off, d);
        let x = self.dentry_mut(d);
        x.parent = new_parent;
        x.name = new_name.to_owned();
        x.d_offset = off;
        x.hashed = true;
    }

    /// A new super block with its root directory inode and dentry.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_super(
        &mut self,
        kind: FsKind,
        fstype: &str,
        dev: DevT,
        root_mode: u32,
        uid: Kuid,
        gid: Kgid,
        now: Timespec,
    ) -> SbId {
        let sb = self.alloc_sb_id();
        let root_d = self.alloc_dentry_id();
        self.supers.insert(
            sb,
            SuperBlock {
                kind,
                fstype: fstype.to_owned(),
                dev,
                root: root_d,
                rdonly: false,
                options: String::new(),
                instance: 0,
                dead: false,
                next_ino: 1,
            },
        );
        let data = match kind {
            FsKind::Memory => InodeData::Dir,
            FsKind::Pseudo(_) => InodeData::Pseudo("/".to_owned()),
        };
        let ino = self.new_inode(sb, S_IFDIR | (root_mode & 0o7777), uid, gid, now, data);
        self.dentries.insert(
            root_d,
            Dentry {
                name: "/".to_owned(),
                parent: root_d,
                inode: ino,
                sb,
                children: BTreeMap::new(),
                by_offset: BTreeMap::new(),
                d_offset: 0,
                next_offset: 2,
                hashed: true,
                mounted: 0,
            },
        );
        sb
    }

    /// A new anonymous device number (`get_anon_bdev()`: major 0, lowest
    /// free minor).
    pub(crate) fn anon_dev(&mut self) -> DevT {
        DevT::new(0, self.anon_devs.alloc())
    }

    /// stat(2) of an inode (tmpfs rules for sizes and blocks; checked on
    /// 6.18: a 2-byte file has st_blocks 8 and st_blksize 4096, a
    /// directory 40 + 20 per entry and 0 blocks, a short symlink its length
    /// and 0 blocks).
    pub fn stat_dentry(&self, d: DentryId) -> Stat {
        let den = self.dentry(d);
        let i = self.inode(den.inode);
        let sb = self.super_block(i.sb);
        let (size, blocks) = match &i.data {
            InodeData::Dir => match sb.kind {
                FsKind::Memory => (
                    2 * BOGO_DIRENT_SIZE + BOGO_DIRENT_SIZE * den.children.len() as u64,
                    0,
                ),
                FsKind::Pseudo(_) => (0, 0),
            },
            InodeData::Regular(b) => {
                let len = b.len() as u64;
                (len, len.div_ceil(PAGE_SIZE) * (PAGE_SIZE / 512))
            }
            InodeData::Symlink(t) => {
                let blocks = if t.len() < SHORT_SYMLINK_LEN {
                    0
                } else {
                    PAGE_SIZE / 512
                };
                (t.len() as u64, blocks)
            }
            InodeData::CharDev(_) | InodeData::Pseudo(_) | InodeData::Pipe(_) => (0, 0),
        };
        let rdev = match &i.data {
            InodeData::CharDev(c) => c.rdev(),
            _ => DevT::default(),
        };
        Stat {
            dev: sb.dev,
            ino: i.ino,
            mode: i.mode,
            nlink: i.nlink,
            uid: i.uid,
            gid: i.gid,
            rdev,
            size,
            blksize: PAGE_SIZE as u32,
            blocks,
            atime: i.atime,
            mtime: i.mtime,
            ctime: i.ctime,
        }
    }
}
