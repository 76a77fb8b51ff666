//! The register form's view helpers: what each choice means, and the
//! control an error of a field moves focus to.

use sandbox_api::{IngestionMode, SourceKind};

use super::form::{SourceForm, OTHER_PROVIDER};

pub(super) fn mode_explanation(mode: IngestionMode) -> &'static str {
    match mode {
        IngestionMode::Realtime => "The provider pushes events to a webhook URL as they happen, signed with a secret shown once.",
        IngestionMode::Polling => "The sandbox pulls from the provider at a fixed interval.",
        IngestionMode::Batch => "Data arrives in bulk imports.",
        IngestionMode::Manual => "Data is synced only when someone starts it.",
    }
}

pub(super) fn kind_explanation(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Durable => "Kept until you delete it.",
        SourceKind::Ephemeral => "Archived automatically after a period without activity: for experiments and short tests.",
    }
}

/// The element to focus for a field's error.
pub(super) fn control_id(field: &str, form: &SourceForm) -> &'static str {
    match field {
        "provider" if form.provider_choice == OTHER_PROVIDER => "source-provider-other",
        "provider" => "source-provider",
        "name" => "source-name",
        "ingestion_mode" => "source-mode-realtime",
        "kind" => "source-kind-durable",
        "external_account_id" => "source-account",
        "poll_interval_seconds" => "source-poll-interval",
        "adapter_config" => "source-adapter-config",
        _ => "source-form-error",
    }
}

pub(super) fn focus(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = element.focus();
        }
    }
}
