//! Who is annotating: the name recorded as `by` on every annotation made
//! (and `curated_by` by `hashiya curate`).
//!
//! From, in order: `--annotator NAME`, the variable `HASHIYA_ANNOTATOR`,
//! `annotator = "…"` in the user's `config.toml`
//! ([`super::settings`]), else the operating system's user name (`USER`,
//! `LOGNAME`, `USERNAME`). A name is trimmed; one that is empty, longer
//! than [`NAME_MAX`] characters or holds a control or bidi character is
//! refused naming where it came from (exit 2).

use crate::text::safe;

/// The variable naming the annotator.
pub const ANNOTATOR_ENV: &str = "HASHIYA_ANNOTATOR";

/// The longest name taken, in characters.
pub const NAME_MAX: usize = 64;

/// The annotator's name, and where it came from (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotator {
    /// The name.
    pub name: String,
    /// `--annotator`, `HASHIYA_ANNOTATOR`, `config.toml`, `USER`…
    pub from: String,
}

/// The annotator, from the option `arg`, the environment (`env` looks a
/// variable up) and the settings file's `annotator`; `None` when nothing
/// names one (no user name either). An invalid name is an error saying
/// where it came from.
pub fn resolve(
    arg: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    settings: Option<&str>,
) -> Result<Option<Annotator>, String> {
    let candidates = [
        (arg.map(str::to_owned), "--annotator".to_owned()),
        (env(ANNOTATOR_ENV), ANNOTATOR_ENV.to_owned()),
        (settings.map(str::to_owned), "`annotator` in config.toml".to_owned()),
    ];
    for (value, from) in candidates {
        if let Some(value) = value {
            return match check(&value) {
                Ok(name) => Ok(Some(Annotator { name, from })),
                Err(e) => Err(format!("{from}: {e}")),
            };
        }
    }
    // The system's user name: used only when it is a valid name.
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Some(name) = env(var).and_then(|v| check(&v).ok()) {
            return Ok(Some(Annotator { name, from: var.to_owned() }));
        }
    }
    Ok(None)
}

/// [`resolve`] with this process's environment.
pub fn resolve_here(
    arg: Option<&str>,
    settings: Option<&str>,
) -> Result<Option<Annotator>, String> {
    resolve(arg, |name| std::env::var(name).ok(), settings)
}

/// `value` trimmed, if it is a name: not empty, at most [`NAME_MAX`]
/// characters, no control or bidi character, no `+` (which joins a name to
/// a recommender's in `by`).
pub fn check(value: &str) -> Result<String, String> {
    let name = value.trim();
    if name.is_empty() {
        return Err("an annotator's name cannot be empty".to_owned());
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!("an annotator's name has at most {NAME_MAX} characters"));
    }
    if name.chars().any(|c| safe::is_unsafe(c) || c.is_control()) {
        return Err(format!(
            "an annotator's name cannot hold control or bidi characters: {}",
            safe::line(name)
        ));
    }
    if name.contains(crate::annotate::ids::VIA) {
        return Err(format!(
            "an annotator's name cannot hold `{}`: it joins a name to a recommender's in `by` \
             (alice+gazetteer): {}",
            crate::annotate::ids::VIA,
            safe::line(name)
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_option_beats_the_variable_beats_the_settings_beats_the_user() {
        let all = [(ANNOTATOR_ENV, "bob"), ("USER", "dan")];
        let who = |arg, vars, settings| resolve(arg, env(vars), settings).unwrap().unwrap();
        assert_eq!(who(Some("alice"), &all[..], Some("carol")).name, "alice");
        assert_eq!(who(None, &all[..], Some("carol")).name, "bob");
        assert_eq!(who(None, &all[1..], Some("carol")).name, "carol");
        let user = who(None, &all[1..], None);
        assert_eq!((user.name.as_str(), user.from.as_str()), ("dan", "USER"));
        assert_eq!(who(None, &[("LOGNAME", " eve ")][..], None).name, "eve");
        assert_eq!(resolve(None, env(&[]), None).unwrap(), None);
    }

    #[test]
    fn bad_names_are_refused_saying_where_they_came_from() {
        let e = resolve(Some("  "), env(&[]), None).unwrap_err();
        assert!(e.contains("empty"), "{e}");
        let e = resolve(None, env(&[(ANNOTATOR_ENV, "a\u{202e}b")]), None).unwrap_err();
        assert!(e.contains("bidi") && e.contains("⟪RLO⟫"), "{e}");
        assert!(check(&"x".repeat(65)).is_err());
        assert_eq!(check("علي").unwrap(), "علي");
        let e = check("alice+bob").unwrap_err();
        assert!(e.contains('+') && e.contains("alice+gazetteer"), "{e}");
        // A strange system user name is not an error: it is not used.
        assert_eq!(resolve(None, env(&[("USER", "\u{1b}x")]), None).unwrap(), None);
    }
}
