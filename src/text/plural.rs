//! Counts in words: `1 row`, `2 rows`.

/// `n` and the noun in the form that goes with it: `count(1, "row", "rows")`
/// is `1 row`, `count(0, "row", "rows")` is `0 rows`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(0, "row", "rows"), "0 rows");
        assert_eq!(count(2, "entity", "entities"), "2 entities");
        assert_eq!(count(21, "article", "articles"), "21 articles");
    }
}
