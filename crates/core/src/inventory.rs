//! Inventory of every entry at every level.
