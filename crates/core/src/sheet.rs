//! The submission sheet: every Partner Center field with the value to paste, in tab
//! order, as data (for the wizard's Copy buttons) and as Markdown. The OAuth client
//! secret is never on it: its row says where to type it.

use serde::Serialize;
#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::bundle::redact_sas;
use crate::model::{BundleSummary, PublisherKind, Submission};

/// One field of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetRow {
    /// Partner Center tab.
    pub tab: String,
    /// Field label as Partner Center shows it.
    pub label: String,
    /// The value to paste (empty when not given).
    pub value: String,
    /// The draft's field id (for "Change" links).
    pub field: String,
    /// Whether the value is worth a Copy button (false for notes).
    pub copyable: bool,
}

fn row(tab: &str, label: &str, value: impl Into<String>, field: &str, copyable: bool) -> SheetRow {
    SheetRow {
        tab: tab.into(),
        label: label.into(),
        value: value.into(),
        field: field.into(),
        copyable,
    }
}

/// The rows, in Partner Center order. `package` adds the written package's name and
/// SHA-256; `secret_given` says whether a secret was typed (its value never appears).
pub fn rows(
    sub: &Submission,
    package: Option<&BundleSummary>,
    secret_given: bool,
) -> Vec<SheetRow> {
    let mut out = vec![
        row(
            "Offer setup",
            "Offer name",
            &sub.offer.name,
            "offer.name",
            true,
        ),
        row(
            "Offer setup",
            "Publisher",
            match sub.offer.publisher {
                PublisherKind::Verified => "Verified publisher (Partner Center)",
                PublisherKind::Independent => "Independent publisher (GitHub pull request)",
            },
            "offer.publisher",
            false,
        ),
        row(
            "Offer setup",
            "AI plugin enabled",
            if sub.offer.plugin_enabled {
                "Yes"
            } else {
                "No"
            },
            "offer.pluginEnabled",
            false,
        ),
        row(
            "Offer setup",
            "Version",
            &sub.offer.version,
            "offer.version",
            true,
        ),
    ];
    if sub.update.enabled {
        let previous = sub
            .update
            .previous
            .as_ref()
            .map(|p| format!("Yes: updates {}", p.display()))
            .unwrap_or_else(|| "Yes".into());
        out.push(row(
            "Offer setup",
            "Update of a certified connector",
            previous,
            "update.previous",
            false,
        ));
    }
    if let Some(p) = package {
        let name = p
            .outer
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(row(
            "Packages",
            "Package file (upload to blob storage)",
            name,
            "packages",
            true,
        ));
        out.push(row(
            "Packages",
            "Package SHA-256",
            &p.sha256,
            "packages",
            true,
        ));
    }
    out.push(row(
        "Packages",
        "SAS URI",
        &sub.packages.sas_uri,
        "packages.sasUri",
        true,
    ));
    if let Some(up) = sub
        .upload
        .as_ref()
        .filter(|u| u.verifies(&sub.packages.sas_uri))
    {
        let until = up
            .expires
            .as_deref()
            .map(|se| format!(", valid until {se}"))
            .unwrap_or_default();
        out.push(row(
            "Packages",
            "SAS URI verified",
            format!(
                "Downloaded through the SAS at {}: same size and SHA-256 as the package{until}",
                up.verified_at.replace('T', " ").replace('Z', " UTC")
            ),
            "packages.sasUri",
            false,
        ));
    }
    out.push(row(
        "Packages",
        "Client ID",
        &sub.packages.oauth_client_id,
        "packages.oauthClientId",
        true,
    ));
    out.push(row(
        "Packages",
        "Client secret",
        if secret_given {
            "Typed in certpack; paste it from your password manager (certpack never writes it)"
        } else {
            "Not given"
        },
        "packages.oauthClientSecret",
        false,
    ));
    out.push(row(
        "Properties",
        "Categories",
        sub.properties.categories.join(", "),
        "properties.categories",
        true,
    ));
    let legal = &sub.properties.legal;
    let (label, value) = if legal.standard_contract {
        (
            "Legal",
            "Use the Standard Contract for Microsoft's commercial marketplace".to_owned(),
        )
    } else {
        (
            "End-user license agreement (EULA) link",
            legal.eula_url.clone(),
        )
    };
    out.push(row(
        "Properties",
        label,
        value,
        "properties.legal",
        !legal.standard_contract,
    ));
    out.push(row(
        "Properties",
        "Privacy policy link",
        &sub.properties.privacy_policy_url,
        "properties.privacyPolicyUrl",
        true,
    ));
    out.push(row(
        "Properties",
        "Support document link",
        &sub.properties.support_document_url,
        "properties.supportDocumentUrl",
        true,
    ));
    out.push(row(
        "Availability",
        "HideKey",
        if sub.availability.hide_key.is_empty() {
            "(empty: the offer is public)"
        } else {
            &sub.availability.hide_key
        },
        "availability.hideKey",
        !sub.availability.hide_key.is_empty(),
    ));
    out.push(row(
        "Review and publish",
        "Notification audience",
        sub.availability.notification_emails.join("; "),
        "availability.notificationEmails",
        true,
    ));
    out.push(row(
        "Review and publish",
        "Notes for certification",
        &sub.availability.certification_notes,
        "availability.certificationNotes",
        true,
    ));
    if sub.update.enabled {
        out.push(row(
            "Review and publish",
            "Changelog (customer-facing; also CHANGELOG.md beside the package)",
            sub.update.changelog.trim(),
            "update.changelog",
            true,
        ));
    }
    for o in &sub.overrides {
        let what = if o.allow {
            "allowed".to_owned()
        } else {
            format!(
                "downgraded to {}",
                o.severity.map_or("warning".into(), |s| s.to_string())
            )
        };
        let place = o
            .file
            .as_deref()
            .map(|f| format!(" (in {f})"))
            .unwrap_or_default();
        out.push(row(
            "Review and publish",
            &format!("Rule {} {what}{place}", o.code),
            &o.reason,
            "overrides",
            false,
        ));
    }
    out
}

