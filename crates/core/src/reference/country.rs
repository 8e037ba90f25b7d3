//! Supported countries: price region, currencies, region (state) codes and postal-code check.

use regex::{Regex, RegexBuilder};

use super::data_lines;

/// A supported country.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, e.g. `GB`.
    pub code: String,
    /// English name as the reference data spells it.
    pub name: String,
    /// Price-list region, e.g. `WE`.
    pub price_region: String,
    /// Currencies customers in this country may use; empty for embargoed countries.
    pub currencies: Vec<String>,
    /// Region (state/province) codes, most lists including `00`.
    pub regions: Vec<String>,
    /// The postal-code check, anchored to match the whole code; `None` if the country has none.
    ///
    /// Prefer [`Country::postal_code_ok`]: a pattern that used a leading negative look-ahead
    /// (which the `regex` crate lacks) is split into this regex plus an exclusion it applies.
    pub postal_regex: Option<Regex>,
    /// The postal-code regex exactly as the reference data gives it (Java/PCRE syntax).
    pub postal_pattern: Option<String>,
    /// Prefixes rejected by a leading negative look-ahead of the original pattern.
    postal_reject: Option<Regex>,
}

impl Country {
    /// True if `r` is one of the country's region (state/province) codes (exact match).
    pub fn has_region(&self, r: &str) -> bool {
        self.regions.iter().any(|x| x == r)
    }

    /// True if the country has no postal-code regex, else true iff `p` fully matches it.
    pub fn postal_code_ok(&self, p: &str) -> bool {
        let Some(re) = &self.postal_regex else {
            return true;
        };
        re.is_match(p) && !self.postal_reject.as_ref().is_some_and(|r| r.is_match(p))
    }

    /// True if the data had a postal-code regex that could not be compiled, so none is checked.
    pub fn postal_regex_fell_back(&self) -> bool {
        self.postal_pattern.is_some() && self.postal_regex.is_none()
    }
}

/// Builds a regex the way Java would read it: `\d`, `\s` and `\w` are ASCII-only. Falls back to
/// Unicode mode for patterns the byte-oriented mode rejects.
fn build(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern).unicode(false).build().or_else(|_| Regex::new(pattern)).ok()
}

/// Splits a leading negative look-ahead off a pattern: `^(?!X)REST` gives `(X, REST)`.
fn split_negative_lookahead(pattern: &str) -> Option<(&str, &str)> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let inner_start = body.strip_prefix("(?!")?;
    let mut depth = 1usize;
    let mut escaped = false;
    let mut in_class = false;
    for (i, c) in inner_start.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some((&inner_start[..i], &inner_start[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Compiles a reference postal-code pattern into an accepting regex (always anchored as a whole:
/// several patterns are `^a|b$`, whose anchors bind only to the first and last alternatives) and
/// an optional rejecting regex for a leading negative look-ahead. `None` if it cannot be compiled.
fn compile_postal(pattern: &str) -> Option<(Regex, Option<Regex>)> {
    if let Some(re) = build(&format!("^(?:{pattern})$")) {
        return Some((re, None));
    }
    let (excluded, rest) = split_negative_lookahead(pattern)?;
    let accept = build(&format!("^(?:{rest})$"))?;
    let reject = build(&format!("^(?:{excluded})"))?;
    Some((accept, Some(reject)))
}

/// Splits a comma list; an empty cell is an empty list.
fn list(cell: &str) -> Vec<String> {
    cell.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Parses `countries.tsv`: code, name, price region, currencies, regions, postal regex.
pub(super) fn parse_countries(text: &str) -> Result<Vec<Country>, String> {
    data_lines(text)
        .enumerate()
        .map(|(n, line)| parse_country(line).map_err(|e| format!("country line {}: {e}", n + 1)))
        .collect()
}

fn parse_country(line: &str) -> Result<Country, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [code, name, price_region, currencies, regions, pattern] = fields[..] else {
        return Err(format!("expected 6 columns, got {}", fields.len()));
    };
    if code.len() != 2 || price_region.is_empty() {
        return Err(format!("bad country code or price region in {line:?}"));
    }
    let postal_pattern = (!pattern.is_empty()).then(|| pattern.to_owned());
    let (postal_regex, postal_reject) = match postal_pattern.as_deref().and_then(compile_postal) {
        Some((accept, reject)) => (Some(accept), reject),
        None => (None, None),
    };
    Ok(Country {
        code: code.to_owned(),
        name: name.to_owned(),
        price_region: price_region.to_owned(),
        currencies: list(currencies),
        regions: list(regions),
        postal_regex,
        postal_pattern,
        postal_reject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_negative_lookahead_is_split() {
        let (excluded, rest) = split_negative_lookahead(r"^(?!01000|99999)(0[1-9]\d{3}|[1-9]\d{4})$").expect("split");
        assert_eq!(excluded, "01000|99999");
        assert_eq!(rest, r"(0[1-9]\d{3}|[1-9]\d{4})$");
        assert_eq!(split_negative_lookahead(r"^\d{5}$"), None);
        assert_eq!(split_negative_lookahead(r"^(?!a[)]b)c"), Some(("a[)]b", "c")));
    }

    #[test]
    fn reference_postal_patterns_are_anchored_as_a_whole() {
        let (re, reject) = compile_postal(r"^\d{5}|PE\s\d{4}$").expect("compiles");
        assert!(reject.is_none());
        assert!(re.is_match("12345") && re.is_match("PE 1234"));
        assert!(!re.is_match("123456") && !re.is_match("xPE 1234"));
        // Java's `\d` is ASCII-only; so is ours.
        assert!(!re.is_match("١٢٣٤٥"));
    }
}
