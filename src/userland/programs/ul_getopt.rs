//! glibc's `getopt_long(3)` as the util-linux programs call it: options
//! and operands may be mixed (the operands are permuted to the end), `--`
//! ends the options, short options combine (`-nt tmpfs`, `-ttmpfs`), long
//! options take `--opt=value` or the next argument and may be abbreviated
//! to a unique prefix. The error texts are glibc 2.36's (`posix/getopt.c`),
//! each followed by util-linux's `errtryhelp()` line.

/// One option the program knows: its short letter (if any), its long name
/// (if any) and whether it takes an argument.
#[derive(Clone, Copy)]
pub struct OptSpec {
    pub short: Option<char>,
    pub long: Option<&'static str>,
    pub has_arg: bool,
}

impl OptSpec {
    pub const fn new(short: Option<char>, long: Option<&'static str>, has_arg: bool) -> Self {
        OptSpec {
            short,
            long,
            has_arg,
        }
    }
}

/// A parsed option: the index of its [`OptSpec`] and its argument.
pub struct Parsed {
    pub opts: Vec<(usize, Option<String>)>,
    pub operands: Vec<String>,
}

/// Parses `argv[1..]`; on a usage error returns the message lines (the
/// caller prints them to stderr and exits with its usage status).
pub fn parse(prog: &str, argv: &[String], specs: &[OptSpec]) -> Result<Parsed, String> {
    let try_help = format!("Try '{prog} --help' for more information.\n");
    let mut opts = Vec::new();
    let mut operands = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            operands.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let exact = specs.iter().position(|s| s.long == Some(name));
            let idx = match exact {
                Some(x) => x,
                None => {
                    let hits: Vec<usize> = (0..specs.len())
                        .filter(|&x| specs[x].long.is_some_and(|l| l.starts_with(name)))
                        .collect();
                    match hits.as_slice() {
                        [x] => *x,
                        [] => return Err(format!("{prog}: unrecognized option '{a}'\n{try_help}")),
                        many => {
                            let mut m =
                                format!("{prog}: option '--{name}' is ambiguous; possibilities:");
                            for &x in many {
                                m.push_str(&format!(" '--{}'", specs[x].long.unwrap_or("")));
                            }
                            return Err(format!("{m}\n{try_help}"));
                        }
                    }
                }
            };
            let long = specs[idx].long.unwrap_or("");
            if specs[idx].has_arg {
                let v = match value {
                    Some(v) => v,
                    None if i < argv.len() => {
                        i += 1;
                        argv[i - 1].clone()
                    }
                    None => {
                        return Err(format!(
                            "{prog}: option '--{long}' requires an argument\n{try_help}"
                        ));
                    }
                };
                opts.push((idx, Some(v)));
            } else {
                if value.is_some() {
                    return Err(format!(
                        "{prog}: option '--{long}' doesn't allow an argument\n{try_help}"
                    ));
                }
                opts.push((idx, None));
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let Some(idx) = specs.iter().position(|s| s.short == Some(c)) else {
                    return Err(format!("{prog}: invalid option -- '{c}'\n{try_help}"));
                };
                if specs[idx].has_arg {
                    let v = if j < chars.len() {
                        let v: String = chars[j..].iter().collect();
                        j = chars.len();
                        v
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else {
                        return Err(format!(
                            "{prog}: option requires an argument -- '{c}'\n{try_help}"
                        ));
                    };
                    opts.push((idx, Some(v)));
                } else {
                    opts.push((idx, None));
                }
            }
            continue;
        }
        operands.push(a.clone());
    }
    Ok(Parsed { opts, operands })
}

/// The text a program prints for an option the model does not support.
pub fn unsupported(prog: &str, spec: &OptSpec) -> String {
    let name = match (spec.short, spec.long) {
        (Some(c), _) => format!("-{c}"),
        (None, Some(l)) => format!("--{l}"),
        (None, None) => "?".into(),
    };
    format!("ctlab: {prog}: option {name} is not supported yet\n")
}
