//! axe-core on every view of every route (#13), as an admin, a viewer and
//! support, in the light and the dark colour scheme, against WCAG 2.2 AA:
//! any violation of impact serious or critical fails the test. axe-core
//! comes from npm (`tools::ensure_axe_core` in xtask), named in `AXE_CORE_JS`.

use std::collections::BTreeMap;

use sandbox_e2e::{eventually, tokens, E2e};
use serde_json::{json, Value};

use crate::tour::{visit_every_view, Access};

/// WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags its rules.
const WCAG_22_AA: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const COLOUR_SCHEMES: [&str; 2] = ["light", "dark"];

/// Runs axe on the whole document; the violations of impact serious or
/// critical, each with the elements it found and axe's summary of the fix.
const RUN_AXE: &str = "return axe.run(document, {
        runOnly: { type: 'tag', values: arguments[0] },
        resultTypes: ['violations'],
    }).then(results => results.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
        })));";

/// axe-core's browser script, from `AXE_CORE_JS`.
fn axe_source() -> String {
    let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
        panic!(
            "AXE_CORE_JS is not set: `cargo xtask test` installs axe-core and sets it; by hand: \
             npm install --prefix ~/.cache/sandbox-console/axe-core axe-core, then \
             AXE_CORE_JS=~/.cache/sandbox-console/axe-core/node_modules/axe-core/axe.min.js"
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading axe-core from AXE_CORE_JS={path}: {error}"))
}

/// One rule broken at one element, with every view where it was.
struct Finding {
    impact: String,
    help: String,
    summary: String,
    views: Vec<String>,
}

/// What axe found, by (rule, element), so a header broken on every page is listed once.
#[derive(Default)]
struct Findings(BTreeMap<(String, String), Finding>);

impl Findings {
    fn add(&mut self, view: &str, violations: &Value) {
        for violation in violations.as_array().into_iter().flatten() {
            let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
            for node in violation["nodes"].as_array().into_iter().flatten() {
                let key = (text(&violation["id"]), text(&node["target"]));
                self.0
                    .entry(key)
                    .or_insert_with(|| Finding {
                        impact: text(&violation["impact"]),
                        help: text(&violation["help"]),
                        summary: text(&node["summary"]),
                        views: Vec::new(),
                    })
                    .views
                    .push(view.to_owned());
            }
        }
    }

    fn report(&self) -> String {
        self.0
            .iter()
            .map(|((id, target), finding)| {
                format!(
                    "{id} ({}): {}\n  at {target}\n  in {}\n  {}",
                    finding.impact,
                    finding.help,
                    finding.views.join("; "),
                    finding.summary.replace('\n', "\n  ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The page as it will stay: no list or sandbox still loading (a dimmed
/// table would be judged on its dimmed colours).
async fn wait_until_settled(e2e: &E2e) {
    eventually("the page to finish loading", || async {
        let busy = e2e
            .run_script(
                "return document.querySelector('[aria-busy=true], .loading') !== null;",
                Vec::new(),
            )
            .await;
        (busy == Value::Bool(false)).then_some(())
    })
    .await;
}

/// Both colour schemes, without transitions, so that colours are final
/// when axe reads them.
async fn emulate_colour_scheme(e2e: &E2e, scheme: &str) {
    e2e.devtools(
        "Emulation.setEmulatedMedia",
        json!({ "features": [
            { "name": "prefers-color-scheme", "value": scheme },
            { "name": "prefers-reduced-motion", "value": "reduce" },
        ] }),
    )
    .await;
    let applies = e2e
        .run_script(
            "return matchMedia(`(prefers-color-scheme: ${arguments[0]})`).matches;",
            vec![json!(scheme)],
        )
        .await;
    assert_eq!(
        applies,
        Value::Bool(true),
        "the page is not in the {scheme} scheme"
    );
}

/// Runs axe in the page (loading it first if this document lacks it): the
/// serious and critical violations.
async fn serious_violations(e2e: &E2e, axe: &str) -> Value {
    // A full load of a route forgets axe; scripts run by WebDriver are
    // outside the page's policy.
    let loaded = e2e
        .run_script("return typeof window.axe === 'object';", Vec::new())
        .await;
    if loaded != Value::Bool(true) {
        e2e.run_script(axe, Vec::new()).await;
    }
    e2e.run_script(RUN_AXE, vec![json!(WCAG_22_AA)]).await
}

/// axe reports what it should: an image without a text alternative is
/// critical (`image-alt`).
async fn assert_axe_reports_a_violation(e2e: &E2e, axe: &str) {
    e2e.run_script(
        "const probe = document.createElement('img');
         probe.id = 'axe-probe';
         probe.src = 'data:,';
         document.body.append(probe);",
        Vec::new(),
    )
    .await;
    let mut findings = Findings::default();
    findings.add("the probe", &serious_violations(e2e, axe).await);
    e2e.run_script("document.getElementById('axe-probe').remove();", Vec::new())
        .await;
    assert!(
        findings
            .0
            .contains_key(&("image-alt".to_owned(), "#axe-probe".to_owned())),
        "axe did not report an image without alt text; it reported:\n{}",
        findings.report()
    );
}

async fn axe_finds_nothing_serious(token: &str, access: Access) {
    let axe = axe_source();
    let e2e = E2e::start().await;
    let mut findings = Findings::default();
    let mut checked_axe = false;
    visit_every_view(&e2e, token, access, async |view: &str| {
        wait_until_settled(&e2e).await;
        for scheme in COLOUR_SCHEMES {
            emulate_colour_scheme(&e2e, scheme).await;
            let violations = serious_violations(&e2e, &axe).await;
            findings.add(&format!("{view} ({scheme})"), &violations);
        }
        if !checked_axe {
            assert_axe_reports_a_violation(&e2e, &axe).await;
            checked_axe = true;
        }
    })
    .await;
    assert!(
        findings.0.is_empty(),
        "axe-core (WCAG 2.2 AA) found serious or critical violations as {token}:\n\n{}",
        findings.report()
    );
}

#[tokio::test]
async fn axe_finds_nothing_serious_as_an_admin() {
    axe_finds_nothing_serious(tokens::ADMIN, Access::Admin).await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_as_a_viewer() {
    axe_finds_nothing_serious(tokens::VIEWER, Access::ReadOnly).await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_as_support() {
    axe_finds_nothing_serious(tokens::SUPPORT, Access::ReadOnly).await;
}
