//! `cargo test --target wasm32-unknown-unknown` runs each test binary through
//! this program (`CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER`, set by the
//! xtask). Building it from the registry keeps it at exactly the pinned
//! wasm-bindgen version, which the test runner requires.

fn main() {
    // The error is printed by hand: with RUST_BACKTRACE set, anyhow would add
    // a backtrace of the runner itself under "some tests failed", pushing the
    // failing test's output off the screen.
    if let Err(e) =
        wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
    {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
