//! EXT — the `x-ms-*` extensions: dynamic values and schema, enums, paging, families, annotations (validator-rules.md §1.5, §1.6, §5).
//!
//! Not written yet: the family is registered so that its rules, checks and cases
//! land in this file alone.

use crate::rules::Sink;

use super::definition::Definition;

rules! {}

/// EXT on one definition.
pub fn check(_sink: &mut Sink, _def: &Definition<'_>) {}

#[cfg(test)]
mod tests {
    use crate::rules::cases::Case;

    pub(super) fn cases() -> Vec<Case> {
        Vec::new()
    }
}
