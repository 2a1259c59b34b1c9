//! /proc/PID/uid_map and gid_map (user_namespaces(7)): three right-aligned
//! 10-wide columns, `ID-inside-ns ID-outside-ns length`. The outside id is
//! shown relative to the *reader's* user namespace, or to the parent when
//! the reader is in the namespace itself (`uid_m_show()`); an id with no
//! mapping there prints as 4294967295.

use nom::{
    IResult, Parser,
    character::complete::{char, space0, space1, u32 as nom_u32},
    combinator::all_consuming,
    multi::many0,
    sequence::terminated,
};

use crate::kernel_model::user_namespace::UidGidMap;

/// Renders `map` (owned by namespace `ns`). `lower_to_reader` translates a
/// kernel id into the id the reader's chosen namespace uses (`from_kuid()`).
pub fn render_id_map(map: &UidGidMap, lower_to_reader: impl Fn(u32) -> u32) -> String {
    let mut s = String::new();
    for e in map.display_order() {
        s.push_str(&format!(
            "{:>10} {:>10} {:>10}\n",
            e.first,
            lower_to_reader(e.lower_first),
            e.count
        ));
    }
    s
}

fn line(i: &str) -> IResult<&str, (u32, u32, u32)> {
    terminated(
        (space0, nom_u32, space1, nom_u32, space1, nom_u32).map(|(_, a, _, b, _, c)| (a, b, c)),
        char('\n'),
    )
    .parse(i)
}

/// Parses the text of uid_map/gid_map into (inside, outside, count) lines.
pub fn parse_id_map(s: &str) -> Option<Vec<(u32, u32, u32)>> {
    all_consuming(many0(line)).parse(s).ok().map(|(_, v)| v)
}
