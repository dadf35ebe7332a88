//! What every view may read: the open capture, the selection and its dissection, the look
//! and language of the window, and the queue to send [`Command`]s to. The app owns one
//! [`Shared`] beside each view's own state and lends it to every view by shared reference;
//! a view changes only its own state and asks for anything else with a command. This module
//! reads neither the app nor any view, so the views never import the app.

use super::command::{Command, Commands, TimeFormat};
use crate::dissect::Dissection;
use crate::i18n::Lang;
use crate::session::Session;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// The full dissection of the selected frame.
pub struct Detail {
    pub frame: u32,
    pub bytes: Vec<u8>,
    pub dis: Dissection,
}

/// What the packet list shows: the display filter in force, the frames it kept and the
/// order they are shown in (which the flow graph, the statistics, Save and the status bar
/// read too).
#[derive(Default)]
pub struct Display {
    /// The display filter the list shows (None: every frame).
    pub filter: Option<String>,
    /// The frames the display filter kept (in frame order), when one is applied.
    pub filtered: Option<Arc<Vec<u32>>>,
    /// The displayed frames in display order when filtered or sorted: order.0[i] is the frame
    /// shown at row i; order.1[frame - 1] is its row (u32::MAX when not displayed).
    pub order: Option<Arc<(Vec<u32>, Vec<u32>)>>,
}

impl Display {
    /// The display row of a frame (None when the filter hides it).
    pub fn row_of(&self, frame: u32) -> Option<usize> {
        match &self.order {
            Some(o) => {
                o.1.get(frame.checked_sub(1)? as usize)
                    .copied()
                    .filter(|&r| r != u32::MAX)
                    .map(|r| r as usize)
            }
            None => frame.checked_sub(1).map(|f| f as usize),
        }
    }

    /// The frame at display row `i`.
    pub fn frame_at(&self, i: usize) -> u32 {
        match &self.order {
            Some(o) => o.0.get(i).copied().unwrap_or(i as u32 + 1),
            None => i as u32 + 1,
        }
    }

    /// How many rows the list shows, of `total` frames.
    pub fn rows(&self, total: usize) -> usize {
        self.order.as_ref().map_or(total, |o| o.0.len())
    }
}

pub struct Shared {
    pub session: Option<Session>,
    /// What the packet list shows.
    pub display: Display,
    /// Why the last file could not be opened (shown on the welcome page and the status bar).
    pub error: Option<String>,
    pub selected: Option<u32>,
    /// The packet list should bring the selection into view once.
    pub scroll_to_selected: bool,
    pub detail: Option<Detail>,
    /// The selected tree field, as its path of child indices.
    pub selected_field: Option<Vec<usize>>,
    /// Which data source (frame bytes, reassembled, decrypted...) the hex view shows.
    pub source_tab: usize,
    /// The hex view should bring the selected field's bytes into view.
    pub hex_scroll: bool,
    /// Scroll the tree to the selected field once.
    pub tree_scroll: bool,
    pub time_format: TimeFormat,
    /// Marked packets (Ctrl+M), drawn black on white as Wireshark draws them.
    pub marked: BTreeSet<u32>,
    /// Time references (Ctrl+T): times since the beginning count from the latest one.
    pub time_refs: BTreeSet<u32>,
    /// View ▸ Colorize Packet List.
    pub coloring: bool,
    /// Ignored packets (Ctrl+D).
    pub ignored: BTreeSet<u32>,
    pub dark: bool,
    /// View ▸ Language: the language of the window and of the explanations.
    pub lang: Lang,
    /// File ▸ Open Recent.
    pub recent: Vec<PathBuf>,
    /// Set while a test drives the app: loads synchronously, no native dialogs.
    pub headless: bool,
    /// Commands the views sent this frame, applied after they are drawn.
    pub commands: Commands,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            session: None,
            display: Display::default(),
            error: None,
            selected: None,
            scroll_to_selected: false,
            detail: None,
            selected_field: None,
            source_tab: 0,
            hex_scroll: false,
            tree_scroll: false,
            time_format: TimeFormat::SinceStart,
            marked: BTreeSet::new(),
            time_refs: BTreeSet::new(),
            coloring: true,
            ignored: BTreeSet::new(),
            dark: false,
            lang: Lang::from_env(),
            recent: Vec::new(),
            headless: false,
            commands: Commands::default(),
        }
    }
}

impl Shared {
    /// Sends a command (applied once the views are drawn); shared access is enough.
    pub fn push(&self, c: Command) {
        self.commands.push(c);
    }

    /// The message `id` in the window's language.
    pub fn tr(&self, id: &str) -> String {
        crate::i18n::tr(self.lang, id)
    }

    /// The message `id` with its arguments, in the window's language.
    pub fn tr_args(&self, id: &str, args: &[(&str, crate::i18n::ArgValue)]) -> String {
        crate::i18n::tr_args(self.lang, id, args)
    }

    /// How many rows the packet list shows.
    pub fn displayed(&self) -> usize {
        self.display.rows(self.frame_count() as usize)
    }

    /// Frames in the analysis so far.
    pub fn frame_count(&self) -> u32 {
        self.session
            .as_ref()
            // (through the session, so that a loading worker steps aside for it)
            .map(|s| s.read().frames.len() as u32)
            .unwrap_or(0)
    }
}
