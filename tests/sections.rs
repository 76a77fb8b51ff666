//! The members, apps and sources sections in a real browser: the pure
//! logic (email lists, the register form, limit explanations) and the
//! mounted tabs inside the real `SandboxDetail`, against a scripted
//! `window.fetch` that answers by method and path and records every
//! request, so a test sees exactly what would reach the API.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use sandbox_api::{IngestionMode, Me, Sandbox, SourceKind};
use sandbox_console::components::limits::{limit_explanation, usage_text, Quota};
use sandbox_console::components::{NoticeRegion, Notices};
use sandbox_console::forms::email_list::{check_email_list, parse_email_list};
use sandbox_console::forms::json_object::parse_json_object;
use sandbox_console::navigation::ListLocation;
use sandbox_console::pages::{
    MembersTab, RegisterSourcePage, SandboxDetail, SourceForm, SourcesTab,
};
use sandbox_console::session::{Credentials, Session};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{
    document, element, find, is_disabled, me, sleep, text_of, texts, wait_until, ADMIN_PERMISSIONS,
};

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

// ---- email lists ----

#[wasm_bindgen_test]
fn email_lists_split_on_commas_semicolons_spaces_and_new_lines() {
    let pasted =
        "ada@acme.test, bob@acme.test;carl@acme.test\n\tdora@acme.test  eve@acme.test,\r\n,;  ";
    assert_eq!(
        parse_email_list(pasted),
        [
            "ada@acme.test",
            "bob@acme.test",
            "carl@acme.test",
            "dora@acme.test",
            "eve@acme.test"
        ]
    );
    assert!(parse_email_list("  ,;\n ").is_empty());
}

#[wasm_bindgen_test]
fn email_lists_drop_repeats_ignoring_case_and_keep_the_first_spelling() {
    assert_eq!(
        parse_email_list("Ada@Acme.test ada@acme.test\nADA@ACME.TEST bob@acme.test"),
        ["Ada@Acme.test", "bob@acme.test"]
    );
}

#[wasm_bindgen_test]
fn invalid_addresses_are_kept_with_their_reason() {
    let checked = check_email_list("ada@acme.test nope bob@ @acme.test carl@acme");
    let summary: Vec<(&str, bool)> = checked
        .iter()
        .map(|a| (a.email.as_str(), a.is_valid()))
        .collect();
    assert_eq!(
        summary,
        [
            ("ada@acme.test", true),
            ("nope", false),
            ("bob@", false),
            ("@acme.test", false),
            ("carl@acme", false)
        ]
    );
    assert_eq!(
        checked[1].problem.as_deref(),
        Some("value is not a valid email address: an email address must have an @-sign")
    );
    assert!(checked[3]
        .problem
        .as_deref()
        .unwrap()
        .contains("something before it"));
    assert!(checked[4]
        .problem
        .as_deref()
        .unwrap()
        .contains("not a valid domain"));
}

// ---- the register form ----

fn realtime_form() -> SourceForm {
    SourceForm {
        name: "eng-alerts".into(),
        ingestion_mode: IngestionMode::Realtime,
        ..SourceForm::default()
    }
}

#[wasm_bindgen_test]
fn a_valid_form_becomes_the_request() {
    let form = SourceForm {
        provider_choice: "other".into(),
        other_provider: " my_crm-2 ".into(),
        name: "crm".into(),
        ingestion_mode: IngestionMode::Polling,
        kind: SourceKind::Ephemeral,
        external_account_id: "  ".into(),
        poll_interval: " 120 ".into(),
        adapter_config: "{\"region\": \"eu\"}".into(),
    };
    let request = form.to_request().unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"provider": "my_crm-2", "name": "crm", "ingestion_mode": "polling", "kind": "ephemeral",
               "external_account_id": null, "adapter_config": {"region": "eu"}, "poll_interval_seconds": 120})
    );
    // The interval means nothing for other modes and is not sent, whatever was typed.
    let realtime = SourceForm {
        poll_interval: "5".into(),
        ..realtime_form()
    };
    assert_eq!(realtime.to_request().unwrap().poll_interval_seconds, None);
}

