//! The demo organisation: its tenants, their people, apps and owners, and
//! the names generated sandboxes and sources draw from.

use sandbox_api::demo::tokens;
use sandbox_api::Role;

pub(super) struct Tenant {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) admin: &'static str,
    /// The demo token of `admin`.
    pub(super) admin_token: &'static str,
    /// People who own or work in this tenant's sandboxes.
    pub(super) people: &'static [&'static str],
    pub(super) apps: &'static [(&'static str, &'static str)],
    /// (owner_id, number of sandboxes) of the generated sandboxes.
    pub(super) owners: &'static [(&'static str, usize)],
    /// Extra members: (owner_id, n-th sandbox of that owner, email, role).
    pub(super) guests: &'static [(&'static str, usize, &'static str, Role)],
}

pub(super) const ACME: Tenant = Tenant {
    id: "acct_demo_acme",
    name: "Acme Production",
    admin: "ada@acme.test",
    admin_token: tokens::ADMIN,
    people: &[
        "grace@acme.test",
        "linus@acme.test",
        "ken@acme.test",
        "barbara@acme.test",
        "margaret@acme.test",
    ],
    apps: &[
        ("analytics", "3.0.2"),
        ("billing", "2.7.1"),
        ("crm", "4.2.0"),
        ("support-desk", "1.9.0"),
    ],
    owners: &[
        ("cust_4711", 12),
        ("cust_1024", 8),
        ("cust_2048", 7),
        ("cust_3141", 6),
        ("cust_5150", 5),
        ("team_payments", 5),
        ("6f1c2a9e-4b7d-4e21-9a3f-2c8d5e7b9a10", 4),
        ("cust_8086", 3),
    ],
    guests: &[
        ("cust_1024", 0, "hedy@globex.test", Role::Editor),
        ("cust_1024", 1, "hedy@globex.test", Role::Editor),
        ("cust_2048", 0, "hedy@globex.test", Role::Viewer),
        ("cust_3141", 0, "vic@acme.test", Role::Editor),
    ],
};

pub(super) const GLOBEX: Tenant = Tenant {
    id: "acct_demo_globex",
    name: "Globex Corporation",
    admin: "hedy@globex.test",
    admin_token: tokens::ADMIN_2,
    people: &["hank@globex.test", "frank@globex.test", "mindy@globex.test"],
    apps: &[
        ("crm", "4.1.3"),
        ("hr-portal", "2.2.0"),
        ("inventory", "5.1.0"),
    ],
    owners: &[
        ("cust_g100", 6),
        ("cust_g200", 5),
        ("cust_g300", 4),
        ("globex-labs", 3),
        ("cust_4711", 2),
    ],
    guests: &[],
};

pub(super) const INITECH: Tenant = Tenant {
    id: "acct_demo_initech",
    name: "Initech",
    admin: "alan@initech.test",
    admin_token: tokens::ADMIN_3,
    people: &[
        "peter@initech.test",
        "samir@initech.test",
        "michael@initech.test",
    ],
    apps: &[("payroll", "3.3.0"), ("tps-reports", "1.0.7")],
    owners: &[("initech-eng", 4), ("initech-qa", 3), ("milton", 3)],
    guests: &[],
};

pub(super) const NAMES: &[&str] = &[
    "staging-eu",
    "staging-us",
    "qa-nightly",
    "load-test",
    "feature-checkout",
    "feature-search",
    "perf-baseline",
    "onboarding-flow",
    "billing-v2",
    "sso-migration",
    "data-import",
    "mobile-beta",
    "partner-demo",
    "training",
    "hotfix-1182",
    "analytics-poc",
    "gdpr-audit",
    "release-2026-11",
    "sales-demo",
    "ci-ephemeral",
];

pub(super) const PROVIDERS: &[&str] = &[
    "slack",
    "github",
    "linear",
    "zendesk",
    "salesforce",
    "s3-export",
];
pub(super) const TEAMS: &[&str] = &["payments", "growth", "platform", "support", "data"];
