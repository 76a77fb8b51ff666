//! `/sandboxes/:id/sources` and `…/sources/new`: the register form's
//! logic, and the pages inside the real detail page against a scripted API.

use sandbox_api::{IngestionMode, Me, SourceKind};
use sandbox_console::forms::json_object::parse_json_object;
use sandbox_console::forms::FormDraft;
use sandbox_console::pages::{SourceForm, SOURCE_FIELDS};
use serde_json::json;
use wasm_bindgen_test::*;

use crate::support::{
    admin, choose, current_location, document, element, find, input_value, is_checked, loads_of,
    mount_tab, once, page_text, script_fetch, select_option, session_storage, set_path, sleep,
    submit, tab_answer, tab_api_path, tab_sandbox_answer, text_of, type_into, viewer, wait_until,
    writes, PageLock,
};

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
        Some("Use 60 seconds or more")
    );
    assert_eq!(
        errors.first_of(&SOURCE_FIELDS),
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
        assert!(
            message.contains("lower-case letters, digits, _ and -"),
            "{message}"
        );
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

/// A data source of the tabs' sandbox, as the API lists it.
fn source_json() -> serde_json::Value {
    json!({"data_source_id": "src_1", "user_id": "acct_1", "sandbox_id": "sbx_test", "provider": "github",
        "name": "e2e-source", "ingestion_mode": "manual", "status": "active", "kind": "durable", "external_account_id": null,
        "adapter_config": {}, "poll_interval_seconds": null, "webhook_url": null, "webhook_signing_secret": null,
        "last_sync_at": null, "created_at": "2026-11-07T05:31:56Z"})
}

/// The register page of the tabs' sandbox, signed in as `me`, once its form shows.
async fn open_register_page(me: Me) -> impl Sized {
    let page = mount_tab("sources/new", me);
    wait_until("the form", || find("#source-name").is_some()).await;
    page
}

/// Picks "Other" as the provider, which asks for the provider's name.
async fn choose_other_provider() {
    select_option("#source-provider", "other");
    wait_until("the provider name", || {
        find("#source-provider-other").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_register_form_refuses_bad_input_at_the_fields_and_keeps_it() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = open_register_page(admin()).await;
    assert!(
        find("#source-poll-interval").is_none(),
        "no interval unless polling"
    );
    choose("#source-mode-polling");
    wait_until("the interval", || find("#source-poll-interval").is_some()).await;
    assert_eq!(
        input_value("#source-poll-interval"),
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
        "Use 60 seconds or more"
    );
    assert_eq!(
        element("#source-poll-interval")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(text_of("#source-provider-other-error").contains("lower-case letters, digits, _ and -"));
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
    assert_eq!(input_value("#source-poll-interval"), "30");
    assert_eq!(input_value("#source-provider-other"), "My CRM");

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
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_answer("POST", "/sources", 401, json!({"detail": "Token expired"})),
        tab_sandbox_answer("active", "owner"),
    ]));
    let page = open_register_page(admin()).await;
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

    let draft = FormDraft::at("/sandboxes/sbx_test/sources/new");
    let key = draft.key();
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
    let _page = mount_tab("sources/new", admin());
    wait_until("the name back", || {
        find("#source-name").is_some_and(|_| input_value("#source-name") == "crm-poller")
    })
    .await;
    assert_eq!(input_value("#source-provider"), "other");
    assert_eq!(input_value("#source-provider-other"), "crm");
    assert_eq!(input_value("#source-name"), "crm-poller");
    assert!(is_checked("#source-mode-polling"));
    assert_eq!(input_value("#source-poll-interval"), "600");
    assert!(is_checked("#source-kind-ephemeral"));
    assert_eq!(input_value("#source-account"), "T024");
    assert_eq!(
        input_value("#source-adapter-config"),
        "{\"region\": \"eu\"}"
    );
    wait_until("the draft to go once restored", || {
        session_storage().get_item(key).unwrap().is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_full_tier_and_server_field_errors_are_shown_where_they_belong() {
    let _lock = PageLock::acquire().await;
    let existing = source_json();
    let full = json!({"detail": "Source limit reached: this sandbox's tier allows 3 sources"});
    script_fetch(json!([
        tab_answer(
            "GET",
            "/sources",
            200,
            json!([existing, existing, existing])
        ),
        // The first attempt meets the full tier, the next a field the server refuses.
        once(tab_answer("POST", "/sources", 409, full)),
        tab_answer(
            "POST",
            "/sources",
            422,
            json!({"detail": [{"loc": ["body", "external_account_id"], "msg": "Unknown account", "type": "value_error"}]})
        ),
        tab_sandbox_answer("active", "owner"),
    ]));
    let _page = mount_tab("sources/new", admin());
    wait_until("the usage", || {
        page_text().contains("3 of 3 data sources used")
    })
    .await;
    type_into("#source-name", "one-too-many");
    submit("[data-testid=register-form]");
    wait_until("the limit", || find("[data-testid=form-error]").is_some()).await;
    assert_eq!(
        text_of("[data-testid=form-error]"),
        "This free sandbox allows at most 3 data sources (3 now). Delete one or move to a bigger tier."
    );
    assert_eq!(input_value("#source-name"), "one-too-many");

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
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([])),
        tab_sandbox_answer("active", "viewer"),
    ]));
    let _page = open_register_page(viewer()).await;
    assert_eq!(
        text_of("[data-testid=register-refusal]"),
        "Your role (viewer) may not change data sources."
    );
    assert!(element("[data-testid=register-form] fieldset").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn action_buttons_stay_the_same_element_while_the_page_polls() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer("GET", "/sources", 200, json!([source_json()])),
        tab_sandbox_answer("seeding", "owner"),
    ]));
    let _page = mount_tab("sources", admin());
    wait_until("the delete button", || {
        find("[data-testid=source-delete-open]").is_some()
    })
    .await;
    let button = element("[data-testid=source-delete-open]");
    let sandbox_loads = || loads_of(&tab_api_path(""));
    let before = sandbox_loads();
    // A seeding sandbox is polled (first after 1 s); every poll sets it anew.
    for poll in 1..=2 {
        wait_until(&format!("poll {poll}"), || sandbox_loads() >= before + poll).await;
    }
    // Rendered again, a focused button would lose focus under the user's hands.
    assert!(
        element("[data-testid=source-delete-open]") == button,
        "the button was rendered again at a poll"
    );
}

