//! devpts (Documentation/filesystems/devpts.rst): the filesystem of
//! pseudo-terminal slaves, /dev/pts/N. Every mount is a new instance
//! (Linux ≥ 4.7) holding `ptmx` (5:2) and one character device per
//! allocated terminal (136:N, owner the allocating task's fsuid, group
//! and mode from the mount options `gid=` and `mode=`).
//!
//! Simplified: devpts keeps the in-memory rules of tmpfs for everything
//! but its nodes (mkdir or create inside it is not refused as on Linux);
//! a terminal, once allocated, stays until the model ends (there is no
//! master side to close).

use super::inode::{CharDev, InodeData, Timespec};
use super::{DentryId, FsKind, S_IFCHR, SbId, Vfs};
use crate::kernel_model::cred::Kuid;
use crate::kernel_model::errno::{Errno, SysResult};

/// The options of a devpts instance (`struct pts_mount_opts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DevptsOpts {
    pub gid: Option<u32>,
    /// Mode of new slaves (default 0600, `DEVPTS_DEFAULT_MODE`).
    pub mode: u32,
    /// Mode of ptmx (default 0000, `DEVPTS_DEFAULT_PTMX_MODE`).
    pub ptmxmode: u32,
}

impl DevptsOpts {
    /// `parse_mount_options()`: `gid=`, `mode=`, `ptmxmode=` (octal);
    /// EINVAL for anything else the model does not know.
    pub fn parse(data: &str) -> SysResult<DevptsOpts> {
        let mut o = DevptsOpts {
            gid: None,
            mode: 0o600,
            ptmxmode: 0,
        };
        for opt in data.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = opt.split_once('=').ok_or(Errno::EINVAL)?;
            match k {
                "gid" => o.gid = Some(v.parse().map_err(|_| Errno::EINVAL)?),
                "mode" => o.mode = u32::from_str_radix(v, 8).map_err(|_| Errno::EINVAL)? & 0o777,
                "ptmxmode" => {
                    o.ptmxmode = u32::from_str_radix(v, 8).map_err(|_| Errno::EINVAL)? & 0o777
                }
                _ => return Err(Errno::EINVAL),
            }
        }
        Ok(o)
    }

    /// `devpts_show_options()`: what mountinfo shows after "rw".
    pub fn show(&self) -> String {
        let gid = self.gid.map(|g| format!(",gid={g}")).unwrap_or_default();
        format!(
            "{gid},mode={:03o},ptmxmode={:03o}",
            self.mode, self.ptmxmode
        )
    }
}

/// Inode number of ptmx; slave N has N + 3 (`pty_number + 3`, fs/devpts).
const PTMX_INO: u64 = 2;

impl Vfs {
    /// A new devpts super block (`devpts_fill_super`): root 0755, ptmx.
    pub(super) fn new_devpts(&mut self, data: &str, now: Timespec) -> SysResult<SbId> {
        let opts = DevptsOpts::parse(data)?;
        let dev = self.anon_dev();
        let sb = self.new_super(FsKind::Memory, "devpts", dev, 0o755, 0, 0, now);
        self.supers.get_mut(&sb).expect("sb").options = opts.show();
        let root = self.super_block(sb).root;
        let ptmx = self.new_inode(
            sb,
            S_IFCHR | opts.ptmxmode,
            0,
            0,
            now,
            InodeData::CharDev(CharDev::Ptmx),
        );
        self.inode_mut(ptmx).ino = PTMX_INO;
        self.d_add(root, "ptmx", ptmx);
        Ok(sb)
    }

    /// Whether `sb` is a live devpts instance.
    pub fn is_devpts(&self, sb: SbId) -> bool {
        let s = self.super_block(sb);
        s.fstype == "devpts" && !s.dead
    }

    /// `devpts_new_index()` + `devpts_pty_new()`: the lowest free index of
    /// the instance and its node /dev/pts/N, owned by `uid` and by the
    /// `gid=` option's group (else `gid`'s), mode from `mode=`.
    pub fn devpts_new(&mut self, sb: SbId, uid: Kuid, gid: u32, now: Timespec) -> SysResult<u32> {
        if !self.is_devpts(sb) {
            return Err(Errno::ENODEV);
        }
        let s = self.super_block(sb);
        let opts = DevptsOpts::parse(s.options.trim_start_matches(','))?;
        let root = s.root;
        let used = &self.dentry(root).children;
        let index = (0u32..)
            .find(|n| !used.contains_key(&n.to_string()))
            .expect("a free index");
        let ino = self.new_inode(
            sb,
            S_IFCHR | opts.mode,
            uid,
            opts.gid.unwrap_or(gid),
            now,
            InodeData::CharDev(CharDev::Pty(index)),
        );
        self.inode_mut(ino).ino = u64::from(index) + 3;
        self.d_add(root, &index.to_string(), ino);
        Ok(index)
    }

    /// The root dentry of a devpts instance.
    pub fn devpts_root(&self, sb: SbId) -> DentryId {
        self.super_block(sb).root
    }
}
