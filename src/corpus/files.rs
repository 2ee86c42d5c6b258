//! The one collector: what a folder holds for Hashiya, read in one pass of
//! the directory — its articles (`*.txt`, any case, not sidecars) and its
//! sidecars (`*.txt.ann.toml`). The reader opens every article; the
//! corpus commands take the annotated ones (and `check` lone sidecars).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::annotate::sidecar::SIDECAR_SUFFIX;

/// True for a sidecar's file name.
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(SIDECAR_SUFFIX))
}

/// True for an article's file name (`*.txt`, any case).
pub fn is_article(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The files of one folder (not its subfolders), each set sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folder {
    /// Regular files (or links to them) named `*.txt`.
    pub articles: BTreeSet<PathBuf>,
    /// Files named `*.txt.ann.toml`.
    pub sidecars: BTreeSet<PathBuf>,
}

/// Lists `folder` once. A link is followed to see whether it is a file.
pub fn list(folder: &Path) -> std::io::Result<Folder> {
    let (mut articles, mut sidecars) = (Vec::new(), Vec::new());
    for item in std::fs::read_dir(folder)? {
        let item = item?;
        let path = item.path();
        if is_sidecar(&path) {
            sidecars.push(path);
        } else if is_article(&path) {
            let file = match item.file_type() {
                Ok(t) if t.is_file() => true,
                Ok(t) if t.is_symlink() => path.is_file(),
                _ => false,
            };
            if file {
                articles.push(path);
            }
        }
    }
    // All in one folder, so paths sort as their bytes do (the same folder,
    // then the file name): sorted so (a byte comparison, not one of path
    // components), the sets are then built from sorted lists in one pass.
    for list in [&mut articles, &mut sidecars] {
        list.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    }
    Ok(Folder {
        articles: articles.into_iter().collect(),
        sidecars: sidecars.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_articles_and_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.TXT", "a.TXT.ann.toml", "z.txt.ann.toml", "notes.md"] {
            std::fs::write(dir.path().join(name), "نص").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.txt")).unwrap();
        let f = list(dir.path()).unwrap();
        let names = |s: &BTreeSet<PathBuf>| {
            s.iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&f.articles), ["a.TXT", "b.txt"]);
        assert_eq!(names(&f.sidecars), ["a.TXT.ann.toml", "z.txt.ann.toml"]);
    }
}
