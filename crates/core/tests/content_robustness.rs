//! 1,000 damaged connectors through every content check: truncations, byte flips,
//! troublesome bytes (BOM, cp1252, NUL, raw tabs, stray brackets), deep nesting,
//! megabyte strings and values of the wrong type everywhere, in every file, for both
//! publisher kinds and both origins. Nothing may panic; every finding carries a
//! registered code and a file.

#[path = "../benches/support/generate.rs"]
mod generate;

use certpack_core::check::CheckOptions;
use certpack_core::connector::{ConnectorFiles, FileData, JsonFile, Origin};
use certpack_core::model::PublisherKind;
use certpack_core::rules::content::icon::sample_icon;
use certpack_core::rules::content::{self, cross, properties, secrets};
use certpack_core::rules::{Sink, find};
use certpack_core::secret::ClientSecret;
use generate::{Rng, mutate_bytes, mutate_json};

const CASES: u64 = 1000;

fn maybe(rng: &mut Rng, percent: usize, text: &[u8], json: bool) -> Vec<u8> {
    if !rng.chance(percent) {
        return text.to_vec();
    }
    if json && rng.chance(50) {
        let s = String::from_utf8_lossy(text);
        let m = mutate_json(rng, &s);
        if rng.chance(30) {
            mutate_bytes(rng, &m)
        } else {
            m
        }
    } else {
        mutate_bytes(rng, text)
    }
}

fn case(seed: u64, small_icon: &[u8]) -> (ConnectorFiles, CheckOptions) {
    let mut rng = Rng::new(seed);
    let base_swagger = if rng.chance(20) {
        serde_json::to_vec(&generate::swagger(
            seed,
            1 + rng.below(40),
            1 + rng.below(6),
        ))
        .unwrap_or_default()
    } else {
        generate::SWAGGER.as_bytes().to_vec()
    };
    let origin = if rng.chance(30) {
        Origin::Solution
    } else {
        Origin::SourceFolder
    };
    let props_text: Vec<u8> = match origin {
        Origin::SourceFolder => generate::PROPERTIES.as_bytes().to_vec(),
        Origin::Solution => serde_json::from_str::<serde_json::Value>(generate::PROPERTIES)
            .map(|v| {
                serde_json::to_vec(&v["properties"]["connectionParameters"]).unwrap_or_default()
            })
            .unwrap_or_default(),
    };
    let mut sink = Sink::new();
    let swagger = maybe(&mut rng, 80, &base_swagger, true);
    let props = maybe(&mut rng, 50, &props_text, true);
    let prefix = if origin == Origin::Solution {
        "p.zip!/PkgAssets/s.zip!/Connector/x"
    } else {
        "c/"
    };
    let file = |name: &str, bytes: Vec<u8>| {
        Some(FileData {
            vpath: format!("{prefix}{name}"),
            bytes,
        })
    };
    // a small icon mostly (decoding in a debug build is slow); the fixture's now and then
    let base_icon = if rng.chance(10) {
        generate::ICON.to_vec()
    } else {
        small_icon.to_vec()
    };
    let icon = if rng.chance(10) {
        None
    } else {
        file("icon.png", maybe(&mut rng, 40, &base_icon, false))
    };
    let files = ConnectorFiles {
        origin,
        label: format!("case {seed}"),
        swagger: Some(JsonFile::load(
            &mut sink,
            FileData {
                vpath: format!("{prefix}apiDefinition.swagger.json"),
                bytes: swagger,
            },
        )),
        properties: Some(JsonFile::load(
            &mut sink,
            FileData {
                vpath: format!("{prefix}apiProperties.json"),
                bytes: props,
            },
        )),
        icon,
        script: file(
            "script.csx",
            maybe(&mut rng, 40, generate::SCRIPT.as_bytes(), false),
        ),
        readme: file(
            "README.md",
            maybe(&mut rng, 30, generate::README.as_bytes(), false),
        ),
        intro: file(
            "intro.md",
            maybe(&mut rng, 30, generate::INTRO.as_bytes(), false),
        ),
        icon_brand_color: (origin == Origin::Solution).then(|| {
            rng.pick(&[
                "#1f6f43",
                "#FFFFFF",
                "",
                "#zzzzzz",
                "#1f6f4",
                "💥💥💥💥💥💥💥",
                "#da3b01",
            ])
            .to_string()
        }),
    };
    let publisher = if rng.chance(30) {
        PublisherKind::Independent
    } else {
        PublisherKind::Verified
    };
    (
        files,
        CheckOptions {
            publisher,
            ..CheckOptions::default()
        },
    )
}

fn good() -> ConnectorFiles {
    let mut sink = Sink::new();
    let f = |name: &str, b: &[u8]| {
        Some(FileData {
            vpath: name.into(),
            bytes: b.to_vec(),
        })
    };
    ConnectorFiles {
        origin: Origin::SourceFolder,
        label: "good".into(),
        swagger: Some(JsonFile::load(
            &mut sink,
            FileData {
                vpath: "a.json".into(),
                bytes: generate::SWAGGER.into(),
            },
        )),
        properties: Some(JsonFile::load(
            &mut sink,
            FileData {
                vpath: "p.json".into(),
                bytes: generate::PROPERTIES.into(),
            },
        )),
        icon: f("icon.png", generate::ICON),
        script: f("script.csx", generate::SCRIPT.as_bytes()),
        readme: f("README.md", generate::README.as_bytes()),
        intro: f("intro.md", generate::INTRO.as_bytes()),
        icon_brand_color: None,
    }
}

#[test]
fn a_thousand_damaged_connectors_never_panic() {
    let good = good();
    let secret = ClientSecret::new("Qx8~h2Lr0pZk3vN9".into());
    let small_icon = sample_icon(24, [0x1f, 0x6f, 0x43, 255], [250, 250, 250, 255]);
    let mut total = 0;
    for seed in 0..CASES {
        let (files, opts) = case(seed, &small_icon);
        let mut sink = Sink::new();
        content::check(&mut sink, &files, &opts);
        cross::compare(&mut sink, &good, &files);
        cross::check_privacy_link(&mut sink, "https://contoso.example.com/privacy", &files);
        properties::check_auth_unchanged(&mut sink, &good, &files);
        for f in [&files.script, &files.readme, &files.icon]
            .into_iter()
            .flatten()
        {
            secrets::scan_file(&mut sink, &f.vpath, &f.bytes, Some(&secret));
        }
        for d in sink.diagnostics() {
            assert!(
                find(&d.code).is_some(),
                "seed {seed}: unregistered code {}",
                d.code
            );
            assert!(d.location.file.is_some(), "seed {seed}: no file: {d:?}");
            assert!(
                !d.message.contains("h2Lr0pZk"),
                "seed {seed}: a secret in a message"
            );
        }
        total += sink.diagnostics().len();
    }
    assert!(
        total > CASES as usize,
        "the damage should be found ({total} findings)"
    );
}
