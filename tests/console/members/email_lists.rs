//! Pasted email lists: how they split, repeats, invalid addresses.

use sandbox_console::forms::email_list::{check_email_list, parse_email_list};
use wasm_bindgen_test::*;

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
        Some("Enter an email address like name@example.com: this one has no @")
    );
    assert!(checked[3]
        .problem
        .as_deref()
        .unwrap()
        .contains("exactly one @ with something before it"));
    assert!(checked[4]
        .problem
        .as_deref()
        .unwrap()
        .contains("not a domain like example.com"));
}
