//! Member email addresses and `…/users` requests.

use super::{body, missing_msg, Errors, MAX_EMAIL_BYTES, MAX_USERS_PER_REQUEST};
use crate::{SandboxUserRequest, ValidationError};

/// An email address as the contract accepts it (`schema::email` publishes
/// the same rule as a pattern): `local@domain.tld` of at most 254
/// characters, exactly one `@`, a local part of letters, digits, dots and
/// ``!#$%&*+/=?^_`{|}~-`` (no quotes, `<`, `>`, spaces or other
/// characters that need quoting in an address, so an address is safe to
/// show and to put in a header), a domain of at least two dot-separated
/// labels of letters, digits and inner hyphens. The `Err` is the message
/// shown to the user: [`EMAIL_MSG`] and what is wrong with this one.
pub fn email(address: &str) -> Result<(), String> {
    let invalid = |why: &str| Err(format!("{EMAIL_MSG}: {why}"));
    if address.len() > MAX_EMAIL_BYTES {
        return invalid(&format!(
            "this one is longer than {MAX_EMAIL_BYTES} characters"
        ));
    }
    if address.chars().any(char::is_whitespace) {
        return invalid("this one has a space in it");
    }
    let Some((local, domain)) = address.split_once('@') else {
        return invalid("this one has no @");
    };
    if local.is_empty() || domain.contains('@') {
        return invalid("it needs exactly one @ with something before it");
    }
    let allowed_in_local = |c: char| c.is_ascii_alphanumeric() || "!#$%&*+/=?^_`{|}~.-".contains(c);
    if let Some(c) = local.chars().find(|&c| !allowed_in_local(c)) {
        return invalid(&format!("the part before the @ cannot contain {c:?}"));
    }
    let is_label = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if domain.split('.').count() < 2 || !domain.split('.').all(is_label) {
        return invalid("the part after the @ is not a domain like example.com");
    }
    Ok(())
}

/// What every refused email address is told first.
pub const EMAIL_MSG: &str = "Enter an email address like name@example.com";

/// `POST` and `DELETE …/users`.
pub fn user_request(request: &SandboxUserRequest) -> Vec<ValidationError> {
    let mut errors = Errors::default();
    match request.users.len() {
        0 => errors.push(body("users"), "too_short", missing_msg("users")),
        n if n > MAX_USERS_PER_REQUEST => errors.push(
            body("users"),
            "too_long",
            format!("Send at most {MAX_USERS_PER_REQUEST} members at a time (this has {n})"),
        ),
        _ => {}
    }
    let mut seen: Vec<String> = Vec::with_capacity(request.users.len());
    for (index, user) in request.users.iter().enumerate() {
        let loc = vec!["body".into(), "users".into(), index.into(), "email".into()];
        if let Err(msg) = email(&user.email) {
            errors.push(loc, "value_error", msg);
            continue;
        }
        let folded = user.email.to_lowercase();
        if seen.contains(&folded) {
            errors.push(
                loc,
                "value_error",
                format!("{} is listed more than once: remove the repeat", user.email),
            );
        } else {
            seen.push(folded);
        }
    }
    errors.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::paths;
    use crate::SandboxUser;

    #[test]
    fn email_rules() {
        for good in [
            "ada@acme.test",
            "Ada.Lovelace+x@mail.acme-corp.co.uk",
            "a_b-c@x.io",
        ] {
            assert!(email(good).is_ok(), "{good:?} should be accepted");
        }
        for bad in [
            "",
            "ada",
            "ada@",
            "@acme.test",
            "ada@acme",
            "a b@acme.test",
            "ada@acme..test",
            "a@b@c.d",
            "<ada>@acme.test",
            "ada@acme.test>",
            "\"ada\"@acme.test",
            "o'hara@acme.test",
            "ada\u{0}@acme.test",
            "ada\u{202E}@acme.test",
            "ada@ac_me.test",
            "ada@-acme.test",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn user_request_checks_count_emails_and_duplicates() {
        let user = |email: &str| SandboxUser {
            email: email.into(),
            role: Default::default(),
        };
        assert_eq!(
            paths(&user_request(&SandboxUserRequest { users: vec![] })),
            ["users"]
        );
        let request = SandboxUserRequest {
            users: vec![user("a@x.io"), user("nope"), user("A@X.io")],
        };
        assert_eq!(
            paths(&user_request(&request)),
            ["users.1.email", "users.2.email"]
        );
        let many = SandboxUserRequest {
            users: (0..101).map(|i| user(&format!("u{i}@x.io"))).collect(),
        };
        assert_eq!(user_request(&many)[0].kind, "too_long");
    }
}
