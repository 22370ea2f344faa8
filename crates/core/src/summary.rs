//! What the wizard shows about the connector a draft names: its name, whether it
//! uses OAuth (so the client id and secret are required), the swagger's categories
//! mapped to Partner Center's list, the privacy link, the brand colour, the icon
//! as Microsoft will show it, how users authenticate, and how fully the definition
//! is documented.

use std::io::Cursor;

use serde::Serialize;
#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::check::{self, CheckOptions};
use crate::connector::{ConnectorFiles, JsonFile};
use crate::model::{AuthKind, Coverage, Submission};
use crate::read::json::Value;
use crate::rules::form::PARTNER_CENTER_CATEGORIES;
use crate::rules::{content, eligibility};

/// The connector at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectorSummary {
    /// Whether a connector was found in the draft's files.
    pub found: bool,
    /// Where it was read from (report path of its definition).
    pub from: Option<String>,
    /// Display name (the swagger's `info.title`, else the solution's display name).
    pub title: Option<String>,
    /// Whether a connection parameter is `oauthSetting`.
    pub uses_oauth: bool,
    /// How users authenticate ([`eligibility::auth_kind`]).
    pub auth: AuthKind,
    /// Every authentication option, one per multi-auth set
    /// ([`eligibility::auth_options`]).
    pub auth_options: Vec<AuthKind>,
    /// [`eligibility::auth_sentence`], for Offer setup (`None` without a connector).
    pub auth_sentence: Option<String>,
    /// Summaries, descriptions and visibility of operations, parameters and response
    /// properties ([`eligibility::coverage`]).
    pub coverage: Coverage,
    /// [`Coverage::sentence`], for Offer setup.
    pub coverage_sentence: Option<String>,
    /// The swagger's `Categories` metadata, as written.
    pub swagger_categories: Vec<String>,
    /// Those categories as Partner Center names (at most 3).
    pub suggested_categories: Vec<String>,
    /// The swagger's `Privacy policy` metadata.
    pub privacy_url: Option<String>,
    /// `iconBrandColor`.
    pub brand_color: Option<String>,
    /// The icon as a `data:image/png;base64,...` URL.
    pub icon_data_url: Option<String>,
    /// Icon width and height in pixels.
    pub icon_size: Option<(u32, u32)>,
    /// The icon's top-left pixel as `#RRGGBB` (its background).
    pub icon_background: Option<String>,
}