#[wasm_bindgen_test]
fn a_poll_interval_under_60_is_refused_at_its_field() {
    let form = SourceForm {
        ingestion_mode: IngestionMode::Polling,
        poll_interval: "30".into(),
        ..realtime_form()
    };
    let errors = form.to_request().unwrap_err();
    assert_eq!(
        errors.get("poll_interval_seconds").as_deref(),
        Some("Input should be greater than or equal to 60")
    );
    assert_eq!(
        errors.first_of(&sandbox_console::pages::SOURCE_FIELDS),
        Some("poll_interval_seconds")
    );
    let not_a_number = SourceForm {
        poll_interval: "5 min".into(),
        ..form
    };
    assert!(not_a_number
        .to_request()
        .unwrap_err()
        .get("poll_interval_seconds")
        .unwrap()
        .contains("whole number"));
}

#[wasm_bindgen_test]
fn another_provider_must_match_the_pattern() {
    for bad in ["Jira", "my crm", "", "jira!", &"x".repeat(65)] {
        let form = SourceForm {
            provider_choice: "other".into(),
            other_provider: bad.to_owned(),
            ..realtime_form()
        };
        let message = form
            .to_request()
            .unwrap_err()
            .get("provider")
            .unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert!(message.contains("[a-z0-9_-]"), "{message}");
    }
    let good = SourceForm {
        provider_choice: "other".into(),
        other_provider: "jira_cloud-2".into(),
        ..realtime_form()
    };
    assert_eq!(good.to_request().unwrap().provider, "jira_cloud-2");
}

#[wasm_bindgen_test]
fn adapter_config_errors_name_line_and_column() {
    let message = parse_json_object("{\n  \"channel\": \"C024\"\n  \"team\": 1\n}").unwrap_err();
    assert_eq!(message, "Line 3, column 3: expected `,` or `}`.");
    let form = SourceForm {
        adapter_config: "{\"a\": }".into(),
        ..realtime_form()
    };
    assert!(form
        .to_request()
        .unwrap_err()
        .get("adapter_config")
        .unwrap()
        .starts_with("Line 1, column 7:"));
}

#[wasm_bindgen_test]
fn adapter_config_must_be_an_object() {
    for (json, kind) in [
        ("[1, 2]", "an array"),
        ("\"x\"", "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ] {
        let message = parse_json_object(json).unwrap_err();
        assert!(
            message.starts_with("Must be a JSON object")
                && message.ends_with(&format!("not {kind}.")),
            "{message}"
        );
    }
    assert!(
        parse_json_object("  ").unwrap().is_empty(),
        "blank means no settings"
    );
    assert_eq!(parse_json_object("{\"a\": [1]}").unwrap()["a"], json!([1]));
}

// ---- limits ----

fn sandbox_value(tier: &str, access: &str) -> serde_json::Value {
    let (sources, members) = match tier {
        "free" => (json!(3), json!(5)),
        "pro" => (json!(25), json!(50)),
        _ => (json!(null), json!(null)),
    };
    json!({
        "sandbox_id": "sbx_test", "object": "sandbox", "user_id": "acct_1", "owner_id": "cust_e2e",
        "name": "e2e-01", "tier": tier, "mode": "blank", "status": "active",
        "storage_provider_type": "platform_s3",
        "limits": {"storage_bytes": 1073741824u64, "max_sources": sources, "max_members": members},
        "metadata": {}, "created_at": "2026-11-07T05:31:56Z", "updated_at": "2026-11-07T05:31:56Z",
        "last_refreshed_at": null, "access": access, "is_external": false, "owner_account": null,
    })
}

fn sandbox(tier: &str) -> Sandbox {
    serde_json::from_value(sandbox_value(tier, "owner")).unwrap()
}

#[wasm_bindgen_test]
fn limits_are_explained_in_words() {
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 5, 1).unwrap(),
        "This free sandbox allows at most 5 members (5 now). Remove someone or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("free"), Quota::Members, 4, 3).unwrap(),
        "This free sandbox allows at most 5 members (4 now). Remove someone or move to a bigger tier. Adding these 3 would make 7."
    );
    assert_eq!(
        limit_explanation(&sandbox("pro"), Quota::Sources, 25, 1).unwrap(),
        "This pro sandbox allows at most 25 data sources (25 now). Delete one or move to a bigger tier."
    );
    assert_eq!(
        limit_explanation(&sandbox("enterprise"), Quota::Members, 500, 1),
        None,
        "no limit, nothing to explain"
    );
    assert!(Quota::Members.would_exceed(&sandbox("free"), 4, 2));
    assert!(!Quota::Members.would_exceed(&sandbox("free"), 4, 1));
    assert!(!Quota::Sources.would_exceed(&sandbox("enterprise"), 1000, 1));
    assert_eq!(
        usage_text(&sandbox("free"), Quota::Members, 1),
        "1 of 5 members used (free tier)."
    );
    assert_eq!(
        usage_text(&sandbox("enterprise"), Quota::Sources, 40),
        "40 data sources (enterprise tier: no limit)."
    );
}

