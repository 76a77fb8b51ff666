//! Every closed set of strings in the contract, as an enum.

use crate::string_enum::string_enum;
use crate::Limits;

string_enum! {
    /// Pricing tier; decides the sandbox's limits.
    Tier { Free = "free", Pro = "pro", Enterprise = "enterprise" } default Free
}

const GIB: u64 = 1024 * 1024 * 1024;

impl Tier {
    /// The quotas the contract gives each tier (`None` = no limit).
    pub fn limits(self) -> Limits {
        match self {
            Tier::Free => Limits {
                storage_bytes: GIB,
                max_sources: Some(3),
                max_members: Some(5),
            },
            Tier::Pro => Limits {
                storage_bytes: 50 * GIB,
                max_sources: Some(25),
                max_members: Some(50),
            },
            Tier::Enterprise => Limits {
                storage_bytes: 1024 * GIB,
                max_sources: None,
                max_members: None,
            },
        }
    }
}

string_enum! {
    /// How a new sandbox is filled.
    Mode {
        /// Starts empty.
        Blank = "blank",
        /// Sample data arrives asynchronously after creation (status `seeding`).
        Seeded = "seeded",
    } default Blank
}

string_enum! {
    /// Where a sandbox is in its life.
    SandboxStatus {
        Provisioning = "provisioning",
        Seeding = "seeding",
        Active = "active",
        Refreshing = "refreshing",
        Failed = "failed",
    }
}

impl SandboxStatus {
    /// A status the server will still change on its own: clients poll while it lasts.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            SandboxStatus::Provisioning | SandboxStatus::Seeding | SandboxStatus::Refreshing
        )
    }

    /// Whether refresh and delete are allowed (`active`, or `failed` to recover).
    pub fn allows_refresh_or_delete(self) -> bool {
        matches!(self, SandboxStatus::Active | SandboxStatus::Failed)
    }

    /// Whether other writes (members, pushes, sources) are allowed.
    pub fn allows_writes(self) -> bool {
        self == SandboxStatus::Active
    }
}

string_enum! {
    /// A standing on one sandbox: the caller's `access`, or a member's role.
    Role { Owner = "owner", Editor = "editor", Viewer = "viewer" } default Viewer
}

impl Role {
    /// Editors and owners may refresh, push apps and manage sources.
    pub fn can_edit(self) -> bool {
        matches!(self, Role::Owner | Role::Editor)
    }

    /// Only owners may delete the sandbox and manage its members.
    pub fn is_owner(self) -> bool {
        self == Role::Owner
    }

    /// Whether this access level on a sandbox allows `permission` there (the
    /// role behind the token must grant it too): the one place the contract's
    /// access rule is written, for the server's checks and the console's
    /// disabled-with-reason controls alike.
    pub fn allows(self, permission: Permission) -> bool {
        match permission.minimum_access() {
            Role::Viewer => true,
            Role::Editor => self.can_edit(),
            Role::Owner => self.is_owner(),
        }
    }
}

impl Permission {
    /// The least access on a sandbox that allows this permission there:
    /// viewers read, editors also refresh, push and manage sources, owners
    /// do everything.
    pub fn minimum_access(self) -> Role {
        match self {
            Permission::SandboxesRead => Role::Viewer,
            // PATCH: editors change expiry and metadata; `protected` needs
            // an owner on top (`PatchSandbox::minimum_access`).
            Permission::SandboxesRefresh
            | Permission::AppsPush
            | Permission::SourcesWrite
            | Permission::SandboxesUpdate => Role::Editor,
            Permission::SandboxesDelete
            | Permission::SandboxesMembers
            | Permission::SandboxesCreate => Role::Owner,
        }
    }
}

string_enum! {
    /// The role behind a token (`GET /api/v1/me`).
    PrincipalRole {
        /// Production org administrator: everything in its own account.
        Admin = "admin",
        /// Read-only across every tenant account.
        Support = "support",
        /// Read-only in its own account.
        Viewer = "viewer",
    }
}

string_enum! {
    /// Where a sandbox's data is stored.
    StorageProviderType { PlatformS3 = "platform_s3", CustomS3 = "custom_s3" }
}

string_enum! {
    /// How a member came to be in a sandbox.
    MemberOrigin {
        /// Copied from production when the sandbox was made.
        Production = "production",
        /// Added to the sandbox afterwards.
        Added = "added",
    }
}

string_enum! {
    /// How a data source receives data.
    IngestionMode {
        /// Pushed by webhook: gets a webhook URL and a signing secret.
        Realtime = "realtime",
        /// Pulled every `poll_interval_seconds`.
        Polling = "polling",
        Batch = "batch",
        Manual = "manual",
    } default Manual
}

string_enum! {
    /// Lifecycle category of a data source.
    SourceKind {
        /// Lives until deleted.
        Durable = "durable",
        /// Archived automatically after inactivity.
        Ephemeral = "ephemeral",
    } default Durable
}

