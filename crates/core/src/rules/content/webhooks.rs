//! WHK — webhook triggers and notification URLs (validator-rules.md §1.6, §7).
//!
//! Not written yet: the family is registered so that its rules, checks and cases
//! land in this file alone.

use crate::rules::Sink;

use super::definition::Definition;

rules! {}

/// WHK on one definition.
pub fn check(_sink: &mut Sink, _def: &Definition<'_>) {}

#[cfg(test)]
mod tests {
    use crate::rules::cases::Case;

    pub(super) fn cases() -> Vec<Case> {
        Vec::new()
    }
}
