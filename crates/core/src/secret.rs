//! The OAuth client secret: held in memory only.
//!
//! [`ClientSecret`] cannot be serialised (it implements no `Serialize`), prints as
//! `[REDACTED]` with `{:?}` and `{}`, and its buffer is zeroised on drop. The only way
//! to read it is [`ClientSecret::expose`], used to search written files for it.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// The OAuth client secret typed in the Packages tab.
pub struct ClientSecret(SecretString);

impl ClientSecret {
    /// Wraps a secret. Leading and trailing whitespace is kept: it is part of what
    /// the user typed, and the verbatim search must look for exactly that.
    pub fn new(secret: String) -> Self {
        ClientSecret(SecretString::from(secret))
    }

    /// The secret's text. Do not store or log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// True when nothing (or only whitespace) was typed.
    pub fn is_blank(&self) -> bool {
        self.expose().trim().is_empty()
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([REDACTED])")
    }
}

impl fmt::Display for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl<'de> serde::Deserialize<'de> for ClientSecret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ClientSecret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_redacted() {
        let s = ClientSecret::new("hunter2-very-secret".into());
        assert_eq!(format!("{s}"), "[REDACTED]");
        assert_eq!(format!("{s:?}"), "ClientSecret([REDACTED])");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn blank_detection() {
        assert!(ClientSecret::new("  ".into()).is_blank());
        assert!(!ClientSecret::new("x".into()).is_blank());
    }
}
