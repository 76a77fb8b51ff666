//! What a store operation can fail with, in the store's own terms; what
//! HTTP answers to each is decided outside the store.

use std::fmt;

use sandbox_api::{IngestionMode, SandboxStatus};

#[derive(Debug)]
pub enum StoreError {
    /// The thing an operation works on does not exist.
    NotFound(Entity),
    /// The operation would break a rule of the data; nothing was changed.
    Conflict(Conflict),
    /// The database failed, or holds a value that does not decode.
    Database(sqlx::Error),
}

/// What was not found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Sandbox,
    App,
    Source,
}

/// Why an operation was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The sandbox's status does not allow the operation.
    WrongStatus(SandboxStatus),
    /// The account already has a sandbox of this name for this owner_id.
    NameTaken { name: String, owner_id: String },
    /// The `Idempotency-Key` was recorded with another request body.
    IdempotencyKeyReused,
    /// Adding members would exceed the tier's `max` (the sandbox has `members`).
    MemberLimit { max: u32, members: usize },
    /// The sandbox would be left without an owner.
    LastOwner,
    /// The sandbox already has the tier's `max` sources.
    SourceLimit { max: u32 },
    /// Only realtime sources have a webhook secret.
    NotRealtime(IngestionMode),
    /// Refresh, delete and expiry wait until `protected` is false again.
    Protected,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error)
    }
}

impl From<Conflict> for StoreError {
    fn from(conflict: Conflict) -> Self {
        StoreError::Conflict(conflict)
    }
}

/// For logs; the API words its answers itself.
impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound(entity) => write!(f, "{entity:?} not found"),
            StoreError::Conflict(conflict) => write!(f, "conflict: {conflict:?}"),
            StoreError::Database(error) => write!(f, "database: {error}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(error) => Some(error),
            StoreError::NotFound(_) | StoreError::Conflict(_) => None,
        }
    }
}
