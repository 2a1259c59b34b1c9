//! `false`: does nothing, unsuccessfully (status 1, GNU coreutils).

use super::Proc;

pub fn main(_p: &mut Proc<'_>, _argv: &[String]) -> i32 {
    1
}
