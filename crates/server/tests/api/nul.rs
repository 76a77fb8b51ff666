//! A NUL (`%00`) in a query value or a path: no stored text holds one
//! (PostgreSQL's text cannot), so it matches nothing on either engine, an
//! empty page or a 404, never a 500 from the database.

use serde_json::json;

use crate::common::Server;
use sandbox_api::demo::tokens;
use sandbox_api::{EVENTS_PATH, SANDBOXES_PATH as LIST};

#[tokio::test]
async fn a_nul_in_a_filter_or_a_path_matches_nothing_on_every_engine() {
    // No stored text holds a NUL (PostgreSQL's cannot); the filter is
    // schema-valid, so it is an empty page, not a 422 or a 500.
    let server = Server::demo();
    for path in [
        format!("{LIST}?owner_id=cust_e2e%00"),
        format!("{LIST}?q=e2e%00"),
        format!("{EVENTS_PATH}?actor=ada%40acme.test%00"),
    ] {
        let page = server.get(&path, tokens::ADMIN).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        assert_eq!(page.json, json!([]), "{path}");
        assert_eq!(page.header("x-total-count"), Some("0"), "{path}");
    }
    let without = server.get(&format!("{LIST}?q=e2e"), tokens::ADMIN).await;
    assert_ne!(without.header("x-total-count"), Some("0"));
    // Nor does an id with one name anything.
    let sandbox_id = server.e2e(1).await;
    for path in [
        format!("{LIST}/{sandbox_id}%00"),
        format!("{LIST}/{sandbox_id}%00/users"),
        format!("{LIST}/{sandbox_id}/sources/src%00"),
        format!("{LIST}/sbx%00x/events"),
    ] {
        let missing = server.get(&path, tokens::ADMIN).await;
        assert_eq!(missing.status, 404, "{path}: {}", missing.text);
    }
}