fn cell(s: &str) -> String {
    let s = s.replace('|', "\\|").replace(['\r', '\n'], " ");
    if s.is_empty() { "—".into() } else { s }
}

/// The sheet as Markdown (SAS signatures redacted: the sheet is for reading; copy the
/// SAS URI from the app).
pub fn markdown(sub: &Submission, package: Option<&BundleSummary>, secret_given: bool) -> String {
    let title = if sub.offer.name.trim().is_empty() {
        "Untitled offer"
    } else {
        sub.offer.name.trim()
    };
    let mut md = format!("# Partner Center submission sheet: {}\n\n", cell(title));
    md.push_str("Generated by certpack. The OAuth client secret is never written here.\n");
    let mut tab = String::new();
    for r in rows(sub, package, secret_given) {
        if r.tab != tab {
            md.push_str(&format!("\n## {}\n\n| Field | Value |\n|---|---|\n", r.tab));
            tab.clone_from(&r.tab);
        }
        let value = if r.field == "packages.sasUri" {
            redact_sas(&r.value)
        } else {
            r.value.clone()
        };
        md.push_str(&format!("| {} | {} |\n", cell(&r.label), cell(&value)));
    }
    let changelog = sub.update.changelog.trim();
    if sub.update.enabled && !changelog.is_empty() {
        // the whole text once more, its headings one level below "Changelog"
        md.push_str("\n## Changelog\n\n");
        for line in changelog.lines() {
            if line.starts_with('#') {
                md.push('#');
            }
            md.push_str(line);
            md.push('\n');
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partner_center_field_is_on_the_sheet() {
        let mut s = Submission::default();
        s.offer.name = "Contoso Tasks".into();
        s.packages.sas_uri = "https://a.blob.core.windows.net/c/p.zip?sp=r&sig=SECRETSIG".into();
        s.packages.oauth_client_id = "client-1".into();
        s.properties.categories = vec!["AI".into(), "Data".into()];
        s.properties.legal.eula_url = "https://contoso.com/eula".into();
        s.availability.hide_key = "abc123".into();
        let rows = rows(&s, None, true);
        for label in [
            "Offer name",
            "SAS URI",
            "Client ID",
            "Client secret",
            "Categories",
            "End-user license agreement (EULA) link",
            "Privacy policy link",
            "Support document link",
            "HideKey",
            "Notification audience",
        ] {
            assert!(rows.iter().any(|r| r.label == label), "{label} missing");
        }
        let md = markdown(&s, None, true);
        assert!(md.contains("| Categories | AI, Data |"));
        assert!(md.contains("sig=REDACTED") && !md.contains("SECRETSIG"));
        assert!(md.contains("| HideKey | abc123 |"));
        assert!(!rows.iter().any(|r| r.field.starts_with("update.")));
        assert!(!md.contains("Changelog"));
    }

    #[test]
    fn an_update_shows_its_previous_version_and_changelog() {
        let mut s = Submission::default();
        s.update.enabled = true;
        s.update.previous = Some("old/Contoso".into());
        s.update.changelog = "### Added\n- Added the *Get task* action.".into();
        let rows = rows(&s, None, false);
        let find = |field: &str| rows.iter().find(|r| r.field == field).unwrap();
        assert_eq!(find("update.previous").value, "Yes: updates old/Contoso");
        let log = find("update.changelog");
        assert!(log.copyable);
        assert_eq!(log.value, s.update.changelog);
        let md = markdown(&s, None, false);
        assert!(
            md.contains("\n## Changelog\n\n#### Added\n- Added the *Get task* action.\n"),
            "{md}"
        );
    }
}
