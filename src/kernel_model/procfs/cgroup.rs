//! /proc/PID/cgroup (cgroups(7)): `hierarchy-ID:controller-list:path` per
//! hierarchy. The model has only the unified (v2) hierarchy, so one line
//! `0::PATH`, PATH relative to the reader's cgroup namespace root.

use nom::{
    IResult, Parser,
    bytes::complete::{take_till, take_while},
    character::complete::{char, u32 as nom_u32},
    combinator::all_consuming,
    multi::many0,
    sequence::terminated,
};

pub fn render_cgroup(path_in_ns: &str) -> String {
    format!("0::{path_in_ns}\n")
}

/// One line of /proc/PID/cgroup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CgroupLine {
    pub hierarchy: u32,
    pub controllers: String,
    pub path: String,
}

fn line(i: &str) -> IResult<&str, CgroupLine> {
    terminated(
        (
            nom_u32,
            char(':'),
            take_while(|c| c != ':' && c != '\n'),
            char(':'),
            take_till(|c| c == '\n'),
        ),
        char('\n'),
    )
    .map(
        |(hierarchy, _, c, _, p): (u32, char, &str, char, &str)| CgroupLine {
            hierarchy,
            controllers: c.to_owned(),
            path: p.to_owned(),
        },
    )
    .parse(i)
}

/// Parses /proc/PID/cgroup (v1 lines included, as a real host has them).
pub fn parse_cgroup(s: &str) -> Option<Vec<CgroupLine>> {
    all_consuming(many0(line)).parse(s).ok().map(|(_, v)| v)
}
