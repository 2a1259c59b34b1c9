//! Reading a program's input files: `-` (or no file) is standard input,
//! anything else is opened and read to the end, as `cat`, `head`, `wc` and
//! `grep` do. Errors keep apart opening and reading, since the programs'
//! messages differ (`head: cannot open 'x' for reading: …` against `head:
//! error reading 'dir': Is a directory`).

use super::Proc;
use crate::kernel_model::Errno;
use crate::kernel_model::vfs::O_RDONLY;
use crate::userland::shell::io::read_fd;

pub enum ReadError {
    Open(Errno),
    Read(Errno),
}

/// The whole content of `name` (`-` = standard input).
pub fn read_input(p: &mut Proc<'_>, name: &str) -> Result<Vec<u8>, ReadError> {
    if name == "-" {
        return p.io.read_all(p.k, p.task, 0).map_err(ReadError::Read);
    }
    let fd =
        p.k.open(p.task, name, O_RDONLY, 0)
            .map_err(ReadError::Open)?;
    let r = read_fd(p.k, p.task, fd);
    let _ = p.k.close(p.task, fd);
    r.map_err(ReadError::Read)
}

/// Parses a count with xstrtoumax's suffixes as head and tail accept them
/// (`b` 512, `kB` 1000, `K`/`KiB` 1024, and so on up to `E`).
pub fn parse_count(s: &str) -> Option<u64> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let n: u64 = s[..digits].parse().ok()?;
    let suffix = &s[digits..];
    let mult: u64 = match suffix {
        "" => 1,
        "b" => 512,
        _ => {
            let (letter, rest) = suffix.split_at(suffix.chars().next()?.len_utf8());
            let exp = match letter {
                "k" | "K" => 1,
                "M" => 2,
                "G" => 3,
                "T" => 4,
                "P" => 5,
                "E" => 6,
                _ => return None,
            };
            let base: u64 = match rest {
                "" | "iB" => 1024,
                "B" => 1000,
                _ => return None,
            };
            base.checked_pow(exp)?
        }
    };
    n.checked_mul(mult)
}