// ---- mounted against a scripted network ----

/// Replaces `window.fetch` with a router: `routes` maps "METHOD /path"
/// (the path without the API origin and query) to `[status, body]`.
/// Unknown routes answer 404. Every request is recorded in
/// `window.__requests` as {method, url, body}.
fn script_fetch(routes: serde_json::Value) {
    let script = format!(
        r#"
        window.__requests = [];
        window.__routes = {routes};
        window.fetch = async (request) => {{
            const body = request.method === 'GET' ? null : await request.clone().text();
            window.__requests.push({{method: request.method, url: request.url, body}});
            const path = new URL(request.url).pathname;
            const answer = window.__routes[request.method + ' ' + path] || [404, {{detail: 'Not found'}}];
            await new Promise((resolve) => setTimeout(resolve, 10));
            return new Response(JSON.stringify(answer[1]), {{status: answer[0], headers: {{'Content-Type': 'application/json'}}}});
        }};
        "#
    );
    js_sys::eval(&script).expect("installing the scripted fetch");
}

/// Changes one route's answer while mounted.
fn set_route(route: &str, answer: serde_json::Value) {
    js_sys::eval(&format!("window.__routes[{route:?}] = {answer};")).unwrap();
}

/// Picks "Other" as the provider, which asks for the provider's name.
async fn choose_other_provider() {
    let select = element("#source-provider");
    js_sys::Reflect::set(&select, &"value".into(), &"other".into()).unwrap();
    fire(&select, "change");
    wait_until("the provider name", || {
        find("#source-provider-other").is_some()
    })
    .await;
}

#[derive(Debug, serde::Deserialize)]
struct Recorded {
    method: String,
    url: String,
    body: Option<String>,
}

fn writes() -> Vec<Recorded> {
    let value = js_sys::eval("JSON.stringify(window.__requests)").unwrap();
    let all: Vec<Recorded> = serde_json::from_str(&value.as_string().unwrap()).unwrap();
    all.into_iter()
        .filter(|request| request.method != "GET")
        .collect()
}