/// The realtime source `eng-alerts` as the API lists it, or (with a secret)
/// as a rotation answers.
fn realtime_source_json(secret: Option<&str>) -> serde_json::Value {
    let mut source = source_json();
    source["data_source_id"] = json!("src_rt");
    source["name"] = json!("eng-alerts");
    source["ingestion_mode"] = json!("realtime");
    source["webhook_url"] = json!("http://api.test/hooks/src_rt");
    source["webhook_signing_secret"] = json!(secret);
    source
}

/// Makes `window.confirm` answer `answer` and record its questions in `window.__confirms`.
fn answer_confirms(answer: bool) {
    js_sys::eval(&format!(
        "window.__confirms = window.__confirms || []; \
         window.confirm = (question) => {{ window.__confirms.push(question); return {answer}; }};"
    ))
    .unwrap();
}

fn confirms_asked() -> Vec<String> {
    let asked = js_sys::eval("JSON.stringify(window.__confirms || [])").unwrap();
    serde_json::from_str(&asked.as_string().unwrap()).unwrap()
}

/// Whether a `beforeunload` now would make the browser ask before closing the tab.
fn closing_the_tab_asks() -> bool {
    js_sys::eval(
        "(() => { const event = new Event('beforeunload', {cancelable: true}); \
         window.dispatchEvent(event); return event.defaultPrevented; })()",
    )
    .unwrap()
    .as_bool()
    .unwrap()
}

/// A history where Back from the sources tab leads to the members tab.
fn open_sources_after_members() {
    set_path("/sandboxes/sbx_test/members");
    js_sys::eval("history.pushState(null, '', '/sandboxes/sbx_test/sources')").unwrap();
}

