//! Linking mentions to the canonical entities of the corpus
//! (`entities.toml`, see [`crate::corpus::registry`]).
//!
//! `=` on an entity opens a picker over the registry: typing filters it
//! spelling-insensitively (folded, proclitics trimmed), Enter links; the
//! last entry makes a new canonical entity from the mention (or from what
//! is typed), and a linked mention's first entry unlinks it. Each act is
//! one undoable change of the sidecar. A new mention whose text has the key
//! of a canonical entity's name or alias is linked as it is tagged — the
//! status line says so, and `u` takes the link back. With the cursor on a
//! linked mention, every mention of the same entity in the article is lit
//! (its coreference chain) and the status line names it and counts them.
//!
//! The registry is read when an article of its folder opens (again, merged
//! with this instance's changes, at every article opened), read again
//! before the picker opens, and saved after every change to it by reading,
//! merging and writing ([`RegistryFile::save`]): another instance's
//! additions are never lost.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::annotating::quote;
use super::{App, Mode};
use crate::annotate::AnnotationRef;
use crate::corpus::registry::Canonical;
use crate::corpus::registry_file::{RegistryFile, registry_path};

/// The registry of the open article's corpus, as the reader holds it.
#[derive(Debug, Clone, Default)]
pub struct Linking {
    /// The registry, once read (`None`: the article has no folder, or the
    /// file could not be read: see `error`).
    pub file: Option<RegistryFile>,
    /// The folder it belongs to.
    pub folder: Option<PathBuf>,
    /// Why it could not be read or saved, if it could not.
    pub error: Option<String>,
}

/// The link picker: what is typed and the highlighted entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPicker {
    /// The entity (mention) being linked.
    pub entity: String,
    /// Its text.
    pub text: String,
    /// Its label (the type of a new canonical entity).
    pub label: String,
    /// Whether it is linked now.
    pub linked: bool,
    /// What is typed (filters the registry).
    pub query: String,
    /// Highlighted entry.
    pub selected: usize,
}

/// One entry of the link picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkChoice {
    /// Take the link away.
    Unlink,
    /// Link to this canonical entity (its id, name, type, knowledge-base id).
    Entity {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
        /// Its type.
        kind: String,
        /// Its other names, joined.
        aliases: String,
    },
    /// A new canonical entity with this name.
    New(String),
}