fn value_of(css: &str) -> String {
    js_sys::Reflect::get(&element(css), &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// Types the way a user does: the value, then a bubbling `input` event.
fn type_into(css: &str, text: &str) {
    let target = element(css);
    js_sys::Reflect::set(&target, &"value".into(), &text.into()).unwrap();
    fire(&target, "input");
}

fn choose(css: &str) {
    let target = element(css);
    js_sys::Reflect::set(&target, &"checked".into(), &true.into()).unwrap();
    fire(&target, "change");
}

fn fire(target: &web_sys::HtmlElement, event_type: &str) {
    let fire = js_sys::Function::new_with_args(
        "element, type",
        "element.dispatchEvent(new Event(type, {bubbles: true}))",
    );
    fire.call2(&wasm_bindgen::JsValue::NULL, target, &event_type.into())
        .unwrap();
}

fn submit(form_css: &str) {
    element(form_css)
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
}

const SANDBOX: &str = "/api/v1/storage/sandboxes/sbx_test";

/// The real detail page at `path` with the three sections' routes, signed
/// in as `me`, with what `App` provides around pages.
fn mount_detail(path: &str, me: Me) -> impl Sized {
    js_sys::eval(&format!("history.replaceState(null, '', {path:?})")).unwrap();
    let parent: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&parent).unwrap();
    leptos::mount::mount_to(parent, move || {
        let session = Session::new();
        session.credentials.set(Some(Credentials {
            base_url: "http://api.test".into(),
            token: "t".into(),
        }));
        session.me.set(Some(me.clone()));
        provide_context(session);
        provide_context(Notices::new());
        provide_context(ListLocation::new());
        view! {
            <Router>
                <Routes fallback=|| "no route">
                    <ParentRoute path=path!("/sandboxes/:sandbox_id") view=SandboxDetail>
                        <Route path=path!("members") view=MembersTab/>
                        <Route path=path!("sources") view=SourcesTab/>
                        <Route path=path!("sources/new") view=RegisterSourcePage/>
                    </ParentRoute>
                </Routes>
                <NoticeRegion/>
            </Router>
        }
    })
}

fn member(email: &str, role: &str) -> serde_json::Value {
    json!({"email": email, "role": role, "added_at": "2026-11-07T05:31:56Z", "origin": "production"})
}

#[wasm_bindgen_test]
async fn nothing_is_added_while_an_address_is_invalid() {
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "owner")],
        format!("GET {SANDBOX}/users"): [200, [member("ada@acme.test", "owner")]],
        format!("POST {SANDBOX}/users"): [200, {"sandbox_id": "sbx_test",
            "added": [{"email": "bob@acme.test", "role": "editor", "added_at": "2026-11-07T06:00:00Z", "origin": "added"},
                      {"email": "carl@acme.test", "role": "editor", "added_at": "2026-11-07T06:00:00Z", "origin": "added"}],
            "updated": [], "unchanged": [member("ada@acme.test", "editor")]}],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/members",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the member list", || {
        find("[data-testid=member-row]").is_some()
    })
    .await;

    type_into(
        "#members-emails",
        "bob@acme.test; carl@acme\nBOB@acme.test ada@acme.test",
    );
    wait_until("the preview", || {
        texts("[data-testid=address-invalid]").len() == 1
    })
    .await;
    assert_eq!(
        texts(".address-email"),
        ["bob@acme.test", "carl@acme", "ada@acme.test"],
        "the repeat is gone"
    );
    assert!(text_of("[data-testid=address-invalid]").contains("not a valid domain"));
    assert!(text_of("[data-testid=address-preview]").contains("already a member (owner)"));
    assert!(text_of("[data-testid=members-add-blocker]")
        .contains("Nothing is sent while any address is invalid"));
    assert!(is_disabled("[data-testid=members-add]"));
    submit("[data-testid=add-members]");
    sleep(50).await;
    assert!(
        writes().is_empty(),
        "nothing sent while an address is invalid"
    );

    type_into(
        "#members-emails",
        "bob@acme.test; carl@acme.test\nBOB@acme.test",
    );
    let role = element("#members-role");
    js_sys::Reflect::set(&role, &"value".into(), &"editor".into()).unwrap();
    fire(&role, "change");
    wait_until("the button to allow it", || {
        !is_disabled("[data-testid=members-add]")
    })
    .await;
    assert_eq!(text_of("[data-testid=members-add]"), "Add 2 members");
    element("[data-testid=members-add]").click();
    wait_until("the outcome", || {
        find("[data-testid=members-outcome]").is_some()
    })
    .await;
    let sent = writes();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].method == "POST" && sent[0].url.ends_with("/sbx_test/users"),
        "{:?}",
        sent[0]
    );
    let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"users": [{"email": "bob@acme.test", "role": "editor"}, {"email": "carl@acme.test", "role": "editor"}]})
    );
    let outcome = text_of("[data-testid=members-outcome]");
    assert!(
        outcome.contains("Added 2: bob@acme.test (editor), carl@acme.test (editor)."),
        "{outcome}"
    );
    assert!(
        outcome.contains("Already a member with that role: ada@acme.test (editor)."),
        "{outcome}"
    );
    assert_eq!(value_of("#members-emails"), "", "a success empties the box");
}

#[wasm_bindgen_test]
async fn the_member_limit_and_the_last_owner_are_explained() {
    let roster: Vec<_> = std::iter::once(member("ada@acme.test", "owner"))
        .chain((1..5).map(|i| member(&format!("m{i}@acme.test"), "viewer")))
        .collect();
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "owner")],
        format!("GET {SANDBOX}/users"): [200, roster],
        format!("POST {SANDBOX}/users"): [409, {"detail": "Member limit reached: this sandbox's tier allows 5 members (it has 5)"}],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/members",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the member list", || {
        texts("[data-testid=member-row]").len() == 5
    })
    .await;
    // The only owner can be neither demoted nor selected for removal.
    let owner_row = "[data-testid=member-row][data-email='ada@acme.test']";
    assert!(
        text_of(&format!("{owner_row} [data-testid=last-owner-reason]"))
            .contains("The last owner cannot be demoted.")
    );
    assert!(is_disabled(&format!("{owner_row} select")));
    assert!(is_disabled(&format!("{owner_row} input[type=checkbox]")));
    assert!(!is_disabled(
        "[data-testid=member-row][data-email='m1@acme.test'] select"
    ));

    type_into("#members-emails", "new1@acme.test new2@acme.test");
    wait_until("the button to allow it", || {
        !is_disabled("[data-testid=members-add]")
    })
    .await;
    element("[data-testid=members-add]").click();
    wait_until("the explanation", || {
        find("[data-testid=members-outcome]").is_some()
    })
    .await;
    assert_eq!(
        text_of("[data-testid=members-outcome] .outcome-lines"),
        "This free sandbox allows at most 5 members (5 now). Remove someone or move to a bigger tier. Adding these 2 would make 7."
    );
    assert_eq!(
        value_of("#members-emails"),
        "new1@acme.test new2@acme.test",
        "the paste survives the error"
    );
}

