//! The sandbox table's columns that can be hidden (the name is always
//! shown), by the list page's Columns menu.

use std::collections::BTreeSet;

/// A column of the sandbox table besides Name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Owner,
    /// Support staff only: the tenant account.
    Account,
    Tier,
    Status,
    Access,
    Created,
    /// v1.1: only when the server sends expiry.
    Expires,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 7] = [
        Column::Owner,
        Column::Account,
        Column::Tier,
        Column::Status,
        Column::Access,
        Column::Created,
        Column::Expires,
    ];

    /// The name kept in storage.
    pub fn key(self) -> &'static str {
        match self {
            Column::Owner => "owner_id",
            Column::Account => "account",
            Column::Tier => "tier",
            Column::Status => "status",
            Column::Access => "access",
            Column::Created => "created_at",
            Column::Expires => "expires_at",
        }
    }

    /// Its header's words.
    pub fn label(self) -> &'static str {
        match self {
            Column::Owner => "Owner ID",
            Column::Account => "Account",
            Column::Tier => "Tier",
            Column::Status => "Status",
            Column::Access => "Access",
            Column::Created => "Created",
            Column::Expires => "Expires",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|column| column.key() == key)
    }
}

/// The columns the user chose to hide.
pub type HiddenColumns = BTreeSet<Column>;
