//! SWG — the document's shape: Swagger 2.0 members, keyword types, required members, security (SWG-10…16, validator-rules.md §5, §7).
//!
//! Not written yet: the family is registered so that its rules, checks and cases
//! land in this file alone.

use crate::rules::Sink;

use super::definition::Definition;

rules! {}

/// SWG on one definition.
pub fn check(_sink: &mut Sink, _def: &Definition<'_>) {}

#[cfg(test)]
mod tests {
    use crate::rules::cases::Case;

    pub(super) fn cases() -> Vec<Case> {
        Vec::new()
    }
}
