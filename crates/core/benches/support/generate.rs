//! Generated connectors for the content benchmark and the robustness tests: a
//! deterministic PRNG, definitions of any size built from the `good` fixture's shape,
//! connector folders, and mutations (truncation, byte flips, deep nesting, huge
//! strings, wrong types). Included with `#[path]` by `benches/content.rs` and
//! `tests/content*.rs`; not part of the library.
#![allow(dead_code)]

use std::path::Path;

use serde_json::{Map, Value, json};

pub const SWAGGER: &str =
    include_str!("../../../../tests/fixtures/connectors/good/apiDefinition.swagger.json");
pub const PROPERTIES: &str =
    include_str!("../../../../tests/fixtures/connectors/good/apiProperties.json");
pub const README: &str = include_str!("../../../../tests/fixtures/connectors/good/README.md");
pub const INTRO: &str = include_str!("../../../../tests/fixtures/connectors/good/intro.md");
pub const SCRIPT: &str = include_str!("../../../../tests/fixtures/connectors/good/script.csx");
pub const ICON: &[u8] = include_bytes!("../../../../tests/fixtures/connectors/good/icon.png");

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "task", "project", "item", "record", "account", "invoice", "team", "member", "comment", "file",
    "folder", "status", "owner", "label", "priority", "deadline", "schedule", "report", "event",
    "note",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = *rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn pascal(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| {
            let w = *rng.pick(WORDS);
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A definition with `ops` operations; each gets its own response schema of `props`
/// properties (the size knob). Clean apart from what the size itself triggers.
pub fn swagger(seed: u64, ops: usize, props: usize) -> Value {
    let mut rng = Rng::new(seed);
    let mut v: Value = serde_json::from_str(SWAGGER).unwrap_or(Value::Null);
    let paths = v["paths"]
        .as_object_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut out = Map::new();
    let mut defs = v["definitions"].as_object().cloned().unwrap_or_default();
    for i in 0..ops {
        let name = format!("{}{i}", pascal(&mut rng, 2));
        let def = format!("{name}Result");
        let mut properties = Map::new();
        for p in 0..props {
            properties.insert(
                format!("{}{p}", pascal(&mut rng, 1).to_lowercase()),
                json!({
                    "type": *rng.pick(&["string", "integer", "boolean"]),
                    "x-ms-summary": format!("{} {p}", pascal(&mut rng, 1)),
                    "description": sentence(&mut rng, 12),
                }),
            );
        }
        defs.insert(
            def.clone(),
            json!({"type": "object", "properties": properties}),
        );
        let method = *rng.pick(&["get", "post", "put", "delete"]);
        let mut op = json!({
            "operationId": format!("{}{name}", ["Get", "Create", "Update", "Delete"][i % 4]),
            "summary": format!("{} {}", ["Get", "Create", "Update", "Delete"][i % 4], sentence(&mut rng, 3).trim_end_matches('.').to_lowercase()),
            "description": sentence(&mut rng, 10),
            "x-ms-visibility": *rng.pick(&["important", "advanced"]),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "type": "string",
                 "x-ms-summary": "ID", "description": sentence(&mut rng, 6)},
                {"name": "filter", "in": "query", "type": "string",
                 "x-ms-summary": "Filter", "description": sentence(&mut rng, 8)}
            ],
            "responses": {
                "200": {"description": "The result.", "schema": {"$ref": format!("#/definitions/{def}")}},
                "default": {"description": "The request failed."}
            }
        });
        if (method == "post" || method == "put")
            && let Some(ps) = op["parameters"].as_array_mut()
        {
            ps.push(json!({"name": "body", "in": "body", "required": true,
                "schema": {"$ref": "#/definitions/NewTask"}}));
        }
        out.insert(
            format!("/{}/{i}/{{id}}", pascal(&mut rng, 1).to_lowercase()),
            json!({ method: op }),
        );
    }
    if ops == 0 {
        for (k, p) in paths {
            out.insert(k, p);
        }
    }
    v["paths"] = Value::Object(out);
    v["definitions"] = Value::Object(defs);
    v
}

/// Picks `props` so that `ops` operations make about `bytes` of pretty JSON.
pub fn swagger_of_size(seed: u64, ops: usize, bytes: usize) -> Vec<u8> {
    let mut props = 4;
    loop {
        let text = serde_json::to_vec_pretty(&swagger(seed, ops, props)).unwrap_or_default();
        if text.len() >= bytes || props > 400 {
            return text;
        }
        props += ((bytes - text.len()) / (ops.max(1) * 180)).max(1);
    }
}

