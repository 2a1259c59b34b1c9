//! Consistency checks over the whole VFS (for tests and the proptest):
//! O(everything), never on a syscall path.

use std::collections::BTreeMap;

use super::{DentryId, FilesStruct, FsStruct, InodeId, MountId, Path, Vfs};

impl Vfs {
    /// Checks: every hashed dentry is listed by its parent under its name
    /// and offset; every inode's nlink is the number of hashed dentries
    /// naming it (a directory: 2 + its subdirectories, 0 once removed);
    /// every mount of a namespace has its parent in the same namespace,
    /// is its parent's child and the mount hash's entry for its mountpoint,
    /// and every mountpoint's count matches; mount ids are unique; mount
    /// references equal the open files plus the given fs_structs' paths;
    /// open file references equal the descriptors in the given tables.
    pub fn check_invariants(
        &self,
        fs_structs: &[&FsStruct],
        tables: &[&FilesStruct],
    ) -> Result<(), String> {
        let mut names: BTreeMap<InodeId, u32> = BTreeMap::new();
        let mut dir_dentry: BTreeMap<InodeId, DentryId> = BTreeMap::new();
        for (&id, d) in &self.dentries {
            if d.children.len() != d.by_offset.len() {
                return Err(format!("dentry {id:?}: children and offsets differ"));
            }
            if !d.hashed {
                continue;
            }
            if d.parent != id {
                let p = self.dentry(d.parent);
                if !p.hashed {
                    return Err(format!("hashed dentry {id:?} under unhashed parent"));
                }
                if p.children.get(&d.name) != Some(&id) || p.by_offset.get(&d.d_offset) != Some(&id)
                {
                    return Err(format!(
                        "dentry {id:?} {:?} not listed by its parent",
                        d.name
                    ));
                }
            }
            *names.entry(d.inode).or_default() += 1;
            if self.inode(d.inode).is_dir() && dir_dentry.insert(d.inode, id).is_some() {
                return Err(format!("directory with two names: {:?}", d.name));
            }
        }
        for (&id, i) in &self.inodes {
            if matches!(i.data, super::InodeData::Pseudo(_)) {
                continue;
            }
            let want = match (names.get(&id), dir_dentry.get(&id)) {
                (None, _) => 0,
                (Some(_), Some(&d)) => {
                    let de = self.dentry(d);
                    2 + de
                        .children
                        .values()
                        .filter(|c| self.inode(self.dentry(**c).inode).is_dir())
                        .count() as u32
                }
                (Some(&n), None) => n,
            };
            if i.nlink != want {
                return Err(format!("inode {} has nlink {} want {want}", i.ino, i.nlink));
            }
        }
        let mut mounted: BTreeMap<DentryId, u32> = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for (&ns, t) in &self.namespaces {
            if self.mnt(t.root).parent.is_some() || !t.mounts.contains(&t.root) {
                return Err(format!("ns {ns}: bad root"));
            }
            for &m in &t.mounts {
                let mm = self.mnt(m);
                if mm.ns != Some(ns) {
                    return Err(format!("mount {} not in its ns {ns}", mm.mnt_id));
                }
                if ids.insert(mm.mnt_id, m).is_some() {
                    return Err(format!("duplicate mount id {}", mm.mnt_id));
                }
                if let Some(p) = mm.parent {
                    let pm = self.mnt(p);
                    if pm.ns != Some(ns) || !pm.children.contains(&m) {
                        return Err(format!("mount {}: parent link broken", mm.mnt_id));
                    }
                    if self.mount_hash.get(&Path {
                        mnt: p,
                        dentry: mm.mountpoint,
                    }) != Some(&m)
                    {
                        return Err(format!("mount {}: not hashed", mm.mnt_id));
                    }
                    if self.dentry(mm.mountpoint).sb != pm.sb {
                        return Err(format!("mount {}: mountpoint outside parent", mm.mnt_id));
                    }
                    *mounted.entry(mm.mountpoint).or_default() += 1;
                } else if m != t.root {
                    return Err(format!("orphan mount {}", mm.mnt_id));
                }
                for c in &mm.children {
                    if self.mnt(*c).parent != Some(m) {
                        return Err(format!("mount {}: child link broken", mm.mnt_id));
                    }
                }
            }
        }
        for (p, &m) in &self.mount_hash {
            if self.mnt(m).parent != Some(p.mnt) {
                return Err("stale mount hash entry".into());
            }
        }
        for (&id, d) in &self.dentries {
            if d.mounted != mounted.get(&id).copied().unwrap_or(0) {
                return Err(format!("dentry {:?}: mounted {} wrong", d.name, d.mounted));
            }
        }
        let mut refs: BTreeMap<MountId, u32> = BTreeMap::new();
        let mut frefs: BTreeMap<super::FileId, u32> = BTreeMap::new();
        // pipefs's internal mount holds one reference of its own.
        if let Some(m) = self.pipe_mnt {
            *refs.entry(m).or_default() += 1;
        }
        for fs in fs_structs {
            *refs.entry(fs.root.mnt).or_default() += 1;
            *refs.entry(fs.pwd.mnt).or_default() += 1;
        }
        for t in tables {
            for (_, e) in t.fds() {
                *frefs.entry(e.file).or_default() += 1;
            }
        }
        for (&id, f) in &self.files {
            *refs.entry(f.path.mnt).or_default() += 1;
            if frefs.get(&id).copied().unwrap_or(0) != f.refs {
                return Err(format!("file {id:?}: refs {} wrong", f.refs));
            }
        }
        if frefs.keys().any(|k| !self.files.contains_key(k)) {
            return Err("descriptor of a closed file".into());
        }
        for (&id, m) in &self.mounts {
            if m.refs != refs.get(&id).copied().unwrap_or(0) {
                return Err(format!("mount {}: refs {} wrong", m.mnt_id, m.refs));
            }
        }
        Ok(())
    }
}