/// Reads the connector of a draft (connector solution, else package, else source
/// folder) and summarises it. Problems are not reported here: `check_submission`
/// reports them.
pub fn connector_summary(sub: &Submission) -> ConnectorSummary {
    let opts = CheckOptions {
        plugin: sub.offer.plugin_enabled,
        ..CheckOptions::default()
    };
    let files = load(sub, &opts);
    let Some(c) = files else {
        return ConnectorSummary::default();
    };
    let swagger = c.swagger.as_ref().and_then(JsonFile::root);
    let meta = |name: &str| -> Option<String> {
        swagger?
            .get("x-ms-connector-metadata")?
            .as_array()?
            .iter()
            .find(|m| m.get("propertyName").and_then(Value::as_str) == Some(name))?
            .get("propertyValue")?
            .as_str()
            .map(str::to_owned)
    };
    let swagger_categories = c.swagger_categories().unwrap_or_default();
    let mut suggested: Vec<String> = swagger_categories
        .iter()
        .filter_map(|s| {
            PARTNER_CENTER_CATEGORIES
                .iter()
                .find(|k| k.eq_ignore_ascii_case(s.trim()))
        })
        .map(|s| (*s).to_owned())
        .collect();
    suggested.dedup();
    suggested.truncate(3);
    let title = swagger
        .and_then(|s| s.pointer("/info/title"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| Some(c.label.clone()));
    let (icon_data_url, icon_size, icon_background) = match &c.icon {
        Some(icon) if icon.bytes.starts_with(b"\x89PNG") => {
            let (size, bg) =
                png_facts(&icon.bytes).map_or((None, None), |(w, h, bg)| (Some((w, h)), Some(bg)));
            (
                Some(format!("data:image/png;base64,{}", base64(&icon.bytes))),
                size,
                bg,
            )
        }
        _ => (None, None, None),
    };
    let coverage = eligibility::coverage(&c);
    let coverage_sentence = c.swagger.as_ref().map(|_| coverage.sentence());
    let (auth, auth_options) = (eligibility::auth_kind(&c), eligibility::auth_options(&c));
    let auth_sentence = Some(eligibility::auth_sentence(&auth, &auth_options));
    ConnectorSummary {
        found: true,
        from: c.swagger.as_ref().map(|s| s.vpath.clone()),
        title,
        uses_oauth: c.uses_oauth(),
        auth,
        auth_options,
        auth_sentence,
        coverage,
        coverage_sentence,
        swagger_categories,
        suggested_categories: suggested,
        privacy_url: meta("Privacy policy"),
        brand_color: content::brand_colour(&c),
        icon_data_url,
        icon_size,
        icon_background,
    }
}

/// The connector solution's connector, else the package's, else the source folder's.
fn load(sub: &Submission, opts: &CheckOptions) -> Option<ConnectorFiles> {
    let p = &sub.packages;
    let source = p.source_dir.as_ref().filter(|d| d.is_dir());
    [p.connector_solution.as_ref(), p.package.as_ref(), source]
        .into_iter()
        .flatten()
        .find_map(|path| check::load_connector(path, opts).ok().flatten())
}

/// The connector a draft names (connector solution, else package, else source
/// folder), read without its findings; `None` when none of them holds one.
pub fn draft_connector(sub: &Submission, opts: &CheckOptions) -> Option<ConnectorFiles> {
    load(sub, opts)
}

/// Width, height and the top-left pixel as `#RRGGBB`.
fn png_facts(bytes: &[u8]) -> Option<(u32, u32, String)> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = reader.info().size();
    if u64::from(w) * u64::from(h) > 16 << 20 {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut buf).ok()?;
    let px = &buf[..frame.buffer_size().min(buf.len())];
    let rgb = match frame.color_type {
        png::ColorType::Rgb | png::ColorType::Rgba => [*px.first()?, *px.get(1)?, *px.get(2)?],
        png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha => [*px.first()?; 3],
        // EXPAND turns palettes into RGB; nothing indexed is left here.
        png::ColorType::Indexed => return None,
    };
    Some((w, h, format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2])))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn summarises_the_example() {
        let dir = tempfile::tempdir().unwrap();
        let ex = crate::example::write_example(dir.path()).unwrap();
        let s = connector_summary(&ex.submission);
        assert!(s.found && s.uses_oauth);
        assert_eq!(s.title.as_deref(), Some("Contoso Tasks"));
        assert_eq!(s.suggested_categories, ["Productivity", "Collaboration"]);
        assert_eq!(
            s.privacy_url.as_deref(),
            Some("https://www.contoso.com/privacy")
        );
        assert_eq!(s.icon_size, Some((230, 230)));
        assert_eq!(s.icon_background.as_deref(), Some("#1F6F5C"));
        assert_eq!(s.brand_color.as_deref(), Some("#1f6f5c"));
        assert!(
            s.icon_data_url
                .unwrap()
                .starts_with("data:image/png;base64,iVBOR")
        );
        assert_eq!(
            s.auth,
            AuthKind::OAuth2 {
                provider: Some("oauth2".into())
            }
        );
        assert_eq!(s.auth_options, std::slice::from_ref(&s.auth));
        assert_eq!(s.coverage.operations.count, 4);
        assert_eq!(
            s.coverage_sentence.as_deref(),
            Some(
                "Summaries 100% · descriptions 100% · visibility 35% (4 operations, 5 parameters, 5 properties)"
            )
        );
        let none = connector_summary(&Submission::default());
        assert!(!none.found);
        assert_eq!(none.auth, AuthKind::None);
        assert_eq!(none.coverage_sentence, None);
    }

    #[test]
    fn the_summary_serialises_auth_and_coverage() {
        let dir = tempfile::tempdir().unwrap();
        let ex = crate::example::write_example(dir.path()).unwrap();
        let v = serde_json::to_value(connector_summary(&ex.submission)).unwrap();
        assert_eq!(
            v["auth"],
            serde_json::json!({"kind": "oauth2", "provider": "oauth2"})
        );
        assert_eq!(v["authOptions"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            v["coverage"]["parameters"]["visibility"],
            serde_json::json!({"with": 1, "total": 5})
        );
        assert_eq!(v["coverage"]["properties"]["count"], 5);
        assert_eq!(v["coverage"]["truncated"], false);
        assert!(
            v["coverageSentence"]
                .as_str()
                .is_some_and(|s| s.starts_with("Summaries 100%"))
        );
    }
}
