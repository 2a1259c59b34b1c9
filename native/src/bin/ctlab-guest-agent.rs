//! The agent inside the guest kernel (`ctlab_native::guest::agent`): /init
//! execs it on the control serial port.

#[cfg(target_os = "linux")]
fn main() {
    std::process::exit(ctlab_native::guest::agent::main());
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("ctlab-guest-agent runs only inside ctlab's Linux guest");
    std::process::exit(1);
}
