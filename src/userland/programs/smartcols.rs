//! The table layout of util-linux 2.38.1's libsmartcols, as lsns(8) and
//! findmnt(8) print with it (`calculate.c`, `print.c`, `symbols.c`):
//!
//! - a column is as wide as its widest cell, at least its header (even
//!   with `--noheadings`); an absolute width hint (≥ 1) widens a column
//!   whose cells are wider than the header but narrower than the hint;
//! - `NOEXTREMES` columns ignore cells more than twice the average width
//!   when the table does not fit the terminal, and get the room back if
//!   it then does;
//! - on a terminal, a too wide table loses columns' width in three
//!   stages, one column at a time round-robin: `TRUNC` columns with a
//!   relative hint (down to hint × terminal width), then all `TRUNC`
//!   columns, then columns with a relative hint, never below the
//!   header's width; cells are cut to their column;
//! - one space between columns, right-aligned cells padded on the left,
//!   the last column not padded; a cell too wide for a column without
//!   `TRUNC` is printed whole and the line continues below it, indented
//!   to the next column;
//! - an empty table prints nothing, not even the header;
//! - the tree column prefixes each line with the branches of its
//!   ancestors, in the C locale `|-`, `` `- `` and `| ` (the UTF-8
//!   symbols need a UTF-8 locale, which the lessons' world has not).

/// A column's header and flags (`scols_table_new_column()`).
#[derive(Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    /// `whint`: ≥ 1 an absolute width, in (0, 1) a share of the terminal.
    pub hint: f64,
    pub right: bool,
    pub trunc: bool,
    pub tree: bool,
    pub noextremes: bool,
}

/// One line: its cells and the line it hangs under (tree tables).
pub struct Line {
    pub cells: Vec<String>,
    pub parent: Option<usize>,
}

