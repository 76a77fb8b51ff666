//! A walk through every route of the console as one user, stopping at
//! each view worth checking: a page once it has its data, an open dialog,
//! a form showing a validation error. The CSP and accessibility tests run
//! their check at every stop, so both see the same views.

use sandbox_e2e::{tokens, E2e};
use thirtyfour::prelude::*;

use crate::support::demo_sandbox_id;

/// What the touring user may do, and so which dialogs and forms there are to open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Creates, refreshes, deletes, adds members and sources.
    Admin,
    /// Sees the same pages with their refusals instead of the dialogs and forms.
    ReadOnly,
}

/// Connects as `token` and walks every route, calling `check` with the
/// stop's name once the view is on screen: `/connect` (also with a refused
/// token), the list (filtered, and its next page), `/sandboxes/new`, the
/// demo sandbox `e2e-01` and its members, apps, sources and `sources/new`.
pub async fn visit_every_view(
    e2e: &E2e,
    token: &str,
    access: Access,
    mut check: impl AsyncFnMut(&str),
) {
    let admin = access == Access::Admin;
    let id = demo_sandbox_id(&e2e.api(tokens::ADMIN), "e2e-01").await;

    e2e.goto("/connect").await;
    e2e.wait_for("#connect-title").await;
    check("/connect").await;
    e2e.type_into("#connect-token", "not-a-demo-token").await;
    e2e.click("#connect-submit").await;
    e2e.wait_for("[data-testid=connect-error]").await;
    check("/connect, a refused token").await;
    e2e.connect_as(token).await;

    e2e.goto("/sandboxes").await;
    e2e.wait_for("#list-title").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    check("/sandboxes").await;
    e2e.goto("/sandboxes?status=active&sort=name&limit=10")
        .await;
    e2e.wait_for("[data-testid=filter-chip]").await;
    e2e.wait_for("[data-testid=sandbox-row]").await;
    check("/sandboxes, filtered").await;
    // The list's tools: a view's name refused at its field, the Columns menu open.
    e2e.click("[data-testid=view-save-open]").await;
    e2e.click("[data-testid=view-form-save]").await;
    e2e.wait_for("#view-name-error").await;
    e2e.click(".columns-menu summary").await;
    e2e.wait_for(".columns-menu[open]").await;
    check("/sandboxes, a view's name refused and the Columns menu").await;
    if admin {
        // The selection bar, and a bulk action's confirmation of what it does.
        e2e.click(".columns-menu summary").await;
        e2e.click("[data-testid=page-select]").await;
        e2e.wait_for_text("[data-testid=selection-count]", "10 selected")
            .await;
        e2e.click("[data-testid=bulk-delete]").await;
        e2e.wait_for("[data-testid=bulk-dialog][open]").await;
        check("/sandboxes, a page selected and the bulk delete's confirmation").await;
        e2e.focused().await.send_keys(Key::Escape).await.unwrap();
        e2e.wait_until_gone("[data-testid=bulk-dialog][open]").await;
    }
    e2e.click("[data-testid=pager] a[rel=next]").await;
    e2e.wait_for_url("page=2").await;
    e2e.wait_for_text("[data-testid=results-heading]", "page 2")
        .await;
    check("/sandboxes, filtered, page 2").await;

    e2e.goto("/sandboxes/new").await;
    e2e.wait_for("#create-title").await;
    if admin {
        e2e.wait_for("[data-testid=create-form]").await;
        check("/sandboxes/new").await;
        e2e.click("[data-testid=create-submit]").await;
        e2e.wait_for(".field-error").await;
        check("/sandboxes/new, a validation error").await;
    } else {
        e2e.wait_for("[data-testid=create-blocked]").await;
        check("/sandboxes/new").await;
    }

    let detail = format!("/sandboxes/{id}");
    e2e.goto(&detail).await;
    e2e.wait_for("[data-testid=sandbox-title]").await;
    e2e.wait_for("[data-testid=overview]").await;
    check("/sandboxes/:id").await;
    if admin {
        for (action, stop) in [
            ("refresh", "/sandboxes/:id, the refresh dialog"),
            ("delete", "/sandboxes/:id, the delete dialog"),
            ("extend", "/sandboxes/:id, the extend dialog"),
        ] {
            e2e.click(&format!("[data-testid={action}-open]")).await;
            let open_dialog = format!("[data-testid={action}-dialog][open]");
            e2e.wait_for(&open_dialog).await;
            check(stop).await;
            e2e.focused().await.send_keys(Key::Escape).await.unwrap();
            e2e.wait_until_gone(&open_dialog).await;
        }
        e2e.click("[data-testid=metadata-edit]").await;
        e2e.wait_for("[data-testid=metadata-form]").await;
        check("/sandboxes/:id, editing metadata").await;
        e2e.click("[data-testid=metadata-cancel]").await;
    }

    e2e.goto(&format!("{detail}/members")).await;
    e2e.wait_for("#members-heading").await;
    e2e.wait_for("[data-testid=member-row]").await;
    check("/sandboxes/:id/members").await;
    if admin {
        e2e.type_into("#members-emails", "not-an-address").await;
        e2e.wait_for("[data-testid=address-invalid]").await;
        check("/sandboxes/:id/members, an invalid address").await;
    }

    e2e.goto(&format!("{detail}/apps")).await;
    e2e.wait_for("#apps-heading").await;
    e2e.wait_for("[data-testid=app-row]").await;
    check("/sandboxes/:id/apps").await;

    e2e.goto(&format!("{detail}/sources")).await;
    e2e.wait_for("#sources-heading").await;
    e2e.wait_for("[data-testid=source-row]").await;
    check("/sandboxes/:id/sources").await;

    e2e.goto(&format!("{detail}/sources/new")).await;
    e2e.wait_for("#register-heading").await;
    if admin {
        e2e.wait_for("[data-testid=register-form]").await;
        check("/sandboxes/:id/sources/new").await;
        e2e.click("[data-testid=register-submit]").await;
        e2e.wait_for(".field-error").await;
        check("/sandboxes/:id/sources/new, a validation error").await;
    } else {
        e2e.wait_for("[data-testid=register-refusal]").await;
        check("/sandboxes/:id/sources/new").await;
    }
}
