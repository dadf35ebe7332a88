//! What a view can ask of the app: the [`Command`]s, the queue they are sent to, and the
//! small vocabularies they are said in (which stream to follow, which statistic, which
//! packets to save...). Views and the app both read this module; it reads neither, so a
//! view never needs the app to ask it for something.

use crate::capture::save::SaveFormat;
use std::path::PathBuf;

/// Everything a view can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Open(PathBuf),
    /// Edit ▸ Preferences ▸ Protocols: pick the TLS key log file.
    KeyLogDialog,
    /// Use this TLS key log file (None: none) and analyse the open capture again.
    SetKeyLog(Option<PathBuf>),
    OpenDialog,
    Close,
    CancelLoad,
    Select(u32),
    /// A click on a packet list row: select it where it is (no scrolling).
    ClickRow(u32),
    /// Move the selection by this many rows in display order (negative = up).
    Move(i64),
    SelectFirst,
    SelectLast,
    GoToDialog,
    SelectField(Option<Vec<usize>>),
    /// Expand the selected field's parents in the tree and scroll it into view (after a
    /// click on its bytes).
    RevealField,
    SelectSource(usize),
    SetTimeFormat(TimeFormat),
    /// Edit ▸ Mark/Unmark Packet (Ctrl+M) on the selected packet.
    ToggleMark,
    UnmarkAll,
    /// Edit ▸ Next Mark / Previous Mark: select the next (true) or previous marked packet.
    NextMark(bool),
    /// Edit ▸ Set/Unset Time Reference (Ctrl+T) on the selected packet.
    ToggleTimeRef,
    UnsetTimeRefs,
    /// Edit ▸ Find Packet (Ctrl+F): show the find bar.
    FindDialog,
    /// Analyze ▸ Decode As.
    DecodeAsDialog,
    /// Edit ▸ Packet Comment: edit the selected packet's comment.
    EditComment,
    /// Set (Some) or delete (None) a packet's comment.
    SetComment(u32, Option<String>),
    /// View ▸ Coloring Rules.
    ColoringRulesDialog,
    /// Edit ▸ Preferences.
    PreferencesDialog,
    /// Edit ▸ Ignore/Unignore Packet (Ctrl+D): the file is analysed again without it.
    ToggleIgnore,
    UnignoreAll,
    /// Analyse the open file again (after Decode As or ignoring changed what it means),
    /// keeping the selection, marks, comments and the display filter.
    Reanalyse,
    /// File ▸ Merge: ask for the file to merge with the open one.
    MergeDialog,
    /// Merge this file with the open one (chronologically) and open the result.
    MergeWith(PathBuf),
    /// A tree field's Apply as Column: a custom column showing this field.
    AddColumn(String),
    /// A custom column's header menu: show another field, or remove the column.
    EditColumn(usize, String),
    RemoveColumn(usize),
    ToggleColoring,
    /// View ▸ Name Resolution: MAC vendor names (true) or transport port names (false).
    ToggleNames(bool),
    ToggleColumn(usize),
    SortBy(usize),
    SetDark(bool),
    /// View ▸ Explain: show or hide the Explain pane.
    ToggleExplain,
    /// View ▸ Language.
    SetLang(crate::i18n::Lang),
    /// File ▸ Open Example ▸ An HTTP page load: the demo capture with the walk-through.
    OpenExample,
    /// The walk-through: this many stops on (0 shows the current one again).
    TourStep(i64),
    EndTour,
    Copy(String),
    /// Apply a display filter (empty: show everything).
    ApplyFilter(String),
    /// Put a filter in the bar without applying it.
    PrepareFilter(String),
    ClearFilter,
    /// Follow the selected packet's TCP or HTTP stream.
    Follow(FollowKind),
    /// Close the Follow window; `true` restores the filter it replaced (Back).
    CloseFollow(bool),
    SaveFollow,
    /// Statistics ▸ Flow Graph: all TCP (`None`) or one stream.
    FlowGraph(Option<u32>),
    /// Save the flow graph as SVG, PNG or text in tshark's `-z flow` layout.
    SaveFlow(FlowExport),
    /// A statistics window (Conversations, Endpoints, Protocol Hierarchy, Expert
    /// Information, the HTTP trees, Export Objects).
    Stats(StatKind),
    /// Statistics ▸ I/O Graph.
    IoGraph,
    /// Save the I/O graph (CSV, SVG or PNG by the name's extension).
    SaveIoGraph,
    /// Statistics ▸ TCP Stream Graphs for the selected packet's stream.
    TcpGraph(TcpGraphKind),
    /// Statistics ▸ HTTP ▸ Waterfall.
    Waterfall,
    /// Capture ▸ Options.
    CaptureOptions,
    /// Start a live capture with the chosen options (Ctrl+E).
    StartCapture,
    StopCapture,
    /// Stop and start again with the same options (Ctrl+R).
    RestartCapture,
    /// Keep the newest packet in view during a capture (or stop doing so).
    FollowTail(bool),
    /// File ▸ Save / Save As: the window with the format and packet choices.
    SaveDialog,
    /// Ask where to save.
    SavePick,
    /// The user cancelled choosing where to save: what was to follow the save is dropped.
    SavePickCancelled,
    /// Write the capture (all or displayed packets) to a file.
    SaveTo(PathBuf, SaveFormat, PacketSet),
    /// The answer to "save the captured packets first?".
    Answer(Answer),
    /// Show a message that needs reading (a window's work failed).
    Notice(String),
    /// Capture ▸ Refresh Interfaces: list the interfaces again.
    RefreshInterfaces,
    /// Help ▸ Keyboard Shortcuts or About.
    Help(Help),
    /// The find bar's Find: the next (true) or previous match from the selected packet.
    FindNext(bool),
    /// Compute statistics window `i` again (its "Limit to display filter" changed).
    ReloadStats(usize),
    /// Export Objects: save one object of window `i` (its row), or all of them (None).
    SaveObjects(usize, Option<usize>),
    /// What the rows show changed (colouring rules): format them again.
    RowsChanged,
    /// Preferences: the system's file dialogs (true) or Fathom's own.
    SetNativeDialogs(bool),
    Quit,
}

