//! Power Query (M) connectors: the documentation article (drafted and checked) and
//! the submission bundle (the `.mez`, the article, the blog paragraph, the changelog,
//! with their checksums).

pub mod bundle;
pub mod docs;
