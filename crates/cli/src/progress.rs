//! A progress bar on stderr, shown only when stderr is a terminal.

use std::io::IsTerminal;

use certpack_core::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// Renders [`Progress`] events; silent when stderr is not a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar, unless `hidden` or stderr is not a terminal.
    pub fn new(hidden: bool) -> Self {
        if hidden || !std::io::stderr().is_terminal() {
            return Bar { bar: None };
        }
        let bar = ProgressBar::new(0);
        let style =
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {bytes}/{total_bytes} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        Bar { bar: Some(bar) }
    }

    /// One event.
    pub fn event(&mut self, ev: Progress) {
        let Some(bar) = &self.bar else { return };
        match ev {
            Progress::Phase { name, total } => {
                bar.set_prefix(name);
                bar.set_length(total);
                bar.set_position(0);
            }
            Progress::Bytes { done, entry } => {
                bar.set_position(done);
                bar.set_message(entry);
            }
        }
    }

    /// Clears the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
