//! A pasted list of email addresses, split and checked before anything is
//! sent: people paste from spreadsheets, mail headers and chat, so commas,
//! semicolons, spaces and line breaks all separate addresses.

use sandbox_api::validate;

/// The addresses in `text`: split on commas, semicolons and any white space,
/// empties dropped, and a repeat of an address already listed (compared
/// without regard to case, as the API does) dropped, keeping the first
/// spelling.
pub fn parse_email_list(text: &str) -> Vec<String> {
    let mut addresses: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for address in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        if address.is_empty() {
            continue;
        }
        let folded = address.to_lowercase();
        if !seen.contains(&folded) {
            seen.push(folded);
            addresses.push(address.to_owned());
        }
    }
    addresses
}

/// One parsed address and, if the API would refuse it, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedAddress {
    pub email: String,
    pub problem: Option<String>,
}

impl CheckedAddress {
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// Every address in `text`, each checked with the contract's email rule.
pub fn check_email_list(text: &str) -> Vec<CheckedAddress> {
    parse_email_list(text)
        .into_iter()
        .map(|email| {
            let problem = validate::email(&email).err();
            CheckedAddress { email, problem }
        })
        .collect()
}
