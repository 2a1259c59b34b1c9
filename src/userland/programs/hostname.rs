//! `hostname [NAME]` (Debian's net-tools hostname): prints the UTS
//! namespace's nodename (uname(2)), or sets it with sethostname(2).

use super::Proc;
use crate::kernel_model::Errno;

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let args = &argv[1..];
    if let Some(opt) = args.iter().find(|a| a.starts_with('-')) {
        p.stderr(&format!(
            "ctlab: hostname: option {opt} is not supported yet\n"
        ));
        return 1;
    }
    match args {
        [] => match p.k.uname(p.task) {
            Ok(u) => {
                p.stdout(&format!("{}\n", u.nodename));
                0
            }
            Err(e) => {
                p.stderr(&format!("hostname: {e}\n"));
                1
            }
        },
        [name] => match p.k.sethostname(p.task, name.as_bytes()) {
            Ok(()) => 0,
            // net-tools' own wording for EPERM.
            Err(Errno::EPERM) => {
                p.stderr("hostname: you must be root to change the host name\n");
                1
            }
            Err(e) => {
                p.stderr(&format!("hostname: {e}\n"));
                1
            }
        },
        _ => {
            p.stderr("ctlab: hostname: more than one argument is not supported yet\n");
            1
        }
    }
}
