//! Identifiers, timestamps, secrets and hashes.

use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Crockford's base32, as ULIDs use.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new id like `sbx_01JD8X3Q5T9R2M7K4B6N0C1VFE`: the prefix and a ULID
/// (48 bits of milliseconds, 80 random bits), so ids sort by creation time.
pub fn new_id(prefix: &str) -> String {
    let millis = now_ms() as u128;
    let random = u128::from_le_bytes(random_bytes::<16>()) >> 48;
    let value = (millis << 80) | random;
    let mut id = String::with_capacity(prefix.len() + 27);
    id.push_str(prefix);
    id.push('_');
    for i in (0..26).rev() {
        id.push(CROCKFORD[((value >> (i * 5)) & 31) as usize] as char);
    }
    id
}

/// `n` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the OS random source is unavailable");
    bytes
}

/// A uniformly random number in [0, 1).
pub fn random_share() -> f64 {
    let bits = u64::from_le_bytes(random_bytes::<8>()) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// A new secret: `prefix` and 32 OS-random bytes in hex.
pub fn new_secret(prefix: &str) -> String {
    format!("{prefix}{}", hex(&random_bytes::<32>()))
}

/// SHA-256 in lower-case hex: how tokens and webhook secrets are stored.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock before 1970")
        .as_millis() as i64
}

/// Now as the contract writes timestamps: RFC 3339, UTC, whole seconds.
pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// `at` as RFC 3339, UTC, whole seconds (`2026-11-07T05:31:56Z`).
pub fn timestamp(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .expect("a UTC time formats as RFC 3339")
}

/// Unix milliseconds as the contract writes timestamps (whole seconds).
pub fn timestamp_of_ms(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    timestamp(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_ulids() {
        let a = new_id("sbx");
        let b = new_id("sbx");
        assert!(a.starts_with("sbx_") && a.len() == 30, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn secrets_are_random_and_hash_to_hex() {
        let secret = new_secret("whsec_");
        assert_eq!(secret.len(), "whsec_".len() + 64);
        assert_ne!(secret, new_secret("whsec_"));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn timestamps_are_whole_seconds_utc() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_794_029_516_123_456_789).unwrap();
        assert_eq!(timestamp(at), "2026-11-07T05:31:56Z");
    }
}
