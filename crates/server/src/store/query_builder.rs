//! SQL built piece by piece with its bound values, for both engines.
//!
//! sqlx's own `QueryBuilder<Any>` writes `?` for every bound value, which
//! PostgreSQL refuses. This one writes numbered placeholders (`$1`, `$2`,
//! …), which PostgreSQL and SQLite both read, and otherwise offers the part
//! of sqlx's interface the store uses (`push`, `push_bind`, `separated`,
//! `push_values`, `build`, `build_query_scalar`).

use std::fmt::{Display, Write};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryScalar};
use sqlx::{Any, Arguments, Encode, Type};

pub(crate) struct QueryBuilder<'args> {
    sql: String,
    arguments: AnyArguments<'args>,
}

impl<'args> QueryBuilder<'args> {
    pub(crate) fn new(init: impl Into<String>) -> Self {
        QueryBuilder {
            sql: init.into(),
            arguments: AnyArguments::default(),
        }
    }

    /// Appends SQL text as it is.
    pub(crate) fn push(&mut self, sql: impl Display) -> &mut Self {
        write!(self.sql, "{sql}").expect("writing to a String cannot fail");
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any>,
    {
        // Any's encoders only copy the value into the buffer; they cannot fail.
        self.arguments
            .add(value)
            .expect("encoding a value for the Any driver");
        let n = self.arguments.len();
        self.push(format_args!("${n}"))
    }

    /// Pushes with `separator` between the pieces (not before the first).
    pub(crate) fn separated<'b>(&'b mut self, separator: &'static str) -> Separated<'b, 'args> {
        Separated {
            builder: self,
            separator,
            first: true,
        }
    }

    /// ` VALUES (…), (…)`: one parenthesised row per item, each filled by `row`.
    pub(crate) fn push_values<I>(
        &mut self,
        items: I,
        mut row: impl FnMut(Separated<'_, 'args>, I::Item),
    ) -> &mut Self
    where
        I: IntoIterator,
    {
        self.push(" VALUES ");
        for (n, item) in items.into_iter().enumerate() {
            if n > 0 {
                self.push(", ");
            }
            self.push("(");
            row(self.separated(", "), item);
            self.push(")");
        }
        self
    }

    /// The query so far, with its bound values moved into it.
    pub(crate) fn build(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.sql, std::mem::take(&mut self.arguments))
    }

    /// The query so far, read as its first column.
    pub(crate) fn build_query_scalar<O>(&mut self) -> QueryScalar<'_, Any, O, AnyArguments<'_>>
    where
        (O,): for<'r> sqlx::FromRow<'r, AnyRow>,
    {
        sqlx::query_scalar_with(&self.sql, std::mem::take(&mut self.arguments))
    }

    /// The SQL text so far (tests look at plans with it).
    #[cfg(test)]
    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }
}

/// Pieces of one list, each after a separator but the first.
pub(crate) struct Separated<'b, 'args> {
    builder: &'b mut QueryBuilder<'args>,
    separator: &'static str,
    first: bool,
}

impl<'args> Separated<'_, 'args> {
    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.builder.push(self.separator);
        }
    }

    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any>,
    {
        self.separate();
        self.builder.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::QueryBuilder;

    #[test]
    fn placeholders_are_numbered_across_pushes_rows_and_lists() {
        let mut sql = QueryBuilder::new("INSERT INTO t (a, b)");
        sql.push_values([(1_i64, "x"), (2, "y")], |mut row, (a, b)| {
            row.push_bind(a).push_bind(b);
        });
        sql.push(" WHERE c IN (");
        sql.separated(", ").push_bind("p").push_bind("q");
        sql.push(")");
        assert_eq!(
            sql.sql(),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) WHERE c IN ($5, $6)"
        );
    }
}