/// Prints the table. `termwidth`: `Some` when stdout is a terminal.
pub fn render(
    cols: &[Column],
    lines: &[Line],
    noheadings: bool,
    termwidth: Option<usize>,
) -> String {
    // print.c: an empty table prints nothing, not even the header.
    if lines.is_empty() {
        return String::new();
    }
    let tree_col = cols.iter().position(|c| c.tree);
    let rows = tree_rows(lines, tree_col);
    let w = widths(cols, &rows, termwidth);
    let mut out = String::new();
    let n = cols.len();
    let mut emit = |cells: &[String], art: &str| {
        let mut line = String::new();
        for (j, cell) in cells.iter().enumerate() {
            if j > 0 {
                line.push(' ');
            }
            let len = cell.chars().count();
            // A cell too wide for a column that may not be cut is printed
            // whole, and the line goes on below, under the next column
            // (print.c, `print_data()` for non-TRUNC columns).
            if len > w[j] && !cols[j].trunc && j + 1 < n {
                line.push_str(cell);
                line.push('\n');
                // print_newline_padding(): empty cells up to this one, the
                // tree column showing the line's branches (`print_empty_cell()`).
                for (k, c) in cols.iter().enumerate().take(j + 1) {
                    let fill = if c.tree { art } else { "" };
                    line.push_str(fill);
                    line.push_str(&" ".repeat(w[k].saturating_sub(fill.chars().count())));
                    if k < j {
                        line.push(' ');
                    }
                }
                continue;
            }
            let cell: String = if cols[j].trunc {
                cell.chars().take(w[j]).collect()
            } else {
                cell.clone()
            };
            let pad = " ".repeat(w[j].saturating_sub(cell.chars().count()));
            if cols[j].right {
                line.push_str(&pad);
                line.push_str(&cell);
            } else {
                line.push_str(&cell);
                if j + 1 < n {
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(&line);
        out.push('\n');
    };
    if !noheadings {
        let h: Vec<String> = cols.iter().map(|c| c.header.to_string()).collect();
        emit(&h, "");
    }
    for (r, art) in &rows {
        emit(r, art);
    }
    out
}

/// `--raw` (`SCOLS_FMT_RAW`): the cells, tree art included, separated by
/// one space, each byte that is blank, a backslash or not printable in the
/// C locale written as `\xHH` (`fputs_nonblank()`); no alignment.
pub fn render_raw(cols: &[Column], lines: &[Line], noheadings: bool) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let tree_col = cols.iter().position(|c| c.tree);
    let mut out = String::new();
    let mut emit = |cells: &[String]| {
        let esc: Vec<String> = cells.iter().map(|c| nonblank(c)).collect();
        out.push_str(&esc.join(" "));
        out.push('\n');
    };
    if !noheadings {
        let h: Vec<String> = cols.iter().map(|c| c.header.to_string()).collect();
        emit(&h);
    }
    for (r, _) in tree_rows(lines, tree_col) {
        emit(&r);
    }
    out
}

fn nonblank(s: &str) -> String {
    let mut o = String::new();
    for &b in s.as_bytes() {
        if b == b' ' || b == b'\t' || b == b'\\' || !(0x20..0x7f).contains(&b) {
            o.push_str(&format!("\\x{b:02x}"));
        } else {
            o.push(b as char);
        }
    }
    o
}

/// The lines in tree order (each root, then its children depth-first,
/// in insertion order), the tree column prefixed with the branches, and
/// the art of a continuation line (`tree_ascii_art_to_buffer()`: `| `
/// for each ancestor-or-self that has a next sibling, else two spaces).
fn tree_rows(lines: &[Line], tree_col: Option<usize>) -> Vec<(Vec<String>, String)> {
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut roots = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match l.parent.filter(|&p| p < lines.len() && p != i) {
            Some(p) if tree_col.is_some() => kids[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut rows = Vec::new();
    // (line, prefix for its children, its own branch)
    let mut stack: Vec<(usize, String, String)> = roots
        .iter()
        .rev()
        .map(|&r| (r, String::new(), String::new()))
        .collect();
    let mut seen = vec![false; lines.len()];
    while let Some((i, prefix, me)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let mut cells = lines[i].cells.clone();
        if let Some(tc) = tree_col
            && tc < cells.len()
        {
            cells[tc] = format!("{prefix}{me}{}", cells[tc]);
        }
        let child_prefix = match me.as_str() {
            "" => prefix.clone(),
            "|-" => format!("{prefix}| "),
            _ => format!("{prefix}  "),
        };
        rows.push((cells, child_prefix.clone()));
        let k = &kids[i];
        for (n, &c) in k.iter().enumerate().rev() {
            let sym = if n + 1 == k.len() { "`-" } else { "|-" };
            stack.push((c, child_prefix.clone(), sym.to_string()));
        }
    }
    rows
}

/// `__scols_calculate()`.
fn widths(cols: &[Column], rows: &[(Vec<String>, String)], termwidth: Option<usize>) -> Vec<usize> {
    let n = cols.len();
    let cell_len =
        |r: &(Vec<String>, String), j: usize| r.0.get(j).map_or(0, |c| c.chars().count());
    let mut w = vec![0usize; n];
    let mut wmin = vec![0usize; n];
    let mut wmax = vec![0usize; n];
    let mut avg = vec![0usize; n];
    let mut extreme = vec![false; n];
    for j in 0..n {
        wmin[j] = cols[j].header.chars().count().max(1);
        let lens: Vec<usize> = rows.iter().map(|r| cell_len(r, j)).collect();
        wmax[j] = lens.iter().copied().max().unwrap_or(0);
        w[j] = wmax[j];
        if cols[j].noextremes && !lens.is_empty() {
            avg[j] = lens.iter().sum::<usize>() / lens.len();
            extreme[j] = avg[j] > 0 && wmax[j] > avg[j] * 2;
        }
        w[j] = fix_min(&cols[j], w[j], wmin[j]);
    }
    let Some(term) = termwidth else {
        return w;
    };
    let total = |w: &[usize]| w.iter().sum::<usize>() + n.saturating_sub(1);
    let mut width = total(&w);
    if width > term && extreme.iter().any(|&e| e) {
        for j in 0..n {
            if !extreme[j] {
                continue;
            }
            let lim = avg[j] * 2;
            let nw = rows
                .iter()
                .map(|r| cell_len(r, j))
                .filter(|&l| l <= lim)
                .max()
                .unwrap_or(0);
            w[j] = fix_min(&cols[j], nw, wmin[j]);
        }
        width = total(&w);
    }
    if width < term {
        for j in 0..n {
            if !extreme[j] || wmax[j] - w[j].min(wmax[j]) > term - width {
                continue;
            }
            let add = (term - width).min(wmax[j].saturating_sub(w[j]));
            w[j] += add;
            width += add;
            if width == term {
                break;
            }
        }
        if width < term && n > 0 && !cols[n - 1].right {
            w[n - 1] += term - width;
            width = term;
        }
    }
    let mut stage = 1;
    while width > term && stage <= 3 {
        let before = width;
        for j in 0..n {
            if width <= term {
                break;
            }
            if w[j] == wmin[j] || w[j] == 0 {
                continue;
            }
            let c = &cols[j];
            let relative = c.hint > 0.0 && c.hint < 1.0;
            let ok = match stage {
                1 => c.trunc && relative && w[j] >= (c.hint * term as f64) as usize,
                2 => c.trunc,
                _ => relative,
            };
            if ok {
                w[j] -= 1;
                width -= 1;
            }
        }
        if before == width {
            stage += 1;
        }
    }
    w
}

/// The end of `count_column_width()`: at least the header's width, or
/// the absolute hint for a column between the two.
fn fix_min(c: &Column, w: usize, wmin: usize) -> usize {
    if w < wmin {
        wmin
    } else if c.hint >= 1.0 && w < c.hint as usize && wmin < c.hint as usize {
        c.hint as usize
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real `lsns -r -n -t uts -o NS,COMMAND` with a nested `unshare --uts
    /// sleep 2`: the tree art stays, blanks and backslashes are `\xHH`.
    #[test]
    fn raw_escapes_and_keeps_the_tree() {
        let col = |header, tree| Column {
            header,
            hint: 0.0,
            right: false,
            trunc: false,
            tree,
            noextremes: false,
        };
        let cols = [col("NS", false), col("COMMAND", true)];
        let lines = vec![
            Line {
                cells: vec!["4026532178".into(), "bash -c a\\b".into()],
                parent: None,
            },
            Line {
                cells: vec!["4026532250".into(), "sleep 2".into()],
                parent: Some(0),
            },
        ];
        assert_eq!(
            render_raw(&cols, &lines, true),
            "4026532178 bash\\x20-c\\x20a\\x5cb\n4026532250 `-sleep\\x202\n"
        );
        assert_eq!(render_raw(&cols, &[], false), "");
    }
}
