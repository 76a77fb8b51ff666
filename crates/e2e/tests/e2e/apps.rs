//! `/sandboxes/:id/apps`: an app pushed to a named target.

use sandbox_e2e::{tokens, E2e};

use crate::support::{named, open_demo_sandbox_tab, section_list};

#[tokio::test]
async fn an_app_is_pushed_to_a_named_target() {
    let e2e = E2e::start().await;
    let id = open_demo_sandbox_tab(&e2e, tokens::ADMIN, "e2e-03", "apps").await;
    let billing = "[data-testid=app-row][data-app=billing]";
    e2e.wait_for_text(
        &format!("{billing} [data-testid=last-push]"),
        "never pushed",
    )
    .await;
    e2e.click(&format!("{billing} [data-testid=push-open]"))
        .await;

    assert_eq!(
        e2e.value_of("#push-target").await,
        "production",
        "the default target"
    );
    e2e.type_into("#push-target", "staging db").await;
    e2e.wait_for_text("#push-target-error", "without spaces")
        .await;
    assert!(!e2e.is_enabled("[data-testid=push-confirm]").await);
    e2e.type_into("#push-target", "qa-db-7").await;
    let sentence = e2e
        .wait_for_text("[data-testid=push-sentence]", "qa-db-7")
        .await
        .text()
        .await
        .unwrap();
    for part in ["billing", "2.7.1", "e2e-03", "qa-db-7"] {
        assert!(sentence.contains(part), "{part} missing from {sentence:?}");
    }
    e2e.click("[data-testid=push-confirm]").await;
    let result = e2e
        .wait_for_text("[data-testid=push-result]", "succeeded")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        result.contains("Pushed billing 2.7.1 to qa-db-7"),
        "{result}"
    );
    e2e.click("[data-testid=push-close]").await;
    e2e.wait_for_text(&format!("{billing} [data-testid=last-push]"), "qa-db-7")
        .await;
    e2e.wait_for_text(&format!("{billing} [data-testid=push-status]"), "succeeded")
        .await;

    let apps = section_list(&e2e, &id, "apps").await;
    let app = named(&apps, "app_name", "billing");
    assert_eq!(app["last_push"]["target"], "qa-db-7");
    assert_eq!(app["last_push"]["status"], "succeeded");
}
