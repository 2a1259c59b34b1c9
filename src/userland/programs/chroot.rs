//! `chroot NEWROOT [COMMAND [ARG]…]` (GNU coreutils 9.1): chroot(2) to
//! NEWROOT, chdir("/") and exec COMMAND — or `$SHELL -i`, `/bin/sh -i`
//! when SHELL is unset. The command is looked up in the new root, so it
//! must exist there (a directory without /bin/bash cannot run bash).

use super::Proc;
use crate::kernel_model::Errno;

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let mut args = &argv[1..];
    if args.first().is_some_and(|a| a == "--") {
        args = &args[1..];
    } else if let Some(a) = args.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        p.stderr(&format!("ctlab: chroot: option {a} is not supported yet\n"));
        return 125;
    }
    let Some(root) = args.first() else {
        p.stderr("chroot: missing operand\nTry 'chroot --help' for more information.\n");
        return 125;
    };
    if let Err(e) = p.k.chroot(p.task, root) {
        p.stderr(&format!(
            "chroot: cannot change root directory to '{root}': {e}\n"
        ));
        return 125;
    }
    if let Err(e) = p.k.chdir(p.task, "/") {
        p.stderr(&format!("chroot: cannot chdir to root directory: {e}\n"));
        return 125;
    }
    let command: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        let shell = p.getenv("SHELL").unwrap_or("/bin/sh").to_string();
        vec![shell, "-i".into()]
    };
    match p.exec(&command) {
        Ok(code) => code,
        Err(e) => {
            p.stderr(&format!(
                "chroot: failed to run command '{}': {e}\n",
                command[0]
            ));
            if e == Errno::ENOENT { 127 } else { 126 }
        }
    }
}