impl App {
    /// Reads the registry of the open article's folder, unless it is read.
    pub(super) fn open_registry(&mut self, article: Option<&Path>) {
        let folder = article.map(|p| {
            p.parent()
                .filter(|f| !f.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        });
        if folder == self.linking.folder && (self.linking.file.is_some() || folder.is_none()) {
            // The same corpus: what other instances saved since is taken in.
            if let Some(Err(e)) = self.linking.file.as_mut().map(RegistryFile::refresh) {
                self.message = Some(format!("entities.toml not read again: {e}"));
            }
            return;
        }
        self.linking = Linking { folder: folder.clone(), ..Linking::default() };
        if let Some(folder) = folder {
            match RegistryFile::open(&folder) {
                Ok(file) => self.linking.file = Some(file),
                Err(e) => {
                    let message = format!("entities not linked: {e}");
                    self.linking.error = Some(message.clone());
                    self.message = Some(message);
                }
            }
        }
    }

    /// The canonical entity `id` of the registry.
    pub fn canonical(&self, id: &str) -> Option<&Canonical> {
        self.linking.file.as_ref().and_then(|f| f.registry.get(id))
    }

    /// `=`: opens the link picker for the entity under the cursor.
    pub(super) fn link_entity(&mut self) {
        if self.refused() {
            return;
        }
        let found = self.targets().into_iter().find_map(|a| match a {
            AnnotationRef::Entity(e) => {
                Some((e.id.clone(), e.text.clone(), e.label.clone(), e.link.is_some()))
            }
            AnnotationRef::Claim(_) | AnnotationRef::Record(_) => None,
        });
        let Some((entity, text, label, linked)) = found else {
            self.message = Some("put the cursor on an entity to link it (e tags one)".to_string());
            return;
        };
        let Some(file) = self.linking.file.as_mut() else {
            self.message = Some(self.linking.error.clone().unwrap_or_else(|| {
                "no corpus folder: linking needs the article's folder (entities.toml)".to_string()
            }));
            return;
        };
        if let Err(e) = file.refresh() {
            self.message = Some(format!("entities.toml not read again: {e}"));
        }
        self.mode = Mode::Link(Box::new(LinkPicker {
            entity,
            text,
            label,
            linked,
            query: String::new(),
            selected: 0,
        }));
    }

    /// The entries of the link picker: unlink (when linked), the canonical
    /// entities matching what is typed, best first, and a new entity. With
    /// nothing typed, every entity, those matching the mention first; when
    /// none does, the new entity comes first (Enter makes it).
    pub fn link_choices(&self, picker: &LinkPicker) -> Vec<LinkChoice> {
        let mut out = Vec::new();
        if picker.linked {
            out.push(LinkChoice::Unlink);
        }
        let typed = !picker.query.trim().is_empty();
        let name = if typed { &picker.query } else { &picker.text };
        let new = LinkChoice::New(name.trim().to_owned());
        let Some(file) = &self.linking.file else {
            out.push(new);
            return out;
        };
        let entry = |k: &Canonical| LinkChoice::Entity {
            id: k.id.clone(),
            name: k.name.clone(),
            kind: k.kind.clone(),
            aliases: k.aliases.iter().cloned().collect::<Vec<_>>().join("، "),
        };
        if typed {
            out.extend(file.registry.filter(&picker.query).into_iter().map(entry));
            out.push(new);
            return out;
        }
        let like = file.registry.filter(&picker.text);
        if like.is_empty() {
            out.push(new);
            out.extend(file.registry.filter("").into_iter().map(entry));
        } else {
            let rest = file.registry.filter("").into_iter().filter(|k| !like.contains(k));
            out.extend(like.iter().copied().chain(rest).map(entry));
            out.push(new);
        }
        out
    }

    /// Moves the link picker's highlight.
    pub(super) fn link_move(&mut self, down: bool) {
        let n = match &self.mode {
            Mode::Link(p) => self.link_choices(p).len(),
            _ => return,
        };
        if let Mode::Link(p) = &mut self.mode {
            p.selected = if down {
                (p.selected + 1).min(n.saturating_sub(1))
            } else {
                p.selected.saturating_sub(1)
            };
        }
    }

    /// Enter in the link picker: links, unlinks or makes a new entity.
    pub(super) fn pick_link(&mut self) {
        let Mode::Link(picker) = std::mem::take(&mut self.mode) else { return };
        let choices = self.link_choices(&picker);
        let Some(choice) = choices.get(picker.selected.min(choices.len().saturating_sub(1))) else {
            return;
        };
        let id = picker.entity.as_str();
        let message = match choice {
            LinkChoice::Unlink => self
                .ann
                .store
                .set_link(id, None)
                .map(|()| format!("{id} {} unlinked", quote(&picker.text))),
            LinkChoice::Entity { id: canonical, name, .. } => {
                self.note_alias(canonical, &picker.text);
                self.ann
                    .store
                    .set_link(id, Some(canonical))
                    .map(|()| format!("{id} {} linked to {}", quote(&picker.text), quote(name)))
            }
            LinkChoice::New(name) if name.is_empty() => {
                self.message = Some("a new entity needs a name: type it".to_string());
                self.mode = Mode::Link(picker);
                return;
            }
            LinkChoice::New(name) => {
                let Some(canonical) = self.new_canonical(name, &picker.label, &picker.text) else {
                    return;
                };
                self.ann.store.set_link(id, Some(&canonical)).map(|()| {
                    format!("{id} {} linked to the new entity {}", quote(&picker.text), quote(name))
                })
            }
        };
        let saved = self.save_registry();
        self.message = Some(match (message, saved) {
            (Ok(m), None) => m,
            (Ok(m), Some(e)) => format!("{m} · {e}"),
            (Err(e), _) => e.to_string(),
        });
    }

    /// Adds `text` to the aliases of `canonical` when no name of it has its key.
    fn note_alias(&mut self, canonical: &str, text: &str) {
        if let Some(file) = self.linking.file.as_mut() {
            file.registry.add_alias(canonical, text);
        }
    }

    /// A new canonical entity named `name` of type `kind`, with the
    /// mention's `text` as an alias when it differs; its id.
    fn new_canonical(&mut self, name: &str, kind: &str, text: &str) -> Option<String> {
        let author = self.authoring.as_ref().and_then(|a| a.author.clone());
        let Some(file) = self.linking.file.as_mut() else {
            self.message = Some("no registry to add to (entities.toml)".to_string());
            return None;
        };
        // Unique ids as the store's are (a session with an annotator);
        // without, the same ids every run (tests and tools).
        let mut ids = if self.ann.store.id_scheme().is_unique() {
            crate::annotate::IdScheme::unique()
        } else {
            crate::annotate::IdScheme::seeded(0)
        };
        let id = file.registry.add(name, kind, &mut ids);
        file.registry.add_alias(&id, text);
        if let Some(k) = file.registry.get_mut(&id) {
            k.by = author.as_ref().map(|a| a.name.clone());
            k.at = author.as_ref().and_then(crate::annotate::Author::now);
        }
        Some(id)
    }

    /// Saves the registry when this instance changed it (read, merged,
    /// written); a message when that failed.
    fn save_registry(&mut self) -> Option<String> {
        let file = self.linking.file.as_mut()?;
        if !file.is_dirty() {
            return None;
        }
        file.save().err().map(|e| format!("entities.toml not saved: {e}"))
    }

    /// Links the new entity `id`, whose text is `text`, when exactly one
    /// canonical entity has a name or alias with its key: the words for
    /// the status line.
    pub(super) fn auto_link(&mut self, id: &str, text: &str) -> Option<String> {
        let registry = &self.linking.file.as_ref()?.registry;
        let found = registry.lookup(text);
        let [canonical] = found.as_slice() else { return None };
        let canonical = (*canonical).to_owned();
        let name = registry.get(&canonical).map(|k| k.name.clone()).unwrap_or_default();
        self.ann.store.set_link(id, Some(&canonical)).ok()?;
        Some(format!("linked to {} (u unlinks)", quote(&name)))
    }

    /// The coreference chain under the cursor: the canonical entity's name
    /// and the spans of every mention linked to it in the article.
    pub fn chain(&self) -> Option<(String, Vec<Range<usize>>)> {
        let link = self.ann.store.at(self.reader.cursor).into_iter().find_map(|a| match a {
            AnnotationRef::Entity(e) => e.link.clone(),
            AnnotationRef::Claim(_) | AnnotationRef::Record(_) => None,
        })?;
        let name = self.canonical(&link).map_or_else(|| link.clone(), |k| k.name.clone());
        let spans = self
            .ann
            .store
            .entities()
            .filter(|e| e.link.as_deref() == Some(link.as_str()))
            .map(crate::annotate::Entity::range)
            .collect();
        Some((name, spans))
    }

    /// The link of entity `e` in words for the status line: `→ «name» · N mentions`.
    pub(super) fn describe_link(&self, link: &str) -> String {
        let name = self.canonical(link).map_or_else(|| link.to_owned(), |k| k.name.clone());
        let n = self.ann.store.entities().filter(|e| e.link.as_deref() == Some(link)).count();
        format!("→ {} · {}", quote(&name), crate::text::plural::count(n, "mention", "mentions"))
    }

    /// The registry file of the open article, when it has a folder.
    pub fn registry_path(&self) -> Option<PathBuf> {
        self.linking.folder.as_deref().map(registry_path)
    }
}
