//! `world_view_diff::diff`: two WorldViews compared up to renaming of
//! namespace inode numbers and mount ids. Property tests on random model
//! worlds (`scenario::run_seeded`): a view equals itself and any
//! consistent renaming of itself; an inconsistent renaming or a changed
//! field is reported. Plus the parser of /proc/sysvipc/msg on real text.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use ctlab::kernel_model::procfs::sysvipc::{MsgRow, parse_sysvipc_msg};
use ctlab::kernel_model::scenario::run_seeded;
use ctlab::kernel_model::world_view::{MountView, NamespaceView, ProcessView};
use ctlab::kernel_model::world_view_diff::{Difference, Side, diff};
use ctlab::kernel_model::{NsType, WorldView};
use proptest::prelude::*;

/// A deterministic shuffle (SplitMix64) for the renamings.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A bijection of `keys` onto distinct numbers from `base` up, in an
/// order shuffled by `salt`.
fn permutation(keys: impl IntoIterator<Item = u32>, salt: u64, base: u32) -> BTreeMap<u32, u32> {
    let mut keys: Vec<u32> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut shuffled = keys.clone();
    shuffled.sort_by_key(|&k| mix(salt ^ u64::from(k)));
    shuffled
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, base + i as u32))
        .collect()
}

/// Every namespace inode number a view mentions.
fn inodes(v: &WorldView) -> Vec<u32> {
    let mut all: Vec<u32> = Vec::new();
    for n in &v.namespaces {
        all.push(n.inode);
        all.extend(n.parent);
        all.extend(n.owner);
    }
    for p in &v.processes {
        all.extend(p.ns.iter().map(|&(_, i)| i));
    }
    all.extend(v.mount_tables.iter().map(|t| t.ns));
    all
}

/// `v` with its namespaces renamed by `ns` and each table's mount ids by
/// a permutation of its own (ids outside a table, the root's parent,
/// renamed too).
fn rename(v: &WorldView, ns: &BTreeMap<u32, u32>, salt: u64) -> WorldView {
    let r = |i: u32| ns[&i];
    let mut w = v.clone();
    for n in &mut w.namespaces {
        n.inode = r(n.inode);
        n.parent = n.parent.map(r);
        n.owner = n.owner.map(r);
    }
    w.namespaces.sort_by_key(|n| n.inode);
    for p in &mut w.processes {
        for e in &mut p.ns {
            e.1 = r(e.1);
        }
    }
    for (t_i, t) in w.mount_tables.iter_mut().enumerate() {
        t.ns = r(t.ns);
        let ids = permutation(
            t.mounts.iter().flat_map(|m| [m.mount_id, m.parent_id]),
            salt ^ t_i as u64,
            100,
        );
        for m in &mut t.mounts {
            m.mount_id = ids[&m.mount_id];
            m.parent_id = ids[&m.parent_id];
        }
    }
    w.mount_tables.sort_by_key(|t| t.ns);
    w
}

fn world(seed: u64, steps: usize) -> WorldView {
    run_seeded(seed, steps).0.world_view()
}

