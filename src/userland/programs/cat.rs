//! `cat [FILE]…` (GNU coreutils, no options): each file, or stdin for none
//! or `-`, copied to stdout. A file that cannot be read prints
//! `cat: FILE: <strerror>` and makes the status 1; the others still print.

use super::Proc;
use crate::kernel_model::vfs::O_RDONLY;
use crate::userland::shell::io::read_fd;

pub fn main(p: &mut Proc<'_>, argv: &[String]) -> i32 {
    let files: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    if let Some(opt) = files.iter().find(|f| f.starts_with('-') && f.len() > 1) {
        p.stderr(&format!("ctlab: cat: option {opt} is not supported yet\n"));
        return 1;
    }
    let files = if files.is_empty() { vec!["-"] } else { files };
    let mut status = 0;
    for f in files {
        let data = if f == "-" {
            p.io.read_all(p.k, p.task, 0)
        } else {
            match p.k.open(p.task, f, O_RDONLY, 0) {
                Ok(fd) => {
                    let r = read_fd(p.k, p.task, fd);
                    let _ = p.k.close(p.task, fd);
                    r
                }
                Err(e) => Err(e),
            }
        };
        match data {
            Ok(d) => {
                let _ = p.write(1, &d);
            }
            Err(e) => {
                p.stderr(&format!("cat: {f}: {e}\n"));
                status = 1;
            }
        }
    }
    status
}
