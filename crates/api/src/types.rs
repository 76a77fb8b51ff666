//! Objects, request bodies and responses of the contract.
//!
//! Timestamps stay RFC 3339 strings: the console formats them with the
//! browser's clock and the server writes them once, so neither needs a date
//! library in the shared types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{
    IngestionMode, MemberOrigin, Mode, Operation, Permission, PrincipalRole, PushStatus, Role,
    SandboxStatus, SourceKind, StorageProviderType, Tier,
};

/// A JSON object: sandbox metadata, a source's adapter config.
pub type JsonObject = Map<String, Value>;

/// Tier-derived quotas; `None` means no limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limits {
    pub storage_bytes: u64,
    pub max_sources: Option<u32>,
    pub max_members: Option<u32>,
}

/// A production (tenant) account, as expanded by `include[]=owner_account`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: String,
    /// Always `"account"`.
    pub object: String,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The caller's own account in `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeAccount {
    pub id: String,
    pub name: String,
}

/// `GET /api/v1/me`: who is calling and what it may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub principal_id: String,
    pub email: String,
    pub role: PrincipalRole,
    /// `None` for support users, who see every tenant.
    pub account: Option<MeAccount>,
    /// The `sandbox_id` a sandbox-scoped token acts in.
    pub acting_in_sandbox: Option<String>,
    pub permissions: Vec<Permission>,
}

impl Me {
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// The Sandbox object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sandbox {
    pub sandbox_id: String,
    /// Always `"sandbox"`.
    pub object: String,
    /// The tenant account holding the sandbox (shard key), not the end user.
    pub user_id: String,
    /// The opaque id the creator supplied: its own end user's id.
    pub owner_id: String,
    pub name: String,
    pub tier: Tier,
    pub mode: Mode,
    pub status: SandboxStatus,
    pub storage_provider_type: StorageProviderType,
    pub limits: Limits,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: JsonObject,
    pub created_at: String,
    pub updated_at: String,
    pub last_refreshed_at: Option<String>,
    /// The caller's standing on this sandbox.
    pub access: Option<Role>,
    #[serde(default)]
    pub is_external: bool,
    /// Expanded with `include[]=owner_account`, otherwise `None`.
    #[serde(default)]
    pub owner_account: Option<Account>,
    /// What a transient status is doing, step by step (v1.1; absent from a
    /// v1.0 server, hence the default).
    #[serde(default)]
    pub operation: Option<Operation>,
    /// Why a `failed` sandbox failed, as a sentence (v1.1).
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// When the server deletes the sandbox; null = never expires (v1.1). A
    /// v1.0 server leaves it out, which decodes as `None`.
    #[serde(
        default,
        deserialize_with = "crate::lifecycle::absent_or_nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<Option<String>>,
    /// Whether refresh, delete and expiry are refused (v1.1). A v1.0 server
    /// leaves it out, which decodes as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub protected: Option<bool>,
}

impl Sandbox {
    /// Whether the server speaks v1.1's lifecycle (expiry and protection):
    /// a v1.0 server sends neither field.
    pub fn has_lifecycle(&self) -> bool {
        self.expires_at.is_some() && self.protected.is_some()
    }

    /// Protected (v1.1); a v1.0 server's sandbox never is.
    pub fn is_protected(&self) -> bool {
        self.protected == Some(true)
    }
}

/// `POST /api/v1/storage/sandboxes` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSandbox {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::text))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::text))]
    pub owner_id: String,
    #[serde(default)]
    pub tier: Tier,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::metadata))]
    pub metadata: JsonObject,
    /// v1.1: `None` = the tier's default (left out of the body, so a v1.0
    /// server never sees it), `Some(None)` = never (enterprise only).
    #[serde(
        default,
        deserialize_with = "crate::lifecycle::absent_or_nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::expires_at))]
    pub expires_at: Option<Option<String>>,
    /// Refuse refresh, delete and expiry until an owner unprotects it
    /// (v1.1). `None` is left out of the body (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool, default = false))]
    pub protected: Option<bool>,
}

/// `PATCH /api/v1/storage/sandboxes/{sandbox_id}` body (v1.1): what it
/// names changes, what it leaves out stays.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatchSandbox {
    /// `None` = unchanged, `Some(None)` = never (enterprise only).
    #[serde(
        default,
        deserialize_with = "crate::lifecycle::absent_or_nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::expires_at))]
    pub expires_at: Option<Option<String>>,
    /// Owners only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub protected: Option<bool>,
    /// Replaces the whole object; the same limits as on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::metadata))]
    pub metadata: Option<JsonObject>,
}

