//! Userland on the model: a shell and the programs lessons use, written on
//! the model's syscall API as real programs are written on Linux's.
//! It may use `kernel_model`; `kernel_model` never uses it.

pub mod frame;
pub mod programs;
pub mod sched;
pub mod session;
pub mod shell;