#[wasm_bindgen_test]
async fn the_register_form_refuses_bad_input_at_the_fields_and_keeps_it() {
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "owner")],
        format!("GET {SANDBOX}/sources"): [200, []],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/sources/new",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the form", || find("#source-name").is_some()).await;
    assert!(
        find("#source-poll-interval").is_none(),
        "no interval unless polling"
    );
    choose("#source-mode-polling");
    wait_until("the interval", || find("#source-poll-interval").is_some()).await;
    assert_eq!(
        value_of("#source-poll-interval"),
        "300",
        "the default is shown"
    );

    choose_other_provider().await;
    type_into("#source-provider-other", "My CRM");
    type_into("#source-name", "crm-poller");
    type_into("#source-poll-interval", "30");
    type_into("#source-adapter-config", "{\n  \"region\": eu\n}");
    submit("[data-testid=register-form]");

    wait_until("the interval error", || {
        find("#source-poll-interval-error").is_some()
    })
    .await;
    assert_eq!(
        text_of("#source-poll-interval-error"),
        "Input should be greater than or equal to 60"
    );
    assert_eq!(
        element("#source-poll-interval")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(text_of("#source-provider-other-error").contains("[a-z0-9_-]"));
    assert!(
        text_of("#source-adapter-config-error").starts_with("Line 2, column 13: expected value"),
        "{}",
        text_of("#source-adapter-config-error")
    );
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("source-provider-other"),
        "the first bad field has focus"
    );
    assert!(
        writes().is_empty(),
        "nothing is sent while the form is invalid"
    );
    assert_eq!(value_of("#source-poll-interval"), "30");
    assert_eq!(value_of("#source-provider-other"), "My CRM");

    // An array is valid JSON but not an object; the fixed fields clear at once.
    type_into("#source-adapter-config", "[\"eu\"]");
    type_into("#source-poll-interval", "60");
    wait_until("the new message", || {
        text_of("#source-adapter-config-error").contains("not an array")
    })
    .await;
    assert!(find("#source-poll-interval-error").is_none());
}

