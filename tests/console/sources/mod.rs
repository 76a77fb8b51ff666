//! `/sandboxes/:id/sources` and `…/sources/new`: the register form's
//! logic, and the pages inside the real detail page against a scripted API.

mod form;
mod register;
mod secret;

use serde_json::json;

/// A data source of the tabs' sandbox, as the API lists it.
fn source_json() -> serde_json::Value {
    json!({"data_source_id": "src_1", "user_id": "acct_1", "sandbox_id": "sbx_test", "provider": "github",
        "name": "e2e-source", "ingestion_mode": "manual", "status": "active", "kind": "durable", "external_account_id": null,
        "adapter_config": {}, "poll_interval_seconds": null, "webhook_url": null, "webhook_signing_secret": null,
        "last_sync_at": null, "created_at": "2026-11-07T05:31:56Z"})
}