/// The queue views send [`Command`]s to. Sending takes shared access only, so a view
/// that reads the app's shared state can send at the same time; the app drains the queue
/// once a frame, after every view is drawn, and is the only one that changes its state.
#[derive(Default)]
pub struct Commands(std::cell::RefCell<Vec<Command>>);

impl Commands {
    pub fn push(&self, c: Command) {
        self.0.borrow_mut().push(c);
    }

    pub fn extend(&self, cs: impl IntoIterator<Item = Command>) {
        self.0.borrow_mut().extend(cs);
    }

    /// Everything sent so far, in order; the queue is empty afterwards.
    pub fn take(&self) -> Vec<Command> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    SinceStart,
    SincePrevious,
    Utc,
    TimeOfDay,
    Epoch,
}

impl TimeFormat {
    pub const ALL: [TimeFormat; 5] = [
        TimeFormat::SinceStart,
        TimeFormat::SincePrevious,
        TimeFormat::Utc,
        TimeFormat::TimeOfDay,
        TimeFormat::Epoch,
    ];
    /// The format's name, as a message id.
    pub fn name(self) -> &'static str {
        match self {
            TimeFormat::SinceStart => "time-since-start",
            TimeFormat::SincePrevious => "time-since-previous",
            TimeFormat::Utc => "time-utc",
            TimeFormat::TimeOfDay => "time-of-day",
            TimeFormat::Epoch => "time-epoch",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            TimeFormat::SinceStart => "start",
            TimeFormat::SincePrevious => "prev",
            TimeFormat::Utc => "utc",
            TimeFormat::TimeOfDay => "tod",
            TimeFormat::Epoch => "epoch",
        }
    }
}

/// The Help menu's windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Help {
    Shortcuts,
    About,
}

/// Which stream Follow shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowKind {
    Tcp,
    Http,
}

/// What the flow graph's "Save as" writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowExport {
    Svg,
    Png,
    Text,
}

/// Which TCP stream graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpGraphKind {
    Stevens,
    Tcptrace,
    Throughput,
    Rtt,
    Window,
}

impl TcpGraphKind {
    pub const ALL: [TcpGraphKind; 5] = [
        TcpGraphKind::Stevens,
        TcpGraphKind::Tcptrace,
        TcpGraphKind::Throughput,
        TcpGraphKind::Rtt,
        TcpGraphKind::Window,
    ];
    /// The graph's name, as a message id.
    pub fn name(self) -> &'static str {
        match self {
            TcpGraphKind::Stevens => "tg-stevens",
            TcpGraphKind::Tcptrace => "tg-tcptrace",
            TcpGraphKind::Throughput => "tg-throughput",
            TcpGraphKind::Rtt => "tg-rtt",
            TcpGraphKind::Window => "tg-window",
        }
    }
}

/// The user's answer to the unsaved-packets question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
}

/// Which packets File ▸ Save As / Export Specified Packets writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PacketSet {
    All,
    /// Those the display filter shows.
    Displayed,
    Marked,
    Selected,
    /// Frame numbers as Wireshark writes a range: `1-10,15,20-`.
    Range(String),
}

/// Which statistic a window shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatKind {
    Conversations,
    Endpoints,
    Hierarchy,
    Expert,
    HttpCounter,
    HttpRequests,
    HttpLoad,
    HttpSequences,
    Http2,
    Objects,
}

impl StatKind {
    /// The window's title, as a message id.
    pub fn title(self) -> &'static str {
        match self {
            StatKind::Conversations => "stats-conversations",
            StatKind::Endpoints => "stats-endpoints",
            StatKind::Hierarchy => "stats-hierarchy",
            StatKind::Expert => "stats-expert",
            StatKind::HttpCounter => "stats-http-counter",
            StatKind::HttpRequests => "stats-http-requests",
            StatKind::HttpLoad => "stats-http-load",
            StatKind::HttpSequences => "stats-http-sequences",
            StatKind::Http2 => "stats-http2",
            StatKind::Objects => "stats-objects",
        }
    }
}
