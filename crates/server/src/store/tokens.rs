//! Accounts and API tokens (stored as SHA-256).

use sandbox_api::MeAccount;
use sqlx::Row;

use super::{decode, Store, StoreError};
use crate::config::TokenCreate;
use crate::ids::{new_id, new_secret, now, sha256_hex};
use crate::principal::Principal;

impl Store {
    /// The principal behind a token's SHA-256, if any.
    pub async fn principal(&self, token_sha256: &str) -> Result<Option<Principal>, StoreError> {
        let generation = {
            let cache = self.principals.read().expect("principal cache poisoned");
            if let Some(principal) = cache.by_token_sha256.get(token_sha256) {
                return Ok(Some(principal.clone()));
            }
            cache.generation
        };
        let principal = self.load_principal(token_sha256).await?;
        if let Some(principal) = &principal {
            let mut cache = self.principals.write().expect("principal cache poisoned");
            // The database may have been reset while this one was read.
            if cache.generation == generation {
                cache
                    .by_token_sha256
                    .insert(token_sha256.into(), principal.clone());
            }
        }
        Ok(principal)
    }

    /// Forgets every cached principal, after the tokens were replaced.
    pub(crate) fn forget_principals(&self) {
        let mut cache = self.principals.write().expect("principal cache poisoned");
        cache.by_token_sha256.clear();
        cache.generation += 1;
    }

    async fn load_principal(&self, token_sha256: &str) -> Result<Option<Principal>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT t.principal_id, t.email, t.role, t.account_id, a.name AS account_name, t.sandbox_id
             FROM tokens t LEFT JOIN accounts a ON a.account_id = t.account_id
             WHERE t.token_sha256 = $1",
        )
        .bind(token_sha256)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let account_id: Option<String> = row.try_get("account_id")?;
        let account_name: Option<String> = row.try_get("account_name")?;
        Ok(Some(Principal {
            principal_id: row.try_get("principal_id")?,
            email: row.try_get("email")?,
            role: decode("role", row.try_get("role")?)?,
            account: account_id.map(|id| MeAccount {
                name: account_name.unwrap_or_else(|| id.clone()),
                id,
            }),
            acting_in_sandbox: row.try_get("sandbox_id")?,
        }))
    }

    /// `sandboxd token create`: a new random token, stored hashed, returned once.
    pub async fn create_token(&self, request: &TokenCreate) -> Result<String, StoreError> {
        let token = new_secret("sbxt_");
        let mut tx = self.begin().await?;
        if let Some(account_id) = &request.account {
            let at = now();
            sqlx::query(
                "INSERT INTO accounts (account_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (account_id) DO NOTHING",
            )
            .bind(account_id)
            .bind(account_id)
            .bind(&at)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO tokens (token_sha256, principal_id, email, role, account_id, sandbox_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(new_id("prn"))
        .bind(request.email.to_lowercase())
        .bind(request.role.as_str())
        .bind(&request.account)
        .bind(&request.sandbox)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token)
    }
}
