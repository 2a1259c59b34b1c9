//! `true`: does nothing, successfully (GNU coreutils; bash's builtin
//! `true` is what a bare `true` runs, this is `/bin/true`).

use super::Proc;

pub fn main(_p: &mut Proc<'_>, _argv: &[String]) -> i32 {
    0
}
