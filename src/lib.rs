//! ctlab: a deterministic model of the Linux kernel's container machinery
//! (namespaces, cgroups, union mounts, scheduling) and the lessons that teach
//! it. See ARCHITECTURE.md for the layers; data flows down, never back up.

pub mod kernel_model;
pub mod lesson;
pub mod userland;
