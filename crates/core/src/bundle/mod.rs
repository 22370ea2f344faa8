//! Bundle: plan, preview, write atomically, verify.
