//! Cross-target determinism: a fixed pseudo-random syscall sequence (a
//! SplitMix64 stream from a fixed seed) is run on the model, every /proc
//! file every process can see is rendered, and the FNV-1a 64 hash of the
//! syscall log plus the renderings must equal a recorded constant. The
//! same test runs natively (`cargo test`) and as wasm32 in headless
//! Chromium (the lead's xtask), so both targets produce identical bytes.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctlab::kernel_model::scenario::{fnv1a64, render_all_proc, run_seeded};

/// Seed and length of the recorded sequence.
const SEED: u64 = 0xC71A_B000_0000_0003;
const OPS: usize = 600;
/// FNV-1a 64 of log + /proc renderings, recorded on x86-64. Changed when
/// the Kernel and the VFS were wired together: the sequence now also makes
/// file and mount syscalls (ops 17–30; `mount_proc` became mount(2) of
/// proc), every syscall through the VFS moves the clock, /proc lists
/// "mounts", and the renderings include each process's mountinfo.
/// Changed again with terminals and pipes: devpts is mounted at boot, the
/// image has Debian's /usr/bin and /usr/sbin (execve now fails with ENOENT
/// for a missing file), op 31 makes setsid/setpgid/getsid/getpgid/pipe2
/// calls, /proc/PID has stat, cmdline, exe and fd, and the renderings
/// include /proc/PID/stat and cmdline.
/// Changed again when PID 1 lost its process group and session (the
/// sandbox's are outside its PID namespace).
const EXPECTED: u64 = 0x8ca4_9600_5b73_cd0d;

// `unsupported = test`: on non-wasm targets the macro emits `#[test]`
// (wasm-bindgen-test-macro 0.3.80), so this one function is both tests.
#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn fixed_sequence_renders_identically() {
    let (k, log) = run_seeded(SEED, OPS);
    let proc_text = render_all_proc(&k);
    let mut bytes = log.into_bytes();
    bytes.extend_from_slice(proc_text.as_bytes());
    let h = fnv1a64(&bytes);
    if let Err(e) = k.check_invariants() {
        panic!("invariants: {e}");
    }
    assert!(
        bytes.len() > 10_000,
        "the sequence should build a sizeable world"
    );
    assert_eq!(
        h,
        EXPECTED,
        "hash {h:#018x} over {} bytes, {} tasks",
        bytes.len(),
        k.nr_tasks()
    );
}
