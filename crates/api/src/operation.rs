//! What a sandbox in a transient status is doing (contract v1.1): the
//! `operation` of the Sandbox object, with its named steps.

use serde::{Deserialize, Serialize};

use crate::{OperationKind, SandboxStatus, StepState};

/// One step of an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationStep {
    /// The server's name for it, for people.
    pub name: String,
    pub state: StepState,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

/// The operation a sandbox is going through; `None` on the Sandbox once its
/// status is final.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operation {
    pub kind: OperationKind,
    pub started_at: String,
    /// 0.0–1.0, never decreasing within one operation.
    pub progress: f64,
    pub steps: Vec<OperationStep>,
    pub estimated_completion_at: String,
}

impl SandboxStatus {
    /// The operation a transient status is part of; `None` for a final one.
    pub fn operation_kind(self) -> Option<OperationKind> {
        match self {
            SandboxStatus::Provisioning => Some(OperationKind::Provision),
            SandboxStatus::Seeding => Some(OperationKind::Seed),
            SandboxStatus::Refreshing => Some(OperationKind::Refresh),
            SandboxStatus::Active | SandboxStatus::Failed => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_statuses_have_an_operation() {
        for status in SandboxStatus::ALL {
            assert_eq!(status.operation_kind().is_some(), status.is_transient());
        }
    }

    #[test]
    fn decodes_the_contract_example_operation() {
        let json = r#"{"kind": "provision", "started_at": "2026-11-07T05:31:56Z", "progress": 0.4,
          "steps": [{"name": "Copy configuration", "state": "done", "started_at": "2026-11-07T05:31:56Z", "finished_at": "2026-11-07T05:31:58Z"},
                    {"name": "Copy users", "state": "pending", "started_at": null, "finished_at": null}],
          "estimated_completion_at": "2026-11-07T05:32:06Z"}"#;
        let operation: Operation = serde_json::from_str(json).unwrap();
        assert_eq!(operation.kind, OperationKind::Provision);
        assert_eq!(operation.steps[1].state, StepState::Pending);
    }
}
