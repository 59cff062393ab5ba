//! Aligned text tables for the CLI: every cell escaped (`text::escape_controls`), cut to a maximum
//! display width with `…`, and padded by display width (CJK and emoji count two columns), so no value
//! from a file or a server can misalign a table or make it panic (`format!("{:<w$}")` panics for a
//! width over 65,535).

use unicode_width::UnicodeWidthChar;

/// How wide a cell may be, in terminal columns, unless a table says otherwise.
pub const MAX_CELL: usize = 64;

/// Display width of `s` (what `fit` measures).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` escaped and cut to at most `max` columns; a cut cell ends with `…`.
pub fn fit(s: &str, max: usize) -> String {
    let s = super::text::escape_controls(s);
    if width(&s) <= max {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` fitted to `max` columns and padded with spaces to exactly `columns` (≥ its width).
pub fn pad(s: &str, max: usize, columns: usize) -> String {
    let mut cell = fit(s, max);
    let w = width(&cell);
    cell.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    cell
}

/// `s` fitted to `max` columns and right-aligned in `columns`.
pub fn pad_left(s: &str, max: usize, columns: usize) -> String {
    let cell = fit(s, max);
    let w = width(&cell);
    " ".repeat(columns.saturating_sub(w)) + &cell
}

/// Rows (the first may be the header) as lines of columns two spaces apart, each cell fitted to
/// `max` columns; every column but the last is padded to its widest cell. Each line ends with `\n`.
pub fn render<S: AsRef<str>>(rows: &[Vec<S>], max: usize) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| fit(c.as_ref(), max)).collect())
        .collect();
    let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let mut out = String::new();
    for r in &cells {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - width(c) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_by_display_width_and_columns_line_up() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcd", 4), "abcd");
        assert_eq!(fit("名前の長いテーブル", 7), "名前の…");
        assert_eq!(
            width(&fit("名前の長いテーブル", 8)),
            7,
            "a wide char never straddles the cut"
        );
        assert_eq!(fit("a\u{1b}[2Jb", 64), "a\\u001b[2Jb");
        let huge = "x".repeat(70_000);
        let t = render(
            &[
                vec!["NAME", "T"],
                vec![huge.as_str(), "DLI"],
                vec!["名前", "DWS"],
            ],
            10,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "xxxxxxxxx…  DLI");
        let col = |l: &str| l.rfind(' ').map(|i| width(&l[..i]));
        assert_eq!(col(lines[0]), col(lines[1]));
        assert_eq!(col(lines[1]), col(lines[2]), "{t}");
        assert_eq!(pad("名", 64, 4), "名  ");
        assert_eq!(pad_left("7", 64, 3), "  7");
    }
}
