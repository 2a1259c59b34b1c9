//! /proc rendering: exact text (snapshots) and render → parse round trips
//! with the nom parsers the native backend uses on a real /proc.
//!
//! Native only: serde_json is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use ctlab::kernel_model::procfs::cgroup::parse_cgroup;
use ctlab::kernel_model::procfs::id_map::parse_id_map;
use ctlab::kernel_model::procfs::ns_link::{parse_ns_link, render_ns_link};
use ctlab::kernel_model::procfs::status::parse_status;
use ctlab::kernel_model::*;
use expect_test::expect;

/// The status file of a process in a new user+PID namespace, read by its
/// parent through the initial namespace's /proc: the layout and the lines
/// the model has match 6.18 byte for byte (compare the real file in the
/// native crate's differential test).
#[test]
fn status_snapshot() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k
        .kernel_clone(init, CloneFlags::NEWUSER | CloneFlags::NEWPID)
        .unwrap();
    k.execve(c, "/bin/sh").unwrap();
    let text = k.read_file(init, "/proc/2/status").unwrap();
    expect![[r#"
        Name:	sh
        Umask:	0022
        State:	S (sleeping)
        Tgid:	2
        Ngid:	0
        Pid:	2
        PPid:	1
        TracerPid:	0
        Uid:	0	0	0	0
        Gid:	0	0	0	0
        Groups:	 
        NStgid:	2	1
        NSpid:	2	1
        NSpgid:	0	0
        NSsid:	0	0
        Kthread:	0
        Threads:	1
        SigPnd:	0000000000000000
        ShdPnd:	0000000000000000
        SigBlk:	0000000000000000
        SigIgn:	0000000000000000
        SigCgt:	0000000000000000
        CapInh:	0000000000000000
        CapPrm:	0000000000000000
        CapEff:	0000000000000000
        CapBnd:	000001ffffffffff
        CapAmb:	0000000000000000
        NoNewPrivs:	0
        Seccomp:	0
        Seccomp_filters:	0
    "#]]
    .assert_eq(&text);
    let s = parse_status(&text).unwrap();
    assert_eq!((s.name.as_str(), s.state, s.pid, s.ppid), ("sh", 'S', 2, 1));
    assert_eq!(s.nspid, vec![2, 1]);
    assert_eq!(s.cap_bnd, 0x1ff_ffff_ffff);
}

/// A real 6.18 status file (captured on this machine) parses with the same
/// parser, unknown lines kept in `fields`.
#[test]
fn parse_real_status() {
    let real = "Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t6672\nNgid:\t0\nPid:\t6672\nPPid:\t6666\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t256\nGroups:\t \nNStgid:\t6672\nNSpid:\t6672\nNSpgid:\t6666\nNSsid:\t5863\nKthread:\t0\nVmPeak:\t    3060 kB\nThreads:\t1\nSigQ:\t0/96365\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\nCapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\nCapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\nCpus_allowed_list:\t0-1\n";
    let s = parse_status(real).unwrap();
    assert_eq!(s.pid, 6672);
    assert_eq!(s.nspgid, vec![6666]);
    assert_eq!(s.cap_eff, 0x1fffeffffff);
    assert_eq!(s.fields["FDSize"], "256");
    assert!(s.groups.is_empty());
}

#[test]
fn ns_link_round_trip() {
    for t in NsType::ALL {
        let id = t.init_inum();
        assert_eq!(parse_ns_link(&render_ns_link(t, id)), Some((t, id)));
    }
    assert_eq!(
        render_ns_link(NsType::Pid, NsType::Pid.init_inum()),
        "pid:[4026531836]"
    );
    assert_eq!(parse_ns_link("pid:[12"), None);
    assert_eq!(parse_ns_link("bogus:[1]"), None);
}

/// uid_map rendering: `%10u %10u %10u\n` (uid_m_show()); the initial
/// namespace's map is `0 0 4294967295`, as on 6.18.
#[test]
fn id_map_render_and_parse() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let text = k.read_file(init, "/proc/self/uid_map").unwrap();
    assert_eq!(text, "         0          0 4294967295\n");
    assert_eq!(parse_id_map(&text), Some(vec![(0, 0, u32::MAX)]));
    let c = k.kernel_clone(init, CloneFlags::NEWUSER).unwrap();
    let lines: String = (0..7)
        .map(|i| format!("{} {} 10\n", 70 - i * 10, 1000 + i * 10))
        .collect();
    // From inside, only a one-line map of the writer's own id is allowed
    // (new_idmap_permitted(); that is why newuidmap(1) exists).
    assert_eq!(
        k.write_file(c, "/proc/self/uid_map", lines.as_bytes()),
        Err(Errno::EPERM)
    );
    k.write_file(init, "/proc/2/uid_map", lines.as_bytes())
        .unwrap();
    let text = k.read_file(c, "/proc/self/uid_map").unwrap();
    let parsed = parse_id_map(&text).unwrap();
    // More than 5 extents are kept (and printed) sorted by the inside id.
    assert_eq!(parsed.first(), Some(&(10, 1060, 10)));
    assert_eq!(parsed.len(), 7);
}

