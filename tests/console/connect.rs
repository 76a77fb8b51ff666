//! `/connect` and the session it starts: checking the base URL and token,
//! keeping them on failure, going on to where the user was; the header
//! saying who is connected and signing out.

use leptos::prelude::*;
use sandbox_api::{Me, ME_PATH};
use sandbox_console::api::ApiError;
use sandbox_console::pages::{
    check_base_url, connect_error_message, safe_next, who_text, Connect, Header,
};
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, current_location, element, find, input_value, mount_app, requested_urls, sandbox_json,
    script_fetch, session_storage, set_path, sleep, support_agent, text_of, type_into, wait_until,
    PageLock, API_ORIGIN, TOKEN,
};

#[wasm_bindgen_test]
async fn the_header_shows_who_is_calling_and_signs_out() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    let (mounted, _) = mount_app(None, || view! { <Header /> }.into_any());
    sleep(0).await;
    assert_eq!(
        text_of("header").trim(),
        "Sandbox Console",
        "signed out: nothing but the product name"
    );
    assert_eq!(
        element("header a").get_attribute("href").as_deref(),
        Some("/sandboxes")
    );
    drop(mounted);

    let (mounted, _) = mount_app(Some(support_agent()), || view! { <Header /> }.into_any());
    sleep(0).await;
    let who = text_of("[data-testid=whoami]");
    assert!(
        who.contains("ada@acme.test") && who.contains("support") && who.contains("all tenants"),
        "{who}"
    );
    drop(mounted);

    // A sandbox-scoped token: the header names the sandbox, not its id.
    script_fetch(json!([{"contains": "/sbx_scoped", "status": 200,
        "body": sandbox_json("scoped-demo", "cust_1", "active", "owner")}]));
    let scoped = Me {
        acting_in_sandbox: Some("sbx_scoped".into()),
        ..admin()
    };
    let (_mounted, session) = mount_app(Some(scoped), || view! { <Header /> }.into_any());
    wait_until("the sandbox's name", || {
        text_of("[data-testid=whoami-scope]") == "acting in sandbox scoped-demo"
    })
    .await;
    assert!(text_of("[data-testid=whoami]").contains("Acme Production"));

    let storage = session_storage();
    storage.set_item("sandbox-console.token", TOKEN).unwrap();
    element("[data-testid=sign-out]").click();
    sleep(0).await;
    assert!(session.credentials.get_untracked().is_none());
    assert_eq!(
        storage.get_item("sandbox-console.token").unwrap(),
        None,
        "the token is forgotten"
    );
    assert_eq!(current_location(), "/connect");
    assert!(find("[data-testid=whoami]").is_none());
    set_path(&before);
}

#[wasm_bindgen_test]
async fn connect_checks_its_inputs_and_keeps_them_on_failure() {
    let _page = PageLock::acquire().await;
    let before = current_location();
    // Where a 401 elsewhere would have sent the user; the router reads it at mount.
    set_path("/connect?next=%2Fsandboxes%3Fowner_id%3Dcust_4711");
    let (_mounted, session) = mount_app(None, || view! { <Connect /> }.into_any());
    sleep(0).await;
    assert_eq!(
        element("#connect-token").get_attribute("type").as_deref(),
        Some("password")
    );
    element("button[aria-controls=connect-token]").click();
    sleep(0).await;
    assert_eq!(
        element("#connect-token").get_attribute("type").as_deref(),
        Some("text"),
        "the token can be shown"
    );
    element("button[aria-controls=connect-token]").click();

    type_into("#connect-base-url", "ftp://example.test");
    element("#connect-submit").click();
    sleep(0).await;
    assert!(text_of("#connect-base-url-error").contains("must start with http:// or https://"));
    assert_eq!(text_of("#connect-token-error"), "Enter an API token.");
    assert_eq!(
        element("#connect-token")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        input_value("#connect-base-url"),
        "ftp://example.test",
        "what was typed stays"
    );

    script_fetch(
        json!([{"contains": ME_PATH, "status": 401, "body": {"detail": "Not authenticated"}}]),
    );
    type_into("#connect-base-url", &format!("{API_ORIGIN}/"));
    type_into("#connect-token", "wrong-token");
    element("#connect-submit").click();
    wait_until("the refusal", || {
        find("[data-testid=connect-error]").is_some()
    })
    .await;
    assert!(
        text_of("[data-testid=connect-error]").contains("That token was not accepted by the API")
    );
    assert_eq!(
        input_value("#connect-token"),
        "wrong-token",
        "the token typed stays for correcting"
    );
    assert!(session.credentials.get_untracked().is_none());
    assert_eq!(
        requested_urls(),
        [format!("{API_ORIGIN}{ME_PATH}")],
        "the token is never in a URL"
    );

    script_fetch(json!([{"contains": ME_PATH, "status": 0}]));
    element("#connect-submit").click();
    wait_until("the network error", || {
        text_of("[data-testid=connect-error]").contains("Could not reach")
    })
    .await;
    let message = text_of("[data-testid=connect-error]");
    assert!(
        message.contains(API_ORIGIN) && message.contains("CORS"),
        "{message}"
    );

    let admin_body = serde_json::to_value(admin()).unwrap();
    script_fetch(json!([{"contains": ME_PATH, "status": 200, "body": admin_body}]));
    element("#connect-submit").click();
    wait_until("signing in", || session.me.get_untracked().is_some()).await;
    assert_eq!(
        session.credentials.get_untracked().unwrap().base_url,
        API_ORIGIN
    );
    wait_until("going to next", || {
        current_location() == "/sandboxes?owner_id=cust_4711"
    })
    .await;
    session.sign_out();
    set_path(&before);
}

#[wasm_bindgen_test]
fn connect_helpers_keep_users_on_this_site() {
    assert_eq!(
        safe_next(Some("/sandboxes?owner_id=cust_4711")),
        "/sandboxes?owner_id=cust_4711"
    );
    assert_eq!(safe_next(Some("//evil.test/x")), "/sandboxes");
    assert_eq!(safe_next(Some("/\\evil.test")), "/sandboxes");
    assert_eq!(safe_next(Some("https://evil.test")), "/sandboxes");
    assert_eq!(safe_next(None), "/sandboxes");
    assert_eq!(
        check_base_url(" http://127.0.0.1:8080/ "),
        Ok("http://127.0.0.1:8080".to_owned())
    );
    assert!(check_base_url("").is_err());
    assert!(check_base_url("127.0.0.1:8080").is_err());
    assert!(check_base_url("https://").is_err());
    let refused = connect_error_message(
        &ApiError::Unauthorized("Not authenticated".into()),
        "http://x",
    );
    assert!(
        refused.starts_with("That token was not accepted by the API"),
        "{refused}"
    );
    assert_eq!(
        who_text(&admin()),
        "ada@acme.test · admin · Acme Production"
    );
    assert_eq!(
        who_text(&support_agent()),
        "ada@acme.test · support · all tenants"
    );
}