/// The fields a `PATCH` body may name, for refusing any other (422).
pub const PATCH_SANDBOX_FIELDS: [&str; 3] = ["expires_at", "protected", "metadata"];

impl PatchSandbox {
    /// The access this change needs on the sandbox: `owner` when it names
    /// `protected` (even unchanged), else that of `sandboxes:update`.
    pub fn minimum_access(&self) -> Role {
        if self.protected.is_some() {
            Role::Owner
        } else {
            Permission::SandboxesUpdate.minimum_access()
        }
    }
}

/// A sandbox member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub email: String,
    pub role: Role,
    pub added_at: String,
    pub origin: MemberOrigin,
}

/// One entry of a `SandboxUserRequest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxUser {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub email: String,
    /// Ignored when removing.
    #[serde(default)]
    pub role: Role,
}

/// Body of `POST` and `DELETE …/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxUserRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::users))]
    pub users: Vec<SandboxUser>,
}

/// `POST …/users`: what adding did to each address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxUserResponse {
    pub sandbox_id: String,
    pub added: Vec<Member>,
    /// Existing members whose role changed.
    pub updated: Vec<Member>,
    /// Existing members who already had that role.
    pub unchanged: Vec<Member>,
}

/// `DELETE …/users`: which addresses were removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxUserRemoveResponse {
    pub sandbox_id: String,
    pub removed: Vec<String>,
    pub not_found: Vec<String>,
}

/// An app installed in a sandbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct App {
    pub app_name: String,
    pub version: String,
    pub updated_at: String,
    pub last_push: Option<PushResult>,
}

/// `POST …/apps/{app_name}/push`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResult {
    pub push_id: String,
    pub sandbox_id: String,
    pub app_name: String,
    pub version: String,
    /// A target environment id or database name.
    pub target: String,
    pub status: PushStatus,
    pub pushed_at: String,
}

/// A registered data source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataSource {
    pub data_source_id: String,
    pub user_id: String,
    pub sandbox_id: String,
    pub provider: String,
    pub name: String,
    pub ingestion_mode: IngestionMode,
    pub status: String,
    pub kind: SourceKind,
    pub external_account_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub adapter_config: JsonObject,
    pub poll_interval_seconds: Option<i64>,
    /// Set for `realtime` sources only.
    pub webhook_url: Option<String>,
    /// Present only in the register and rotate responses, never again.
    pub webhook_signing_secret: Option<String>,
    pub last_sync_at: Option<String>,
    pub created_at: String,
}

/// `POST …/sources` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterSource {
    /// `slack`, `github`, `linear`, or another name of `[a-z0-9_-]{1,64}`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::provider))]
    pub provider: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::text))]
    pub name: String,
    #[serde(default)]
    pub ingestion_mode: IngestionMode,
    #[serde(default)]
    pub kind: SourceKind,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::external_account_id))]
    pub external_account_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub adapter_config: JsonObject,
    /// At least 60; only meaningful for `polling` (300 there when omitted).
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::poll_interval_seconds))]
    pub poll_interval_seconds: Option<i64>,
}

/// A JSON number that is a whole 64-bit integer: `300`, and also `300.0`,
/// which JSON Schema's `integer` (and pydantic) accept as the same value.
pub fn whole_number(value: &Value) -> Option<i64> {
    // 2^63 is exact as an f64; anything at or past it does not fit.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    value.as_i64().or_else(|| {
        let float = value.as_f64()?;
        (float.fract() == 0.0 && (-LIMIT..LIMIT).contains(&float)).then_some(float as i64)
    })
}