#[wasm_bindgen_test]
async fn the_register_typing_survives_a_401_and_comes_back_once() {
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "owner")],
        format!("GET {SANDBOX}/sources"): [200, []],
        format!("POST {SANDBOX}/sources"): [401, {"detail": "Token expired"}],
    }));
    let page = mount_detail(
        "/sandboxes/sbx_test/sources/new",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the form", || find("#source-name").is_some()).await;
    choose_other_provider().await;
    type_into("#source-provider-other", "crm");
    type_into("#source-name", "crm-poller");
    choose("#source-mode-polling");
    wait_until("the interval", || find("#source-poll-interval").is_some()).await;
    type_into("#source-poll-interval", "600");
    choose("#source-kind-ephemeral");
    type_into("#source-account", "T024");
    type_into("#source-adapter-config", "{\"region\": \"eu\"}");
    submit("[data-testid=register-form]");

    let key = "sandbox-console.draft./sandboxes/sbx_test/sources/new";
    wait_until("the draft", || {
        session_storage().get_item(key).unwrap().is_some()
    })
    .await;
    assert_eq!(writes().len(), 1);
    let stored: serde_json::Value =
        serde_json::from_str(&session_storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(
        stored,
        json!({"provider_choice": "other", "other_provider": "crm", "name": "crm-poller", "ingestion_mode": "polling",
               "kind": "ephemeral", "external_account_id": "T024", "poll_interval": "600",
               "adapter_config": "{\"region\": \"eu\"}"}),
        "only the form's fields are kept"
    );
    drop(page);

    // Reconnected: the same form comes back with the typing, and the draft is gone.
    let _page = mount_detail(
        "/sandboxes/sbx_test/sources/new",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the name back", || {
        find("#source-name").is_some_and(|_| value_of("#source-name") == "crm-poller")
    })
    .await;
    assert_eq!(value_of("#source-provider"), "other");
    assert_eq!(value_of("#source-provider-other"), "crm");
    assert_eq!(value_of("#source-name"), "crm-poller");
    assert!(element("#source-mode-polling")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert_eq!(value_of("#source-poll-interval"), "600");
    assert!(element("#source-kind-ephemeral")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert_eq!(value_of("#source-account"), "T024");
    assert_eq!(value_of("#source-adapter-config"), "{\"region\": \"eu\"}");
    wait_until("the draft to go once restored", || {
        session_storage().get_item(key).unwrap().is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_full_tier_and_server_field_errors_are_shown_where_they_belong() {
    let existing = json!({"data_source_id": "src_1", "user_id": "acct_1", "sandbox_id": "sbx_test", "provider": "github",
        "name": "e2e-source", "ingestion_mode": "manual", "status": "active", "kind": "durable", "external_account_id": null,
        "adapter_config": {}, "poll_interval_seconds": null, "webhook_url": null, "webhook_signing_secret": null,
        "last_sync_at": null, "created_at": "2026-11-07T05:31:56Z"});
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "owner")],
        format!("GET {SANDBOX}/sources"): [200, [existing, existing, existing]],
        format!("POST {SANDBOX}/sources"): [409, {"detail": "Source limit reached: this sandbox's tier allows 3 sources"}],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/sources/new",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the usage", || {
        document()
            .body()
            .unwrap()
            .text_content()
            .unwrap_or_default()
            .contains("3 of 3 data sources used")
    })
    .await;
    type_into("#source-name", "one-too-many");
    submit("[data-testid=register-form]");
    wait_until("the limit", || find("[data-testid=form-error]").is_some()).await;
    assert_eq!(
        text_of("[data-testid=form-error]"),
        "This free sandbox allows at most 3 data sources (3 now). Delete one or move to a bigger tier."
    );
    assert_eq!(value_of("#source-name"), "one-too-many");

    set_route(
        &format!("POST {SANDBOX}/sources"),
        json!([422, {"detail": [{"loc": ["body", "external_account_id"], "msg": "Unknown account", "type": "value_error"}]}]),
    );
    type_into("#source-account", "T999");
    submit("[data-testid=register-form]");
    wait_until("the server's field error", || {
        text_of("#source-account-error") == "Unknown account"
    })
    .await;
    assert!(find("[data-testid=form-error]").is_none());
    type_into("#source-account", "T998");
    wait_until("the error to go on edit", || {
        find("#source-account-error").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_viewer_sees_why_sources_cannot_change() {
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, sandbox_value("free", "viewer")],
        format!("GET {SANDBOX}/sources"): [200, []],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/sources/new",
        me("viewer", &["sandboxes:read"]),
    );
    wait_until("the form", || find("#source-name").is_some()).await;
    assert_eq!(
        text_of("[data-testid=register-refusal]"),
        "Your role (viewer) may not change data sources."
    );
    assert!(element("[data-testid=register-form] fieldset").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn action_buttons_stay_the_same_element_while_the_page_polls() {
    let source = json!({"data_source_id": "src_1", "user_id": "acct_1", "sandbox_id": "sbx_test", "provider": "github",
        "name": "e2e-source", "ingestion_mode": "manual", "status": "active", "kind": "durable", "external_account_id": null,
        "adapter_config": {}, "poll_interval_seconds": null, "webhook_url": null, "webhook_signing_secret": null,
        "last_sync_at": null, "created_at": "2026-11-07T05:31:56Z"});
    let mut seeding = sandbox_value("free", "owner");
    seeding["status"] = json!("seeding");
    script_fetch(json!({
        format!("GET {SANDBOX}"): [200, seeding],
        format!("GET {SANDBOX}/sources"): [200, [source]],
    }));
    let _page = mount_detail(
        "/sandboxes/sbx_test/sources",
        me("admin", ADMIN_PERMISSIONS),
    );
    wait_until("the delete button", || {
        find("[data-testid=source-delete-open]").is_some()
    })
    .await;
    let button = element("[data-testid=source-delete-open]");
    let sandbox_loads = || {
        js_sys::eval(&format!(
            "window.__requests.filter((r) => new URL(r.url).pathname === {SANDBOX:?}).length"
        ))
        .unwrap()
        .as_f64()
        .unwrap()
    };
    let before = sandbox_loads();
    // A seeding sandbox is polled (first after 1 s); every poll sets it anew.
    for poll in 1..=2 {
        wait_until(&format!("poll {poll}"), || {
            sandbox_loads() >= before + f64::from(poll)
        })
        .await;
    }
    // Rendered again, a focused button would lose focus under the user's hands.
    assert!(
        element("[data-testid=source-delete-open]") == button,
        "the button was rendered again at a poll"
    );
}