string_enum! {
    /// Outcome of an app push.
    PushStatus { Succeeded = "succeeded", Failed = "failed" }
}

string_enum! {
    /// A permission listed by `GET /api/v1/me`.
    Permission {
        SandboxesRead = "sandboxes:read",
        SandboxesCreate = "sandboxes:create",
        SandboxesRefresh = "sandboxes:refresh",
        SandboxesDelete = "sandboxes:delete",
        SandboxesMembers = "sandboxes:members",
        AppsPush = "apps:push",
        SourcesWrite = "sources:write",
        /// `PATCH` a sandbox (v1.1).
        SandboxesUpdate = "sandboxes:update",
    }
}

string_enum! {
    /// Order of the sandbox list.
    SandboxSort {
        CreatedAt = "created_at",
        /// Newest first: the default.
        CreatedAtDesc = "-created_at",
        Name = "name",
        NameDesc = "-name",
        Status = "status",
        /// Soonest expiry first; never-expiring last (v1.1).
        ExpiresAt = "expires_at",
        /// Latest expiry first; never-expiring still last (v1.1).
        ExpiresAtDesc = "-expires_at",
    } default CreatedAtDesc
}

string_enum! {
    /// What `include[]` may expand in a Sandbox.
    Include {
        /// The tenant account holding the sandbox, as `owner_account`.
        OwnerAccount = "owner_account",
    }
}

string_enum! {
    /// What an event records (`GET /api/v1/events`).
    EventAction {
        SandboxCreated = "sandbox.created",
        /// `PATCH`: `changes` names each changed field.
        SandboxUpdated = "sandbox.updated",
        SandboxRefreshRequested = "sandbox.refresh_requested",
        /// The server moved the status on (an operation ended or failed); no actor.
        SandboxStatusChanged = "sandbox.status_changed",
        SandboxDeleted = "sandbox.deleted",
        /// The server deleted it at `expires_at`; no actor.
        SandboxExpired = "sandbox.expired",
        MembersAdded = "members.added",
        /// Roles of existing members changed.
        MembersUpdated = "members.updated",
        MembersRemoved = "members.removed",
        AppPushed = "app.pushed",
        SourceRegistered = "source.registered",
        SourceSecretRotated = "source.secret_rotated",
        SourceDeleted = "source.deleted",
    }
}

string_enum! {
    /// What a sandbox's `operation` is doing.
    OperationKind {
        /// A new sandbox is made (`provisioning`).
        Provision = "provision",
        /// A seeded sandbox gets its sample data (`seeding`).
        Seed = "seed",
        /// Wiped and restored from production (`refreshing`).
        Refresh = "refresh",
    }
}

string_enum! {
    /// Where one step of an operation is.
    StepState { Pending = "pending", Running = "running", Done = "done", Failed = "failed" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string_enum::expected_one_of;

    #[test]
    fn enums_round_trip_through_their_api_names() {
        for status in SandboxStatus::ALL {
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(
                serde_json::from_str::<SandboxStatus>(&json).unwrap(),
                *status
            );
            assert_eq!(status.as_str().parse::<SandboxStatus>().unwrap(), *status);
        }
        assert_eq!(Permission::AppsPush.as_str(), "apps:push");
        assert_eq!(
            "-name".parse::<SandboxSort>().unwrap(),
            SandboxSort::NameDesc
        );
    }

    #[test]
    fn unknown_enum_value_names_the_allowed_ones() {
        assert_eq!(
            "gold".parse::<Tier>().unwrap_err(),
            "Input should be 'free', 'pro' or 'enterprise'"
        );
        assert_eq!(expected_one_of(&["a"]), "Input should be 'a'");
    }

    #[test]
    fn access_levels_allow_what_the_contract_says() {
        use Permission::*;
        for permission in Permission::ALL {
            assert!(Role::Owner.allows(*permission), "{permission}");
        }
        for permission in [
            SandboxesRead,
            SandboxesRefresh,
            AppsPush,
            SourcesWrite,
            SandboxesUpdate,
        ] {
            assert!(Role::Editor.allows(permission), "{permission}");
        }
        for permission in [SandboxesDelete, SandboxesMembers, SandboxesCreate] {
            assert!(!Role::Editor.allows(permission), "{permission}");
            assert_eq!(permission.minimum_access(), Role::Owner);
        }
        assert!(Role::Viewer.allows(SandboxesRead));
        for permission in [SandboxesRefresh, AppsPush, SourcesWrite, SandboxesUpdate] {
            assert!(!Role::Viewer.allows(permission), "{permission}");
            assert_eq!(permission.minimum_access(), Role::Editor);
        }
    }

    #[test]
    fn tier_limits_follow_the_contract() {
        assert_eq!(Tier::Free.limits().max_members, Some(5));
        assert_eq!(Tier::Pro.limits().max_sources, Some(25));
        assert_eq!(Tier::Enterprise.limits().storage_bytes, 1 << 40);
        assert_eq!(Tier::Enterprise.limits().max_members, None);
    }
}
