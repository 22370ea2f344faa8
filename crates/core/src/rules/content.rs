//! Content rules on one connector's files (swagger, properties, icon, script,
//! README, intro.md): the entry point the checks call for every connector, from a
//! source folder or from inside a solution. Reading problems (JSON-01…03, FILE-01/02)
//! are reported when the files are loaded ([`crate::connector`]).

use crate::check::CheckOptions;
use crate::connector::ConnectorFiles;

use super::Sink;

/// Runs every content rule family on `files`.
pub fn check(_sink: &mut Sink, _files: &ConnectorFiles, _opts: &CheckOptions) {}
