//! Recommendations on the wire (E34, and `fetch-recommendations=true` on previews).

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::error::CoreError;
use vipmp_core::model::RecommendationLead;
use vipmp_core::service::recommendations::{Recommendation, Recommendations};

use crate::kernel::error::error_parts;

/// The recommended product.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecommendedProduct)]
pub struct ProductRefOut {
    /// Its base offer id.
    pub base_offer_id: String,
}

/// Why it is recommended.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecommendationSource)]
pub struct SourceOut {
    /// Always `OFFER`.
    pub source_type: String,
    /// The offers that led to it.
    pub offer_ids: Vec<String>,
}

/// One recommendation.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Recommendation, example = json!({
    "rank": 0, "product": {"baseOfferId": "65325080CA01A12"},
    "source": {"sourceType": "OFFER", "offerIds": ["65304578CA01A12"]}
}))]
pub struct RecommendationOut {
    /// Rank within its category, from 0.
    pub rank: usize,
    /// The product.
    pub product: ProductRefOut,
    /// The source.
    pub source: SourceOut,
}

impl From<&Recommendation> for RecommendationOut {
    fn from(r: &Recommendation) -> Self {
        Self {
            rank: r.rank,
            product: ProductRefOut { base_offer_id: r.base_offer_id.clone() },
            source: SourceOut { source_type: "OFFER".into(), offer_ids: r.source_offer_ids.clone() },
        }
    }
}

/// The sandbox rule set's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ProductRecommendations)]
pub struct ProductRecommendationsOut {
    /// Upsells.
    pub upsells: Vec<RecommendationOut>,
    /// Cross-sells.
    pub cross_sells: Vec<RecommendationOut>,
    /// Add-ons.
    pub add_ons: Vec<RecommendationOut>,
}

/// An item of an overlay lead.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OverlayItem)]
pub struct OverlayItemOut {
    /// The offer.
    pub offer_id: String,
    /// The quantity.
    pub quantity: i64,
}

/// An overlay lead.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OverlayLead, example = json!({
    "createdAt": "2026-01-27T08:15:35Z", "expiresAt": "2026-02-26T08:15:35Z", "status": "OPEN",
    "items": [{"offerId": "65325080CA01A12", "quantity": 25}]
}))]
pub struct OverlayLeadOut {
    /// When it was seeded.
    pub created_at: String,
    /// When it expires.
    pub expires_at: String,
    /// `OPEN` or `EXPIRED`.
    pub status: String,
    /// The offers.
    pub items: Vec<OverlayItemOut>,
}

impl OverlayLeadOut {
    fn new((lead, status): &(RecommendationLead, &'static str)) -> Self {
        Self {
            created_at: format_datetime(lead.created_at),
            expires_at: format_datetime(lead.expires_at),
            status: (*status).into(),
            items: lead.items.iter().map(|(o, q)| OverlayItemOut { offer_id: o.clone(), quantity: *q }).collect(),
        }
    }
}

/// Overlay leads, only when the customer has some.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OverlayRecommendations)]
pub struct OverlayOut {
    /// For new purchases.
    pub new: Vec<OverlayLeadOut>,
    /// For renewals.
    pub renew: Vec<OverlayLeadOut>,
}

/// An error embedded in an answer that itself succeeded.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EmbeddedError)]
pub struct ErrorDetailsOut {
    /// Adobe's code (`5136`, `5137`).
    pub code: String,
    /// The message.
    pub message: String,
    /// Details.
    pub additional_details: Vec<String>,
    /// Always empty.
    pub invalid_fields: Vec<String>,
}

/// Recommendations (E34), or, embedded in a preview, the error that only they hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Recommendations, example = json!({
    "productRecommendations": {
        "upsells": [{"rank": 0, "product": {"baseOfferId": "65325080CA01A12"}, "source": {"sourceType": "OFFER", "offerIds": []}}],
        "crossSells": [{"rank": 0, "product": {"baseOfferId": "30005906CA01A12"}, "source": {"sourceType": "OFFER", "offerIds": []}}],
        "addOns": [{"rank": 0, "product": {"baseOfferId": "30005924CA01A12"}, "source": {"sourceType": "OFFER", "offerIds": []}}]
    }
}))]
pub struct RecommendationsOut {
    /// The rule set's products.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub product_recommendations: Option<ProductRecommendationsOut>,
    /// Overlay leads, only when the customer has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub overlay_recommendations: Option<OverlayOut>,
    /// Embedded in a preview only: the recommendation part failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub error_details: Option<ErrorDetailsOut>,
}

impl From<&Recommendations> for RecommendationsOut {
    fn from(r: &Recommendations) -> Self {
        let list = |l: &[Recommendation]| l.iter().map(RecommendationOut::from).collect();
        let overlay = (!r.overlay_new.is_empty() || !r.overlay_renew.is_empty()).then(|| OverlayOut {
            new: r.overlay_new.iter().map(OverlayLeadOut::new).collect(),
            renew: r.overlay_renew.iter().map(OverlayLeadOut::new).collect(),
        });
        Self {
            product_recommendations: Some(ProductRecommendationsOut {
                upsells: list(&r.upsells),
                cross_sells: list(&r.cross_sells),
                add_ons: list(&r.add_ons),
            }),
            overlay_recommendations: overlay,
            error_details: None,
        }
    }
}

impl RecommendationsOut {
    /// The answer to `fetch-recommendations=true`: the recommendations, or the error embedded.
    pub fn embedded(result: vipmp_core::error::CoreResult<Recommendations>) -> Self {
        match result {
            Ok(r) => Self::from(&r),
            Err(e) => Self::error(&e),
        }
    }

    /// The embedded form of an error.
    pub fn error(e: &CoreError) -> Self {
        let (_, body) = error_parts(e);
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let strings = |k: &str| -> Vec<String> {
            v[k].as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default()
        };
        Self {
            product_recommendations: None,
            overlay_recommendations: None,
            error_details: Some(ErrorDetailsOut {
                code: v["code"].as_str().unwrap_or_default().into(),
                message: v["message"].as_str().unwrap_or_default().into(),
                additional_details: strings("additionalDetails"),
                invalid_fields: strings("invalidFields"),
            }),
        }
    }
}