#[wasm_bindgen_test]
async fn leaving_while_a_new_secret_is_shown_asks_first() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer(
            "POST",
            "/sources/src_rt/rotate-webhook-secret",
            200,
            realtime_source_json(Some("whsec_only_once"))
        ),
        tab_answer("GET", "/sources", 200, json!([realtime_source_json(None)])),
        tab_answer("GET", "/users", 200, json!([])),
        tab_sandbox_answer("active", "owner"),
    ]));
    js_sys::eval("window.__confirms = []").unwrap();
    open_sources_after_members();
    let _page = mount_tab("sources", admin());
    wait_until("the rotate button", || {
        find("[data-testid=rotate-open]").is_some()
    })
    .await;
    let rotate = element("[data-testid=rotate-open]");
    let name = rotate.get_attribute("aria-label").unwrap();
    assert!(
        name.contains(&rotate.text_content().unwrap()),
        "the accessible name {name:?} contains the visible text"
    );
    assert!(!closing_the_tab_asks(), "nothing to lose yet");
    rotate.click();
    wait_until("the rotate dialog", || {
        find("[data-testid=rotate-dialog-confirm]").is_some()
    })
    .await;
    element("[data-testid=rotate-dialog-confirm]").click();
    wait_until("the secret", || {
        find("[data-testid=secret-value]").is_some()
    })
    .await;

    // A link (the members tab), declined: the page and the secret stay.
    answer_confirms(false);
    let members_tab = "a[href='/sandboxes/sbx_test/members']";
    element(members_tab).click();
    assert_eq!(
        confirms_asked(),
        ["The secret will not be shown again. Leave this page without it?"]
    );
    sleep(50).await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/sources");
    assert_eq!(input_value("[data-testid=secret-value]"), "whsec_only_once");

    // Back, declined: the URL is put back and the secret stays.
    js_sys::eval("history.back()").unwrap();
    wait_until("Back to ask", || confirms_asked().len() == 2).await;
    sleep(50).await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/sources");
    assert!(find("[data-testid=secret-panel]").is_some());

    // Closing the tab: the browser's own prompt.
    assert!(closing_the_tab_asks());

    // Agreed: Back goes on, and the guard goes with the secret.
    answer_confirms(true);
    js_sys::eval("history.back()").unwrap();
    wait_until("the members tab", || {
        find("[data-testid=members-tab]").is_some()
    })
    .await;
    assert_eq!(current_location(), "/sandboxes/sbx_test/members");
    assert_eq!(confirms_asked().len(), 3);
    assert!(!closing_the_tab_asks(), "no secret, no prompt");
}

#[wasm_bindgen_test]
async fn a_stored_secret_lets_the_user_leave_without_asking() {
    let _lock = PageLock::acquire().await;
    script_fetch(json!([
        tab_answer(
            "POST",
            "/sources/src_rt/rotate-webhook-secret",
            200,
            realtime_source_json(Some("whsec_only_once"))
        ),
        tab_answer("GET", "/sources", 200, json!([realtime_source_json(None)])),
        tab_answer("GET", "/users", 200, json!([])),
        tab_sandbox_answer("active", "owner"),
    ]));
    js_sys::eval("window.__confirms = []").unwrap();
    open_sources_after_members();
    let _page = mount_tab("sources", admin());
    wait_until("the rotate button", || {
        find("[data-testid=rotate-open]").is_some()
    })
    .await;
    element("[data-testid=rotate-open]").click();
    wait_until("the rotate dialog", || {
        find("[data-testid=rotate-dialog-confirm]").is_some()
    })
    .await;
    element("[data-testid=rotate-dialog-confirm]").click();
    wait_until("the secret", || {
        find("[data-testid=secret-stored]").is_some()
    })
    .await;
    element("[data-testid=secret-stored]").click();
    wait_until("the panel to go", || {
        find("[data-testid=secret-panel]").is_none()
    })
    .await;
    // The focus goes to the tab's heading, not the body the panel left it on.
    wait_until("the focus on the sources heading", || {
        document()
            .active_element()
            .is_some_and(|active| active.id() == "sources-heading")
    })
    .await;
    assert!(!closing_the_tab_asks());
    answer_confirms(false);
    js_sys::eval("history.back()").unwrap();
    wait_until("the members tab", || {
        find("[data-testid=members-tab]").is_some()
    })
    .await;
    assert!(confirms_asked().is_empty(), "nothing to ask once stored");
}