/// Writes a connector source folder: a generated definition of `ops` operations
/// plus the good fixture's other files, with a defect now and then.
pub fn write_connector(dir: &Path, seed: u64, ops: usize, props: usize) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(dir)?;
    let mut sw = swagger(seed, ops, props);
    if rng.chance(20) {
        sw["info"]["title"] = "Contoso Tasks Connector API".into();
    }
    if rng.chance(20) {
        sw["schemes"] = json!(["http"]);
    }
    std::fs::write(
        dir.join("apiDefinition.swagger.json"),
        serde_json::to_vec_pretty(&sw).unwrap_or_default(),
    )?;
    std::fs::write(dir.join("apiProperties.json"), PROPERTIES)?;
    std::fs::write(dir.join("README.md"), README)?;
    std::fs::write(dir.join("intro.md"), INTRO)?;
    std::fs::write(dir.join("script.csx"), SCRIPT)?;
    std::fs::write(dir.join("icon.png"), ICON)?;
    Ok(())
}

/// Replaces one value picked at random (by a walk of random length) with `f(old)`.
fn replace_random(rng: &mut Rng, v: &mut Value, f: &mut dyn FnMut(&mut Rng, &Value) -> Value) {
    let stop = rng.chance(25);
    match v {
        Value::Object(m) if !m.is_empty() && !stop => {
            let i = rng.below(m.len());
            if let Some(child) = m.values_mut().nth(i) {
                return replace_random(rng, child, f);
            }
        }
        Value::Array(a) if !a.is_empty() && !stop => {
            let i = rng.below(a.len());
            return replace_random(rng, &mut a[i], f);
        }
        _ => {}
    }
    let new = f(rng, v);
    *v = new;
}

fn random_value(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => json!(rng.next() as i64),
        3 => json!(-1.5e300),
        4 => Value::String(String::new()),
        5 => json!([1, "two", null]),
        _ => json!({"type": 5, "$ref": "#/nowhere", "properties": []}),
    }
}

fn deep(levels: usize, objects: bool) -> Value {
    let mut v = Value::Null;
    for _ in 0..levels {
        v = if objects {
            json!({ "a": v })
        } else {
            json!([v])
        };
    }
    v
}

/// Puts a long string (tens of kilobytes, now and then past a megabyte) inside one
/// string literal of a serialised document, at the byte level: no escaping to pay for.
fn splice_huge_string(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let quotes: Vec<usize> = bytes
        .windows(3)
        .enumerate()
        .filter(|(_, w)| w[0] == b':' && (w[1] == b'"' || (w[1] == b' ' && w[2] == b'"')))
        .map(|(i, w)| if w[1] == b'"' { i + 2 } else { i + 3 })
        .collect();
    if quotes.is_empty() {
        return;
    }
    let at = *rng.pick(&quotes);
    let n = if rng.chance(5) {
        1_000_000 + rng.below(200_000)
    } else {
        50_000 + rng.below(200_000)
    };
    let unit = *rng.pick(&[
        "a",
        "é",
        "€",
        "💥",
        " ",
        "-----BEGIN ",
        "eyJ",
        "Power Apps ",
        "AccountKey=",
    ]);
    let huge = unit.repeat(n / unit.len());
    bytes.splice(at..at, huge.into_bytes());
}

/// Structural mutations of a JSON document (then serialised).
pub fn mutate_json(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    for _ in 0..1 + rng.below(4) {
        match rng.below(4) {
            0 => replace_random(rng, &mut v, &mut |r, _| random_value(r)),
            1 => replace_random(rng, &mut v, &mut |r, _| {
                deep(100 + r.below(300), r.chance(50))
            }),

            2 => replace_random(rng, &mut v, &mut |_, old| match old {
                Value::Object(m) => Value::Array(m.values().cloned().collect()),
                Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
                Value::String(s) => json!({ "value": s }),
                _ => json!("1"),
            }),
            _ => replace_random(rng, &mut v, &mut |_, _| json!({})),
        }
    }
    let mut out = if rng.chance(20) {
        serde_json::to_vec_pretty(&v).unwrap_or_default()
    } else {
        serde_json::to_vec(&v).unwrap_or_default()
    };
    if rng.chance(25) {
        splice_huge_string(rng, &mut out);
    }
    out
}

const NASTY: &[&[u8]] = &[
    b",",
    b"]",
    b"}",
    b"{",
    b"\"",
    b"\\",
    b"\t",
    b"\xe9",
    b"\xff",
    b"\xef\xbb\xbf",
    b"/*",
    b"//",
    b"\0",
    b"\"operationId\": \"Dup\",",
    b"\n",
    b"\\u12",
    b"\"\\ud800\"",
    b"-----BEGIN RSA PRIVATE KEY-----\n",
];

/// Byte-level mutations: truncation, flips, insertions of troublesome bytes.
pub fn mutate_bytes(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(4) {
            0 if !b.is_empty() => {
                let at = rng.below(b.len());
                b.truncate(at);
            }
            1 if !b.is_empty() => {
                for _ in 0..1 + rng.below(16) {
                    let at = rng.below(b.len());
                    b[at] = rng.next() as u8;
                }
            }
            2 => {
                let at = rng.below(b.len() + 1);
                let ins = *rng.pick(NASTY);
                b.splice(at..at, ins.iter().copied());
            }
            _ => {
                let at = rng.below(b.len() + 1);
                let n = rng.below(64);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(at..at, junk);
            }
        }
    }
    b
}
