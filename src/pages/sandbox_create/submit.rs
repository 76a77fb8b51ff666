//! What a create leaves behind: the draft kept over a sign-out, and where
//! a failure is shown.

use sandbox_api::{Mode, Tier};
use serde::{Deserialize, Serialize};

use super::fields::FIELDS;
use crate::api::ApiError;
use crate::forms::{FieldErrors, MetadataEntry};

/// The create form as typed, kept as a `FormDraft` over a sign-out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct CreateDraft {
    pub(super) name: String,
    pub(super) owner_id: String,
    pub(super) tier: Tier,
    pub(super) mode: Mode,
    pub(super) metadata: Vec<MetadataEntry>,
    /// The expiry menu's value once the user picked one (v1.1); `None`
    /// follows the tier. Absent from an older console's draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) expiry: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) protected: bool,
}

/// Where a create failure is shown: a field's errors, or a message for the
/// whole form, retryable (same key, "Try again") or not.
pub fn place_create_error(error: &ApiError) -> (FieldErrors, Option<String>) {
    match error {
        ApiError::Validation(errors) => {
            let mut fields = FieldErrors::from_validation(errors, &FIELDS);
            let whole = fields.get("");
            fields.clear("");
            (fields, whole)
        }
        // The contract's only other 409 on create is a reused key with another
        // body: the form changed after a try whose outcome was unknown.
        ApiError::Conflict(detail) if detail.contains("Idempotency-Key") => (
            FieldErrors::default(),
            Some(format!(
                "{detail}. An earlier attempt of this form may have created the sandbox already: check the sandbox list before creating it again."
            )),
        ),
        ApiError::Conflict(detail) => {
            let mut fields = FieldErrors::default();
            fields.add("name", format!("{detail}. Choose another name."));
            (fields, None)
        }
        other => (FieldErrors::default(), Some(other.message())),
    }
}
