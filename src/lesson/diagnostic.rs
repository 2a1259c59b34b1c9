//! Diagnostics: what is wrong with a lesson file, and where.
//!
//! Parsing never fails (DESIGN.md, "Lesson files"): every problem becomes a
//! diagnostic with a 1-based line and column so the CLI and the in-browser
//! editor can point at it, and the rest of the lesson still loads.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes) so that a caret
    /// under a line of Chinese text lands where an editor shows it.
    pub column: usize,
    /// Byte offset in the file, for renderers that underline spans.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {kind}: {}", self.line, self.column, self.message)
    }
}

/// Maps byte offsets of a source text to line and column.
pub(crate) struct SourceMap<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            source,
            line_starts,
        }
    }

    /// (line, column), both 1-based; an offset past the end points just
    /// after the last character.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.source[start..offset].chars().count() + 1;
        (line, column)
    }

    pub(crate) fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.position(offset);
        Diagnostic {
            severity,
            line,
            column,
            offset: offset.min(self.source.len()),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let map = SourceMap::new("ab\n中文x\n");
        assert_eq!(map.position(0), (1, 1));
        assert_eq!(map.position(3), (2, 1));
        // "中文" is 6 bytes: the 'x' after it is the third character.
        assert_eq!(map.position(9), (2, 3));
        assert_eq!(map.position(100), (3, 1));
    }
}
