//! ctlab's native backend: the only crate that calls the real kernel.
//! Linux only; it shares the model's types so both sides can be compared.

#[cfg(target_os = "linux")]
pub mod guest;
#[cfg(target_os = "linux")]
pub mod replay;
#[cfg(target_os = "linux")]
pub mod sandbox;
pub mod scenarios;
#[cfg(target_os = "linux")]
pub mod world_view;