fn optional_whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(value) => whole_number(&value)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("Input should be a valid integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT_SANDBOX: &str = r#"{
          "sandbox_id": "sbx_01JD", "object": "sandbox", "user_id": "acct_1",
          "owner_id": "cust_4711", "name": "staging-eu", "tier": "free", "mode": "blank",
          "status": "active", "storage_provider_type": "platform_s3",
          "limits": {"storage_bytes": 1073741824, "max_sources": 3, "max_members": 5},
          "metadata": {"team": "payments"},
          "created_at": "2026-11-07T05:31:56Z", "updated_at": "2026-11-07T05:31:56Z",
          "last_refreshed_at": null, "access": "owner", "is_external": false, "owner_account": null
        }"#;

    #[test]
    fn decodes_the_contract_example_sandbox() {
        let sandbox: Sandbox = serde_json::from_str(CONTRACT_SANDBOX).unwrap();
        assert_eq!(sandbox.limits, Tier::Free.limits());
        assert_eq!(sandbox.access, Some(Role::Owner));
        assert_eq!(sandbox.metadata["team"], "payments");
    }

    #[test]
    fn request_defaults_follow_the_contract() {
        let create: CreateSandbox = serde_json::from_str(r#"{"name":"a","owner_id":"o"}"#).unwrap();
        assert_eq!((create.tier, create.mode), (Tier::Free, Mode::Blank));
        let users: SandboxUserRequest =
            serde_json::from_str(r#"{"users":[{"email":"a@b.c"}]}"#).unwrap();
        assert_eq!(users.users[0].role, Role::Viewer);
        let source: RegisterSource =
            serde_json::from_str(r#"{"provider":"slack","name":"n"}"#).unwrap();
        assert_eq!(
            (source.ingestion_mode, source.kind),
            (IngestionMode::Manual, SourceKind::Durable)
        );
    }

    #[test]
    fn lifecycle_fields_tell_absent_from_null() {
        let v1_0 = r#"{"name":"a","owner_id":"o"}"#;
        let create: CreateSandbox = serde_json::from_str(v1_0).unwrap();
        assert_eq!((create.expires_at.clone(), create.protected), (None, None));
        assert!(!serde_json::to_string(&create).unwrap().contains("expires"));
        let never: CreateSandbox =
            serde_json::from_str(r#"{"name":"a","owner_id":"o","expires_at":null}"#).unwrap();
        assert_eq!(never.expires_at, Some(None));
        assert!(serde_json::to_string(&never)
            .unwrap()
            .contains(r#""expires_at":null"#));

        let patch: PatchSandbox =
            serde_json::from_str(r#"{"expires_at":"2026-12-08T10:00:00Z","protected":true}"#)
                .unwrap();
        assert_eq!(patch.expires_at, Some(Some("2026-12-08T10:00:00Z".into())));
        assert_eq!((patch.protected, patch.metadata), (Some(true), None));
        assert_eq!(
            serde_json::to_string(&PatchSandbox {
                protected: Some(false),
                ..Default::default()
            })
            .unwrap(),
            r#"{"protected":false}"#
        );
        assert!(serde_json::from_str::<PatchSandbox>(r#"{"name":"x"}"#).is_err());
    }

    #[test]
    fn a_v1_0_sandbox_has_no_lifecycle_and_a_v1_1_one_keeps_never() {
        let mut sandbox: Sandbox = serde_json::from_str(CONTRACT_SANDBOX).unwrap();
        assert!(!sandbox.has_lifecycle() && !sandbox.is_protected());
        sandbox.expires_at = Some(None);
        sandbox.protected = Some(true);
        let json = serde_json::to_string(&sandbox).unwrap();
        assert!(
            json.contains(r#""expires_at":null,"protected":true"#),
            "{json}"
        );
        let again: Sandbox = serde_json::from_str(&json).unwrap();
        assert!(again.has_lifecycle() && again.is_protected());
        assert_eq!(again.expires_at, Some(None));
    }

    #[test]
    fn whole_numbers_may_be_written_as_floats() {
        let source: RegisterSource = serde_json::from_str(
            r#"{"provider":"slack","name":"n","poll_interval_seconds":120.0}"#,
        )
        .unwrap();
        assert_eq!(source.poll_interval_seconds, Some(120));
        for not_whole in ["60.5", "1e19", "\"60\""] {
            let value: Value = serde_json::from_str(not_whole).unwrap();
            assert_eq!(whole_number(&value), None, "{not_whole}");
        }
        assert_eq!(whole_number(&serde_json::json!(-3)), Some(-3));
    }
}

/// One identity a demo offers (`GET /api/v1/demo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoIdentity {
    /// The bearer token to act as this identity.
    pub token: String,
    /// Who it is, e.g. "Ada — admin of Acme Production".
    pub label: String,
    pub email: String,
    pub role: PrincipalRole,
    /// `None` for support, who sees every tenant.
    pub account: Option<MeAccount>,
    /// The `sandbox_id` a sandbox-scoped identity acts in.
    pub acting_in_sandbox: Option<String>,
}

/// `GET /api/v1/demo`: the identities of a server running a demo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoIdentities {
    pub identities: Vec<DemoIdentity>,
    /// Whether `POST /api/v1/demo/reset` is offered (to admin demo tokens).
    pub resettable: bool,
}

/// `POST /api/v1/demo/reset`: when the demo was seeded again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoReset {
    pub reset_at: String,
}
