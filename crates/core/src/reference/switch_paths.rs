//! Mid-term upgrade (switch) paths (SPEC §2.8.13, §4.16): which base offer may be switched to which.
//!
//! Adobe publishes no path table, so the emulator derives one from the catalogue's product names
//! (recorded in `docs/decisions.md`, "Mid-term upgrades (switches)"). A path is directional and
//! never leaves its *family*: the same segment, Teams or Enterprise, the same price regions and
//! the same Enterprise edition. Inside a family:
//!
//! | source | targets, in sequence order |
//! |---|---|
//! | a Creative Cloud single app (`Photoshop`, `Audition`, …) | `Creative Cloud All Apps`, `Creative Cloud All Apps Pro`, the app's `Pro` plan (`FULL_ONLY`) |
//! | an app's `Pro` plan | `Creative Cloud All Apps Pro` |
//! | `Creative Cloud All Apps` | `Creative Cloud All Apps Pro` (`FULL_ONLY`) |
//! | `Acrobat` / `Acrobat Standard DC` (Acrobat Standard) | `Acrobat Pro`, `Acrobat Premium` |
//! | `Acrobat Pro` | `Acrobat Premium`, `Creative Cloud All Apps` |
//! | `Captivate`, `FrameMaker`, `RoboHelp Office` | `Technical Suite` |
//!
//! Every target is `PARTIAL_ALLOWED` unless marked. Only licence products whose name is exactly
//! `<app> for Teams` or `<app>[ - Edition N] for Enterprise` take part, so consumables, credit
//! packs, Sign, Stock, add-ons, servers and the special EDU licences (`… (min. 100)`) have no
//! path; High Growth (MOQ) offers are refused by the switch rules, not here.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{MarketSegment, OfferType, Product, products};

/// Whether a path allows switching part of a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchType {
    /// The whole active quantity must switch.
    FullOnly,
    /// Any quantity up to the active quantity may switch.
    PartialAllowed,
}

impl SwitchType {
    /// The API spelling: `FULL_ONLY` or `PARTIAL_ALLOWED`.
    pub fn as_str(self) -> &'static str {
        match self {
            SwitchType::FullOnly => "FULL_ONLY",
            SwitchType::PartialAllowed => "PARTIAL_ALLOWED",
        }
    }
}

/// One target of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchTarget {
    /// The target product.
    pub product: &'static Product,
    /// 1-based position in the source's target list.
    pub sequence: u32,
    /// Full or partial.
    pub switch_type: SwitchType,
}

/// The targets a source product may switch to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchPath {
    /// The source product.
    pub source: &'static Product,
    /// Its targets, by sequence.
    pub targets: Vec<SwitchTarget>,
}

impl SwitchPath {
    /// The target for a product key, if the path has it.
    pub fn target(&self, key: &str) -> Option<&SwitchTarget> {
        self.targets.iter().find(|t| t.product.key == key)
    }
}

/// Creative Cloud single apps and the name of their `Pro` plan (Teams only).
const SINGLE_APPS: [(&str, &str); 14] = [
    ("Photoshop", "Photoshop Pro"),
    ("Illustrator", "Illustrator Pro"),
    ("InDesign", "InDesign Pro"),
    ("Premiere Pro", "Premiere Pro Pro"),
    ("After Effects", "After Effects Pro"),
    ("Audition", "Audition Pro"),
    ("Animate / Flash Professional", "Animate Pro"),
    ("Animate", "Animate Pro"),
    ("Dreamweaver", "Dreamweaver Pro"),
    ("Dimension", "Dimension Pro"),
    ("InCopy", "InCopy Pro"),
    ("Lightroom with Classic", "Lightroom Pro"),
    ("Lightroom", "Lightroom Pro"),
    ("XD", "XD Pro"),
];

const ALL_APPS: &str = "Creative Cloud All Apps";
const ALL_APPS_PRO: &str = "Creative Cloud All Apps Pro";

/// The targets (app name, type) of an app name, in sequence order.
fn rule(app: &str) -> Vec<(&'static str, SwitchType)> {
    use SwitchType::{FullOnly, PartialAllowed};
    if let Some((_, pro)) = SINGLE_APPS.iter().find(|(name, _)| *name == app) {
        return vec![(ALL_APPS, PartialAllowed), (ALL_APPS_PRO, PartialAllowed), (pro, FullOnly)];
    }
    if SINGLE_APPS.iter().any(|(_, pro)| *pro == app) {
        return vec![(ALL_APPS_PRO, PartialAllowed)];
    }
    match app {
        ALL_APPS => vec![(ALL_APPS_PRO, FullOnly)],
        "Acrobat" | "Acrobat Standard DC" => vec![("Acrobat Pro", PartialAllowed), ("Acrobat Premium", PartialAllowed)],
        "Acrobat Pro" => vec![("Acrobat Premium", PartialAllowed), (ALL_APPS, PartialAllowed)],
        "Captivate" | "FrameMaker" | "RoboHelp Office" => vec![("Technical Suite", PartialAllowed)],
        _ => Vec::new(),
    }
}