#[test]
fn cgroup_parse_real_and_model() {
    let real = "9:name=systemd:/\n4:memory:/process_api/e26\n0::/\n";
    let lines = parse_cgroup(real).unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1].controllers, "memory");
    assert_eq!(lines[2].path, "/");
    let mut k = Kernel::new();
    let init = k.init_task();
    let text = k.read_file(init, "/proc/self/cgroup").unwrap();
    assert_eq!(parse_cgroup(&text).unwrap()[0].path, "/");
}

/// Name escaping (proc_task_name() with ESCAPE_SPACE|ESCAPE_SPECIAL):
/// writing "foo\n" to /proc/self/comm keeps the newline, and status shows
/// `foo\n` escaped. Checked on 6.18: comm read back "foo\n\n", Name
/// "foo\\n". Writing another process's comm is EINVAL (checked on 6.18).
#[test]
fn comm_write_and_escape() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k.fork(init).unwrap();
    k.write_file(c, "/proc/self/comm", b"foo\n").unwrap();
    assert_eq!(k.read_file(c, "/proc/self/comm"), Ok("foo\n\n".into()));
    assert!(
        k.read_file(c, "/proc/self/status")
            .unwrap()
            .starts_with("Name:\tfoo\\n\n")
    );
    k.write_file(c, "/proc/self/comm", b"abcdefghijklmnopqrstuvwxyz")
        .unwrap();
    assert_eq!(
        k.read_file(c, "/proc/self/comm"),
        Ok("abcdefghijklmno\n".into())
    );
    assert_eq!(k.write_file(c, "/proc/1/comm", b"x"), Err(Errno::EINVAL));
    // A proc file without a write operation: root opens it (CAP_DAC_OVERRIDE)
    // and write(2) fails with EINVAL (vfs_write() without FMODE_CAN_WRITE;
    // checked on 6.18 as root: os.write on /proc/1/status → EINVAL).
    assert_eq!(k.write_file(c, "/proc/1/status", b"x"), Err(Errno::EINVAL));
    assert_eq!(k.read_file(c, "/proc/1"), Err(Errno::EISDIR));
    assert_eq!(k.read_file(c, "/proc/1/nope"), Err(Errno::ENOENT));
    assert_eq!(k.read_file(c, "/proc/1/ns/pid"), Err(Errno::EINVAL));
}

/// The WorldView serializes and lists every process and namespace.
/// (serde_json is a native-only dev-dependency.)
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn world_view_serializes() {
    let mut k = Kernel::new();
    let init = k.init_task();
    let c = k
        .kernel_clone(init, CloneFlags::NEWPID | CloneFlags::NEWUTS)
        .unwrap();
    k.sethostname(c, b"box").unwrap();
    let v = k.world_view();
    assert_eq!(v.processes.len(), 2);
    assert_eq!(v.processes[1].nspid, vec![2, 1]);
    assert_eq!(v.namespaces.len(), 10);
    let json = serde_json::to_string(&v).unwrap();
    let back: WorldView = serde_json::from_str(&json).unwrap();
    assert_eq!(back, v);
    assert!(json.contains("\"hostname\",\"box\""));
}

/// render → parse → WorldView: building each process's view from the
/// model's own /proc text (as the native backend does from a real /proc)
/// gives exactly the model's WorldView entry.
#[test]
fn world_view_from_parsed_proc_matches() {
    use ctlab::kernel_model::procfs::ns_link::NS_ENTRIES;
    use ctlab::kernel_model::world_view::ProcessView;
    // Ids in status are those of the reader's user namespace, the view's
    // those of the initial one: take the first sequence (from seed 11) in
    // which PID 1, the reader, stayed in the initial user namespace.
    let (mut k, _) = (11..)
        .map(|seed| ctlab::kernel_model::scenario::run_seeded(seed, 300))
        .find(|(k, _)| {
            let init = k.init_task();
            k.get_task(init).unwrap().cred.user_ns == ctlab::kernel_model::NsType::User.init_inum()
        })
        .unwrap();
    let init = k.init_task();
    let view = k.world_view();
    let pids: Vec<String> = k
        .read_dir(init, "/proc")
        .unwrap()
        .into_iter()
        .filter(|e| e.parse::<i32>().is_ok())
        .collect();
    assert_eq!(pids.len(), view.processes.len());
    for (pid, want) in pids.iter().zip(&view.processes) {
        let st = parse_status(&k.read_file(init, &format!("/proc/{pid}/status")).unwrap()).unwrap();
        let ns = NS_ENTRIES
            .iter()
            .filter_map(|n| {
                let l = k.readlink(init, &format!("/proc/{pid}/ns/{n}")).ok()?;
                Some((n.to_string(), parse_ns_link(&l)?.1.0))
            })
            .collect();
        let cg = parse_cgroup(&k.read_file(init, &format!("/proc/{pid}/cgroup")).unwrap()).unwrap();
        assert_eq!(&ProcessView::from_proc(&st, ns, &cg), want, "pid {pid}");
    }
}
