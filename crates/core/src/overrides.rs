//! Overrides: a rule allowed (its findings dropped) or downgraded to a lesser
//! severity, always with a reason, from the draft or a `certpack.toml`:
//!
//! ```toml
//! [[override]]
//! code = "OPS-04"
//! severity = "info"
//! reason = "visibility defaults are what we want for every operation"
//!
//! [[override]]
//! code = "ICN-02"
//! allow = true
//! reason = "Microsoft accepted our 256×256 icon in the last round"
//! file = "icon.png"
//! ```
//!
//! Overrides can only lessen a finding, never raise it; every report lists the
//! overrides taken and how many findings each changed.

use std::path::Path;

use serde::Deserialize;

use crate::model::{AppliedOverride, Diagnostic, Override, Report, Severity};
use crate::{Error, Result};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "certpack.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default, rename = "override")]
    overrides: Vec<Override>,
}

/// Checks that an override names a rule, has a reason, and only lessens.
pub fn validate(o: &Override) -> Result<()> {
    let rule = crate::rules::find(&o.code).ok_or_else(|| {
        Error::Input(format!(
            "override: there is no rule `{}` (`certpack rules` lists them)",
            o.code
        ))
    })?;
    if o.reason.trim().is_empty() {
        return Err(Error::Input(format!(
            "override of {}: give a `reason`",
            rule.code
        )));
    }
    match (o.allow, o.severity) {
        (true, Some(_)) => Err(Error::Input(format!(
            "override of {}: use `allow` or `severity`, not both",
            rule.code
        ))),
        (false, None) => Err(Error::Input(format!(
            "override of {}: say `allow = true` or a lesser `severity`",
            rule.code
        ))),
        (false, Some(s)) if s <= rule.severity && s == Severity::Error => {
            Err(Error::Input(format!(
                "override of {}: `severity = \"{s}\"` does not lessen it; use \"warning\" or \"info\"",
                rule.code
            )))
        }
        _ => Ok(()),
    }
}

/// Reads the overrides of a `certpack.toml`.
pub fn load(path: &Path) -> Result<Vec<Override>> {
    let bytes = crate::read::file::read_regular(path, 1 << 20)
        .map_err(|e| Error::io("cannot read", path, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Input(format!("`{}` is not UTF-8 text", path.display())))?;
    let cfg: ConfigFile = toml::from_str(&text)
        .map_err(|e| Error::Input(format!("`{}` is not valid: {e}", path.display())))?;
    for o in &cfg.overrides {
        validate(o)?;
    }
    Ok(cfg.overrides)
}

/// The `certpack.toml` that applies to `target`: beside it (or in it, for a folder),
/// else in the current folder.
pub fn find_config(target: &Path) -> Option<std::path::PathBuf> {
    let near = if target.is_dir() {
        Some(target)
    } else {
        target.parent()
    };
    near.map(|d| d.join(CONFIG_FILE))
        .filter(|p| p.is_file())
        .or_else(|| Some(Path::new(CONFIG_FILE).to_path_buf()).filter(|p| p.is_file()))
}

/// Applies overrides to a report (in order; the first that matches a finding wins)
/// and records them in [`Report::overrides`].
pub fn apply(report: &mut Report, overrides: &[Override], source: &str) -> Result<()> {
    for o in overrides {
        validate(o)?;
    }
    let counts = filter(&mut report.diagnostics, overrides);
    for (o, count) in overrides.iter().zip(counts) {
        report.overrides.push(AppliedOverride {
            rule: o.clone(),
            source: source.to_owned(),
            count,
        });
    }
    report.sort();
    Ok(())
}

/// Applies already validated overrides to findings; returns how many each changed.
pub fn filter(diagnostics: &mut Vec<Diagnostic>, overrides: &[Override]) -> Vec<usize> {
    let mut counts = vec![0usize; overrides.len()];
    diagnostics.retain_mut(|d| {
        let hit = overrides.iter().position(|o| {
            o.code.eq_ignore_ascii_case(&d.code)
                && o.file
                    .as_deref()
                    .is_none_or(|f| d.location.file.as_deref().is_some_and(|p| p.contains(f)))
        });
        let Some(i) = hit else { return true };
        let o = &overrides[i];
        if o.allow {
            counts[i] += 1;
            return false;
        }
        if let Some(s) = o.severity
            && s > d.severity
        {
            d.severity = s;
            counts[i] += 1;
        }
        true
    });
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, TargetKind};

    fn report() -> Report {
        let d = |code: &str, sev, file: &str| Diagnostic {
            code: code.into(),
            severity: sev,
            message: "m".into(),
            location: Location::file(file),
            help: None,
            previous: None,
        };
        let mut r = Report::new("t", TargetKind::SourceFolder);
        r.diagnostics = vec![
            d("PKG-03", Severity::Error, "a/x.zip"),
            d("PKG-09", Severity::Warning, "a/x.zip"),
            d("PKG-03", Severity::Error, "b/y.zip"),
        ];
        r
    }

    fn o(code: &str, allow: bool, severity: Option<Severity>, file: Option<&str>) -> Override {
        Override {
            code: code.into(),
            allow,
            severity,
            reason: "because".into(),
            file: file.map(String::from),
        }
    }

    #[test]
    fn allow_and_downgrade_are_listed_with_counts() {
        let mut r = report();
        let list = [
            o("PKG-09", true, None, None),
            o("PKG-03", false, Some(Severity::Warning), Some("b/")),
        ];
        apply(&mut r, &list, "certpack.toml").unwrap();
        assert_eq!(r.codes(), ["PKG-03", "PKG-03"]);
        assert_eq!(r.summary().errors, 1);
        assert_eq!(
            r.overrides.iter().map(|a| a.count).collect::<Vec<_>>(),
            [1, 1]
        );
        assert_eq!(r.overrides[0].source, "certpack.toml");
    }

    #[test]
    fn overrides_never_raise_and_need_reasons() {
        let mut r = report();
        apply(
            &mut r,
            &[o("PKG-09", false, Some(Severity::Info), None)],
            "draft",
        )
        .unwrap();
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == "PKG-09" && d.severity == Severity::Info)
        );
        let mut bad = o("PKG-03", true, None, None);
        bad.reason = " ".into();
        assert!(apply(&mut report(), &[bad], "draft").is_err());
        assert!(validate(&o("NOPE-1", true, None, None)).is_err());
        assert!(validate(&o("PKG-03", false, Some(Severity::Error), None)).is_err());
        assert!(validate(&o("PKG-03", true, Some(Severity::Info), None)).is_err());
    }

    #[test]
    fn loads_toml() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &p,
            "[[override]]\ncode = \"OPS-04\"\nseverity = \"info\"\nreason = \"ok\"\n",
        )
        .unwrap();
        let list = load(&p).unwrap();
        assert_eq!(list[0].severity, Some(Severity::Info));
        assert_eq!(find_config(dir.path()), Some(p.clone()));
        std::fs::write(&p, "[[override]]\ncode = \"OPS-04\"\nreasn = \"typo\"\n").unwrap();
        let err = load(&p).unwrap_err().to_string();
        assert!(err.contains("reasn"), "{err}");
    }
}