/// What a product is switched within: segment, Teams flag, price regions, edition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Family {
    segment: MarketSegment,
    team: bool,
    regions: Vec<String>,
    edition: Option<String>,
}

/// The app name and family of a product that may take part in a switch.
fn parse(p: &'static Product) -> Option<(&'static str, Family)> {
    if p.offer_type != OfferType::License || p.extra {
        return None;
    }
    let suffix = if p.team { " for Teams" } else { " for Enterprise" };
    let app = p.name.strip_suffix(suffix)?;
    let (app, edition) = match app.split_once(" - Edition ") {
        Some((app, edition)) => (app, Some(edition.to_string())),
        None => (app, None),
    };
    let family = Family { segment: p.segment, team: p.team, regions: p.price_regions.clone(), edition };
    Some((app, family))
}

fn derive() -> Vec<SwitchPath> {
    let parsed: Vec<(&'static Product, &'static str, Family)> =
        products().iter().filter_map(|p| parse(p).map(|(app, family)| (p, app, family))).collect();
    // The first product (lowest key) of each (family, app) is the target for that name.
    let mut by_name: HashMap<(&Family, &str), &'static Product> = HashMap::new();
    for (p, app, family) in &parsed {
        by_name.entry((family, app)).or_insert(p);
    }
    let mut paths = Vec::new();
    for (source, app, family) in &parsed {
        let mut targets = Vec::new();
        for (target_app, switch_type) in rule(app) {
            if let Some(product) = by_name.get(&(family, target_app)) {
                let sequence = u32::try_from(targets.len() + 1).unwrap_or(u32::MAX);
                targets.push(SwitchTarget { product, sequence, switch_type });
            }
        }
        if !targets.is_empty() {
            paths.push(SwitchPath { source, targets });
        }
    }
    paths
}

static PATHS: LazyLock<Vec<SwitchPath>> = LazyLock::new(derive);

/// Every switch path, sorted by source product key.
pub fn switch_paths() -> &'static [SwitchPath] {
    &PATHS
}

/// The path of a source product key, if it has one.
pub fn switch_path(source_key: &str) -> Option<&'static SwitchPath> {
    PATHS.iter().find(|p| p.source.key == source_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(source: &str) -> Vec<(String, u32, &'static str)> {
        switch_path(source)
            .map(|p| {
                p.targets.iter().map(|t| (t.product.base_offer_id(), t.sequence, t.switch_type.as_str())).collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn the_spec_sample_path_exists() {
        assert_eq!(targets("30002139CC")[0], ("30002125CC01A12".to_string(), 1, "PARTIAL_ALLOWED"));
    }

    #[test]
    fn single_apps_go_to_all_apps_then_pro() {
        assert_eq!(
            targets("65304479CA"),
            vec![
                ("65304578CA01A12".to_string(), 1, "PARTIAL_ALLOWED"),
                ("65325080CA01A12".to_string(), 2, "PARTIAL_ALLOWED"),
                ("65324898CA01A12".to_string(), 3, "FULL_ONLY"),
            ]
        );
        assert_eq!(targets("65304887CA")[0].0, "65304520CA01A12", "Acrobat Standard → Acrobat Pro (Teams)");
    }

    #[test]
    fn paths_stay_in_their_family_and_skip_excluded_products() {
        for path in switch_paths() {
            for t in &path.targets {
                let (s, d) = (path.source, t.product);
                assert_eq!((s.segment, s.team, &s.price_regions), (d.segment, d.team, &d.price_regions), "{}", s.key);
                assert_ne!(s.key, d.key);
            }
            let name = &path.source.name;
            assert!(!name.contains("Sign") && !name.contains("Stock") && !name.contains("Credit"), "{name}");
            assert_eq!(path.source.offer_type, OfferType::License);
        }
        for segment in MarketSegment::ALL {
            assert!(switch_paths().iter().any(|p| p.source.segment == segment && p.source.team), "{segment} teams");
            assert!(switch_paths().iter().any(|p| p.source.segment == segment && !p.source.team), "{segment} ent.");
        }
        assert!(switch_path("65322435CA").is_none(), "Sign consumables have no path");
    }
}
