//! The committed seed requests: `fuzz/corpus/*.json` at the repository root, one request per
//! file. Placeholders such as `{customer}` in the path, query, headers and string values of the
//! body are filled with the fuzzer's live records when the request is sent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

/// Which credentials the harness adds to a seed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Auth {
    /// `X-Api-Key` and `Authorization: Bearer` (the default).
    #[default]
    Token,
    /// `X-Api-Key` only (`/ping`, `/metrics`).
    ApiKey,
    /// Nothing (IMS, `/openapi.json`).
    None,
}

/// One seed request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seed {
    /// The file's stem.
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Path, with `{placeholders}` for ids.
    pub path: String,
    /// Query pairs in order (values are encoded when sent).
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// Extra headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Credentials the harness adds.
    #[serde(default)]
    pub auth: Auth,
    /// A JSON body.
    pub body: Option<Value>,
    /// A form body (`k=v&k=v`, IMS).
    pub form: Option<String>,
    /// A raw body as text, sent as is (regression seeds).
    pub raw_body: Option<String>,
    /// A raw body as hex bytes (regression seeds with invalid UTF-8).
    pub raw_body_hex: Option<String>,
    /// Pad the body with spaces to this many bytes (limit regressions; no huge files here).
    pub pad_to: Option<usize>,
    /// Send the body without a declared `Content-Length`, as a chunked body travels.
    #[serde(default)]
    pub chunked: bool,
    /// Statuses the unmodified seed must get when the corpus is replayed (empty: any but 5xx).
    #[serde(default)]
    pub expect: Vec<u16>,
    /// Why the seed is here (regression seeds name their finding).
    pub note: Option<String>,
}

impl Seed {
    /// The raw body bytes of a regression seed, if it has one.
    pub fn raw(&self) -> Option<Vec<u8>> {
        if let Some(text) = &self.raw_body {
            return Some(text.as_bytes().to_vec());
        }
        let hex = self.raw_body_hex.as_ref()?;
        let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
        let nibble = |b: u8| char::from(b).to_digit(16).map_or(0, |d| d as u8);
        Some(digits.chunks(2).map(|p| (nibble(p[0]) << 4) | p.get(1).map_or(0, |&b| nibble(b))).collect())
    }
}

/// The corpus directory.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

/// Every seed, sorted by file name.
pub fn load() -> Vec<Seed> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("fuzz/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let seeds: Vec<Seed> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read seed");
            let seed: Seed = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            assert_eq!(Some(seed.name.as_str()), f.file_stem().and_then(|s| s.to_str()), "{}", f.display());
            seed
        })
        .collect();
    assert!(!seeds.is_empty(), "the corpus is empty");
    seeds
}
