//! A pasted list of email addresses, split and checked before anything is
//! sent: people paste from spreadsheets, mail headers and chat, so commas,
//! semicolons, spaces and line breaks all separate addresses.

use sandbox_api::validate::{self, MAX_USERS_PER_REQUEST};

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

/// Why a list of addresses cannot be sent as it is, if it cannot (the
/// members tab's add form and the list's bulk "Add members").
pub fn add_blocker(addresses: &[CheckedAddress]) -> Option<String> {
    let invalid = addresses
        .iter()
        .filter(|address| !address.is_valid())
        .count();
    if addresses.is_empty() {
        Some("Paste at least one address.".to_owned())
    } else if invalid > 0 {
        let (are, them) = if invalid == 1 {
            ("address is", "it")
        } else {
            ("addresses are", "them")
        };
        Some(format!("{invalid} {are} not valid: correct or remove {them}. Nothing is sent while any address is invalid."))
    } else if addresses.len() > MAX_USERS_PER_REQUEST {
        Some(format!(
            "At most {MAX_USERS_PER_REQUEST} addresses at a time ({} pasted).",
            addresses.len()
        ))
    } else {
        None
    }
}