fn texts(d: &[Difference]) -> Vec<String> {
    d.iter().map(ToString::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_view_equals_itself_and_its_renamings(seed in 0u64..10_000, steps in 0usize..150, salt: u64) {
        let v = world(seed, steps);
        prop_assert_eq!(texts(&diff(&v, &v)), Vec::<String>::new());
        let w = rename(&v, &permutation(inodes(&v), salt, 4_026_540_000), salt);
        prop_assert_eq!(texts(&diff(&v, &w)), Vec::<String>::new());
        // And the other way round.
        prop_assert_eq!(texts(&diff(&w, &v)), Vec::<String>::new());
    }

    /// What the kernel reader cannot list — namespaces no process names,
    /// even when they are the parent or owner of one it does — may be
    /// missing on the kernel side (`NOT_OBSERVABLE`).
    #[test]
    fn namespaces_no_process_names_may_be_missing(seed in 0u64..10_000, steps in 0usize..150, salt: u64) {
        let v = world(seed, steps);
        let mut w = rename(&v, &permutation(inodes(&v), salt, 4_026_540_000), salt);
        let named: Vec<u32> = w.processes.iter().flat_map(|p| p.ns.iter().map(|e| e.1)).collect();
        w.namespaces.retain(|n| named.contains(&n.inode));
        w.mount_tables.retain(|t| named.contains(&t.ns));
        prop_assert_eq!(texts(&diff(&v, &w)), Vec::<String>::new());
    }

    /// One model namespace named twice on the kernel side: init's
    /// pid_for_children alone gets a number of its own.
    #[test]
    fn splitting_a_namespace_is_reported(seed in 0u64..10_000, steps in 0usize..150, salt: u64) {
        let v = world(seed, steps);
        let mut w = rename(&v, &permutation(inodes(&v), salt, 4_026_540_000), salt);
        let init = w.processes.iter_mut().find(|p| p.nspid[0] == 1);
        prop_assume!(init.as_ref().is_some_and(|p| p.ns.iter().any(|(n, _)| n == "pid_for_children")));
        let init = init.unwrap();
        let e = init.ns.iter_mut().find(|(n, _)| n == "pid_for_children").unwrap();
        e.1 = 4_000_000_000;
        let d = diff(&v, &w);
        // A clash where the namespace is named elsewhere too; where init's
        // entry was its only mention, the new name is a namespace the
        // kernel view does not describe, and the old one goes missing.
        prop_assert!(
            d.iter().any(|d| match d {
                Difference::Renaming { ns_type: NsType::Pid, kernel, earlier_kernel, .. } =>
                    *kernel == 4_000_000_000 || *earlier_kernel == 4_000_000_000,
                Difference::NamespaceOnlyIn { side: Side::Model, ns_type: NsType::Pid, .. } => true,
                _ => false,
            }),
            "{:?}", texts(&d)
        );
    }

    /// Two model namespaces of one type named alike on the kernel side.
    #[test]
    fn merging_two_namespaces_is_reported(seed in 0u64..10_000, steps in 20usize..150, salt: u64) {
        let v = world(seed, steps);
        let mut by_type: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for p in &v.processes {
            for (n, i) in &p.ns {
                let list = by_type.entry(n.clone()).or_default();
                if !list.contains(i) {
                    list.push(*i);
                }
            }
        }
        let two = by_type.values().find(|l| l.len() >= 2);
        prop_assume!(two.is_some());
        let (a, b) = (two.unwrap()[0], two.unwrap()[1]);
        let mut perm = permutation(inodes(&v), salt, 4_026_540_000);
        perm.insert(b, perm[&a]);
        let w = rename(&v, &perm, salt);
        let d = diff(&v, &w);
        prop_assert!(d.iter().any(|d| matches!(d, Difference::Renaming { .. })), "{:?}", texts(&d));
    }

    /// A changed field of a process, a namespace, a mount is reported,
    /// naming the field.
    #[test]
    fn a_changed_field_is_reported(seed in 0u64..10_000, steps in 0usize..150, salt: u64, which in 0usize..4) {
        let v = world(seed, steps);
        let mut w = rename(&v, &permutation(inodes(&v), salt, 4_026_540_000), salt);
        let p = (salt as usize) % w.processes.len();
        let field = match which {
            0 => { w.processes[p].comm.push('x'); "comm" }
            1 => { w.processes[p].ppid += 1000; "ppid" }
            2 => {
                // The uts namespace of some process: a referenced one.
                let uts = w.processes[p].ns.iter().find(|(n, _)| n == "uts").map(|e| e.1);
                prop_assume!(uts.is_some());
                let n = w.namespaces.iter_mut().find(|n| Some(n.inode) == uts).unwrap();
                n.details.iter_mut().find(|(k, _)| k == "hostname").unwrap().1.push('x');
                "hostname"
            }
            _ => {
                let mnt = w.processes[p].ns.iter().find(|(n, _)| n == "mnt").map(|e| e.1);
                let t = w.mount_tables.iter_mut().find(|t| Some(t.ns) == mnt);
                prop_assume!(t.as_ref().is_some_and(|t| t.mounts.len() > 1));
                let t = t.unwrap();
                let last = t.mounts.len() - 1;
                t.mounts[last].options.push_str(",ro");
                "options"
            }
        };
        let d = diff(&v, &w);
        prop_assert!(
            d.iter().any(|d| match d {
                Difference::Process { field: f, .. }
                | Difference::Namespace { field: f, .. }
                | Difference::Mount { field: f, .. } => f == field,
                _ => false,
            }),
            "{field}: {:?}", texts(&d)
        );
    }
}

/// What the kernel reader would build for the world a lesson starts in
/// (conventions.md): `init` and the first terminal's bash in a sandbox of
/// fresh mount/pid/uts/ipc/net/cgroup namespaces, user and time
/// namespaces the host's initial ones, root an overlay. Inode numbers as
/// a 6.18 kernel hands them out (4026532177 up), mount ids as in a fresh
/// mount namespace. It equals the model's own view up to renaming.
#[test]
fn the_starting_world_equals_a_kernel_like_view() {
    let mut s = ctlab::userland::session::Session::with_kernel(
        ctlab::kernel_model::kernel::Kernel::with_config(ctlab::kernel_model::kernel::Config {
            sandbox_world: true,
            ..Default::default()
        }),
    );
    assert_eq!(s.run("host", "true").status, 0);
    let model = s.kernel().world_view();
    // Sandbox namespaces: mnt 4026532177, uts 178, ipc 179, pid 180,
    // cgroup 181, net 182; the host's user 4026531837 and time 4026531834.
    let ns = |mnt: u32| {
        vec![
            ("net".to_string(), 4_026_532_182),
            ("uts".into(), 4_026_532_178),
            ("ipc".into(), 4_026_532_179),
            ("pid".into(), 4_026_532_180),
            ("pid_for_children".into(), 4_026_532_180),
            ("user".into(), 4_026_531_837),
            ("mnt".into(), mnt),
            ("cgroup".into(), 4_026_532_181),
            ("time".into(), 4_026_531_834),
            ("time_for_children".into(), 4_026_531_834),
        ]
    };
    let process = |pid: i32, ppid: i32, comm: &str| ProcessView {
        nspid: vec![pid],
        ppid,
        comm: comm.into(),
        state: "S".into(),
        uid: 0,
        gid: 0,
        ns: ns(4_026_532_177),
        cgroup: "/".into(),
    };
    let namespace = |ns_type, inode, details: &[(&str, &str)]| NamespaceView {
        ns_type,
        inode,
        parent: None,
        owner: (ns_type != NsType::User).then_some(4_026_531_837),
        level: 0,
        details: details
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let mount = |id, parent, point: &str, fs: &str, source: &str, options: &str| MountView {
        mount_id: id,
        parent_id: parent,
        mount_point: point.into(),
        fs_type: fs.into(),
        source: source.into(),
        options: options.into(),
    };
    let nodev = "rw,nosuid,nodev,noexec,relatime";
    let kernel = WorldView {
        processes: vec![process(1, 0, "init"), process(2, 1, "bash")],
        namespaces: vec![
            namespace(NsType::Time, 4_026_531_834, &[("frozen", "true")]),
            namespace(
                NsType::User,
                4_026_531_837,
                &[
                    ("owner_uid", "0"),
                    ("uid_map", "0 0 4294967295"),
                    ("gid_map", "0 0 4294967295"),
                    ("setgroups", "allow"),
                ],
            ),
            namespace(NsType::Mnt, 4_026_532_177, &[("mounts", "9")]),
            namespace(
                NsType::Uts,
                4_026_532_178,
                &[("hostname", "ctlab"), ("domainname", "(none)")],
            ),
            namespace(NsType::Ipc, 4_026_532_179, &[("msg_queues", "")]),
            namespace(NsType::Pid, 4_026_532_180, &[("init_alive", "true")]),
            namespace(NsType::Cgroup, 4_026_532_181, &[("root", "/")]),
            // The model's initial loopback is up: the sandbox brings it up.
            namespace(NsType::Net, 4_026_532_182, &[("lo", "UP")]),
        ],
        mount_tables: vec![ctlab::kernel_model::world_view::MountTableView {
            ns: 4_026_532_177,
            mounts: vec![
                // /proc/self/mountinfo in the native sandbox on 6.18
                // (native/tests/sandbox.rs prints it).
                mount(67, 42, "/", "overlay", "overlay", "rw,relatime"),
                mount(68, 67, "/tmp", "tmpfs", "tmpfs", "rw,nosuid,nodev,relatime"),
                mount(69, 67, "/root", "tmpfs", "tmpfs", "rw,relatime"),
                mount(70, 67, "/dev", "tmpfs", "tmpfs", "rw,nosuid,relatime"),
                mount(
                    71,
                    70,
                    "/dev/pts",
                    "devpts",
                    "devpts",
                    "rw,nosuid,noexec,relatime",
                ),
                mount(
                    72,
                    70,
                    "/dev/shm",
                    "tmpfs",
                    "tmpfs",
                    "rw,nosuid,nodev,relatime",
                ),
                mount(73, 67, "/proc", "proc", "proc", nodev),
                mount(
                    74,
                    73,
                    "/proc/sys",
                    "proc",
                    "proc",
                    "ro,nosuid,nodev,noexec,relatime",
                ),
                mount(
                    75,
                    67,
                    "/sys",
                    "sysfs",
                    "sysfs",
                    "ro,nosuid,nodev,noexec,relatime",
                ),
            ],
        }],
    };
    assert_eq!(texts(&diff(&model, &kernel)), Vec::<String>::new());

    // And the same view with what a student would notice changed.
    let mut changed = kernel.clone();
    changed.processes[1].comm = "sh".into();
    changed.namespaces[3].details[0].1 = "box".into();
    changed.namespaces[7].details[0].1 = "DOWN".into();
    changed.mount_tables[0].mounts[8].fs_type = "tmpfs".into();
    changed.mount_tables[0].mounts[4].parent_id = 73;
    changed.processes[1].ns[1].1 = 4_026_532_999;
    assert_eq!(
        texts(&diff(&model, &changed)),
        [
            "process 2 (bash): comm model \"bash\" kernel \"sh\"",
            "process 2 (bash) ns uts: uts:[model 4026531838 ↔ kernel 4026532999] clashes with \
             uts:[model 4026531838 ↔ kernel 4026532178] (the two sides share namespaces differently)",
            "namespace net:[model 4026531833 ↔ kernel 4026532182]: lo model \"UP\" kernel \"DOWN\"",
            "namespace uts:[model 4026531838 ↔ kernel 4026532178]: hostname model \"ctlab\" kernel \"box\"",
            "mount table of mnt:[model 4026531832 ↔ kernel 4026532177]: line 5 (/dev/pts): \
             parent_id model \"5\" kernel \"73\"",
            "mount table of mnt:[model 4026531832 ↔ kernel 4026532177]: line 9 (/sys): \
             fs_type model \"sysfs\" kernel \"tmpfs\"",
        ]
    );
    // serde: a Difference is tagged by kind and round-trips.
    let d = diff(&model, &changed);
    let json = serde_json::to_string(&d[0]).unwrap();
    assert!(json.starts_with("{\"kind\":\"process\""), "{json}");
    assert_eq!(serde_json::from_str::<Difference>(&json).unwrap(), d[0]);
}

/// A process and a namespace only one side has.
#[test]
fn missing_process_and_namespace() {
    let v = world(3, 0);
    let mut w = v.clone();
    let mut extra = w.processes[0].clone();
    extra.nspid = vec![40];
    extra.comm = "sleep".into();
    extra.ns[1].1 = 4_026_539_999; // a uts namespace the model lacks
    w.processes.push(extra);
    w.namespaces.push(NamespaceView {
        ns_type: NsType::Uts,
        inode: 4_026_539_999,
        parent: None,
        owner: Some(NsType::User.init_inum().0),
        level: 0,
        details: vec![],
    });
    assert_eq!(
        texts(&diff(&v, &w)),
        [
            "process 40 (sleep): only in the kernel",
            "namespace uts:[4026539999]: only in the kernel"
        ]
    );
    assert_eq!(
        diff(&w, &v)[0],
        Difference::ProcessOnlyIn {
            side: Side::Model,
            pid: 40,
            comm: "sleep".into()
        }
    );
}

/// /proc/sysvipc/msg as 6.18 printed it in a fresh IPC namespace after
/// `ipcmk -Q; ipcmk -Q -p 0600` (`cat -A` to see the exact bytes), and
/// the model's rendering, both through the one parser.
#[test]
fn sysvipc_msg_parses_real_and_model_text() {
    let real = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n\
-348207610          0   644           0          0     0     0     0     0     0     0          0          0 1795339187\n\
1111571728          1   600           0          0     0     0     0     0     0     0          0          0 1795339188\n";
    let rows = parse_sysvipc_msg(real).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        MsgRow {
            key: -348_207_610,
            msqid: 0,
            perms: 0o644,
            cbytes: 0,
            qnum: 0,
            lspid: 0,
            lrpid: 0,
            uid: 0,
            gid: 0,
            cuid: 0,
            cgid: 0,
            stime: 0,
            rtime: 0,
            ctime: 1_795_339_187
        }
    );
    assert_eq!((rows[1].msqid, rows[1].perms), (1, 0o600));
    assert_eq!(parse_sysvipc_msg("garbage\n"), None);

    let mut k = ctlab::kernel_model::Kernel::new();
    let init = k.init_task();
    let id = k.msgget(init, 42, 0o1640).unwrap();
    let text = k.read_file(init, "/proc/sysvipc/msg").unwrap();
    let rows = parse_sysvipc_msg(&text).unwrap();
    assert_eq!((rows.len(), rows[0].key, rows[0].msqid), (1, 42, id));
}
