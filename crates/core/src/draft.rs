//! Drafts: a [`Submission`] saved as `<offer>.certpack.json`, written atomically
//! (temporary file in the same folder, then rename), never with the client secret
//! (which is not part of [`Submission`]).

use std::path::{Path, PathBuf};

use crate::bundle::write_atomic;
use crate::model::{DRAFT_FORMAT, Submission};
use crate::{Error, Result};

/// The suffix of draft files.
pub const SUFFIX: &str = ".certpack.json";

/// `<offer name>.certpack.json`, with characters that file systems refuse replaced.
pub fn file_name(offer_name: &str) -> String {
    let mut s: String = offer_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    s = s.trim_matches(['.', ' ']).to_owned();
    if s.is_empty() {
        s = "Untitled offer".into();
    }
    format!("{s}{SUFFIX}")
}

/// Saves a draft atomically.
pub fn save(path: &Path, sub: &Submission) -> Result<()> {
    let mut json = serde_json::to_vec_pretty(sub).map_err(|e| Error::Input(e.to_string()))?;
    json.push(b'\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    }
    write_atomic(path, &json)
}

/// Loads a draft; says clearly what is wrong with a file that is not one.
pub fn load(path: &Path) -> Result<Submission> {
    let bytes = crate::read::file::read_regular(path, 16 << 20)
        .map_err(|e| Error::io("cannot read", path, e))?;
    let sub: Submission = serde_json::from_slice(&bytes)
        .map_err(|e| Error::Input(format!("`{}` is not a certpack draft: {e}", path.display())))?;
    if sub.format > DRAFT_FORMAT {
        return Err(Error::Input(format!(
            "`{}` was written by a newer certpack (draft format {}); update certpack to open it",
            path.display(),
            sub.format
        )));
    }
    Ok(sub)
}

/// Resolves relative file paths of a draft against the draft's folder, so a draft
/// moved together with its files still works.
pub fn resolve_paths(sub: &mut Submission, draft: &Path) {
    let Some(base) = draft.parent() else { return };
    for path in sub
        .packages
        .files_mut()
        .chain(sub.update.previous.as_mut())
        .chain(sub.power_query.files_mut())
    {
        if path.is_relative() {
            *path = base.join(&*path);
        }
    }
}

/// Files that a draft names and that are not there (for a "moved or deleted" notice).
pub fn missing_files(sub: &Submission) -> Vec<PathBuf> {
    sub.packages
        .files()
        .chain(sub.update.previous.as_ref())
        .chain(sub.power_query.files())
        .filter(|path| !path.exists())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut sub = Submission::default();
        sub.offer.name = "Contoso: Tasks/2".into();
        let path = dir.path().join(file_name(&sub.offer.name));
        assert_eq!(path.file_name().unwrap(), "Contoso- Tasks-2.certpack.json");
        save(&path, &sub).unwrap();
        assert_eq!(load(&path).unwrap(), sub);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left behind: {left:?}");
    }

    #[test]
    fn refuses_what_is_not_a_draft() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.certpack.json");
        std::fs::write(&p, "{\"offer\": 3}").unwrap();
        assert!(
            load(&p)
                .unwrap_err()
                .to_string()
                .contains("not a certpack draft")
        );
        std::fs::write(&p, "{\"format\": 99}").unwrap();
        assert!(load(&p).unwrap_err().to_string().contains("newer certpack"));
    }

    #[test]
    fn relative_paths_follow_the_draft() {
        let mut sub = Submission::default();
        sub.packages.intro = Some("intro.md".into());
        sub.update.previous = Some("v1".into());
        resolve_paths(&mut sub, Path::new("/drafts/x.certpack.json"));
        assert_eq!(
            sub.packages.intro.as_deref(),
            Some(Path::new("/drafts/intro.md"))
        );
        assert_eq!(
            sub.update.previous.as_deref(),
            Some(Path::new("/drafts/v1"))
        );
        assert_eq!(missing_files(&sub).len(), 2);
    }
}
