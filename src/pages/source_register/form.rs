//! The register form as typed, and the request it makes: read and checked
//! with the contract's rules before anything is sent.

use sandbox_api::{
    validate, IngestionMode, JsonObject, RegisterSource, SourceKind, DEFAULT_POLL_INTERVAL_SECONDS,
};
use serde::{Deserialize, Serialize};

use crate::forms::json_object::parse_json_object;
use crate::forms::FieldErrors;

/// The request's fields as the API's `loc` names them, in form order.
pub const SOURCE_FIELDS: [&str; 7] = [
    "provider",
    "name",
    "ingestion_mode",
    "kind",
    "external_account_id",
    "poll_interval_seconds",
    "adapter_config",
];

/// The providers offered by name; anything else is typed after choosing this.
pub(super) const OTHER_PROVIDER: &str = "other";
pub(super) const KNOWN_PROVIDERS: [&str; 3] = ["slack", "github", "linear"];

/// The register form as typed (also its `FormDraft` over a sign-out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceForm {
    /// One of `slack`, `github`, `linear`, or [`OTHER_PROVIDER`].
    pub provider_choice: String,
    /// The provider's name when `provider_choice` is [`OTHER_PROVIDER`].
    pub other_provider: String,
    pub name: String,
    pub ingestion_mode: IngestionMode,
    pub kind: SourceKind,
    pub external_account_id: String,
    /// Seconds, as typed; used for `polling` only.
    pub poll_interval: String,
    /// A JSON object, as typed.
    pub adapter_config: String,
}

impl Default for SourceForm {
    fn default() -> Self {
        SourceForm {
            provider_choice: KNOWN_PROVIDERS[0].to_owned(),
            other_provider: String::new(),
            name: String::new(),
            ingestion_mode: IngestionMode::default(),
            kind: SourceKind::default(),
            external_account_id: String::new(),
            poll_interval: DEFAULT_POLL_INTERVAL_SECONDS.to_string(),
            adapter_config: "{}".to_owned(),
        }
    }
}

impl SourceForm {
    /// The provider to send (surrounding spaces of a typed name dropped: they are never meant).
    pub fn provider(&self) -> String {
        if self.provider_choice == OTHER_PROVIDER {
            self.other_provider.trim().to_owned()
        } else {
            self.provider_choice.clone()
        }
    }

    /// The request, or every problem keyed by field (`SOURCE_FIELDS`):
    /// what cannot even be read (a poll interval that is not a number,
    /// adapter config that is not a JSON object) and what the contract's
    /// rules refuse. An empty external account id is left out.
    pub fn to_request(&self) -> Result<RegisterSource, FieldErrors> {
        let mut errors = FieldErrors::default();
        let adapter_config = parse_json_object(&self.adapter_config).unwrap_or_else(|message| {
            errors.add("adapter_config", message);
            JsonObject::new()
        });
        let poll_interval_seconds = match self.poll_interval.trim() {
            _ if self.ingestion_mode != IngestionMode::Polling => None,
            "" => None,
            typed => typed.parse::<i64>().map_or_else(
                |_| {
                    errors.add(
                        "poll_interval_seconds",
                        "Enter a whole number of seconds, at least 60.",
                    );
                    None
                },
                Some,
            ),
        };
        let external_account_id = Some(self.external_account_id.trim())
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        let request = RegisterSource {
            provider: self.provider(),
            name: self.name.clone(),
            ingestion_mode: self.ingestion_mode,
            kind: self.kind,
            external_account_id,
            adapter_config,
            poll_interval_seconds,
        };
        let rules =
            FieldErrors::from_validation(&validate::register_source(&request), &SOURCE_FIELDS);
        for field in SOURCE_FIELDS.iter().copied().chain([""]) {
            if let Some(message) = rules.get(field) {
                errors.add(field, message);
            }
        }
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}
