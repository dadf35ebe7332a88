//! The window's settings as one serde value, kept by eframe's storage under one key as JSON.
//!
//! Every field has a default (`#[serde(default)]`), so a file written before a setting
//! existed still reads, and a setting a later version drops is ignored. A value that does not
//! parse is said in the window and the defaults are used; settings saved by versions before
//! this one (a key per setting, in lines and tabs) are read once through
//! [`Settings::from_keys`] and saved in this form on exit.

use super::coloring::Rule;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The storage key the settings are saved under.
pub const KEY: &str = "fathom.settings";

/// Everything the window remembers between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    /// Colour the packet list.
    pub coloring: bool,
    /// Show the Explain pane.
    pub explain: bool,
    /// The window's language ("en", "zh", "ja"); none: the system's.
    pub lang: Option<String>,
    /// View ▸ Time Display Format, by its key.
    pub time_format: String,
    /// Which of the packet list's standard columns are shown, in their order.
    pub columns: Vec<bool>,
    /// Columns added from tree fields, by field name.
    pub custom_columns: Vec<String>,
    /// The user's colouring rules, tried before Wireshark's defaults.
    pub coloring_rules: Vec<Rule>,
    /// Analyze ▸ Decode As, as tshark's `-d` arguments.
    pub decode_as: Vec<String>,
    /// The TLS key log file.
    pub tls_keylog: Option<PathBuf>,
    pub capture: CaptureSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent: Vec::new(),
            dark: false,
            coloring: true,
            explain: true,
            lang: None,
            time_format: String::new(),
            columns: Vec::new(),
            custom_columns: Vec::new(),
            coloring_rules: Vec::new(),
            decode_as: Vec::new(),
            tls_keylog: None,
            capture: CaptureSettings::default(),
        }
    }
}

/// The capture dialog's choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaptureSettings {
    pub interfaces: Vec<String>,
    pub filter: String,
    pub snaplen: u32,
    pub promisc: bool,
    pub buffer_mb: u32,
    /// Each stop condition: (on, value).
    pub stop_packets: (bool, u64),
    pub stop_megabytes: (bool, u64),
    pub stop_seconds: (bool, u64),
    pub ring: Ring,
}

/// A ring of capture files beside the capture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ring {
    pub on: bool,
    /// The first file's path; the others are numbered beside it. Empty: the temporary folder.
    pub path: String,
    pub megabytes: u64,
    pub files: u64,
}

impl Default for CaptureSettings {
    fn default() -> Self {
        CaptureSettings {
            interfaces: Vec::new(),
            filter: String::new(),
            snaplen: 262_144,
            promisc: true,
            buffer_mb: 4,
            stop_packets: (false, 1000),
            stop_megabytes: (false, 100),
            stop_seconds: (false, 60),
            ring: Ring::default(),
        }
    }
}

impl Default for Ring {
    fn default() -> Self {
        Ring {
            on: false,
            path: String::new(),
            megabytes: 100,
            files: 5,
        }
    }
}

impl Settings {
    /// The settings in `get`'s storage: this form under [`KEY`], else the keys of earlier
    /// versions, else the defaults; `Err` says why the saved value could not be read.
    pub fn load(get: impl Fn(&str) -> Option<String>) -> Result<Settings, String> {
        match get(KEY) {
            Some(json) => serde_json::from_str(&json).map_err(|e| e.to_string()),
            None => Ok(Settings::from_keys(&get)),
        }
    }

    /// The settings as saved.
    pub fn to_json(&self) -> String {
        // a value of plain fields: serialising it cannot fail
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Settings saved by earlier versions, a key per setting (missing keys keep defaults).
    pub fn from_keys(get: &dyn Fn(&str) -> Option<String>) -> Settings {
        let mut s = Settings::default();
        let lines = |v: String| -> Vec<String> {
            v.lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        };
        let on = |k: &str| get(k).map(|v| v != "0");
        if let Some(r) = get("recent") {
            s.recent = lines(r).into_iter().map(PathBuf::from).collect();
        }
        if let Some(d) = get("dark") {
            s.dark = d == "1";
        }
        if let Some(c) = on("coloring") {
            s.coloring = c;
        }
        if let Some(e) = on("explain") {
            s.explain = e;
        }
        s.lang = get("lang");
        s.time_format = get("time_format").unwrap_or_default();
        s.custom_columns = get("custom_columns").map(lines).unwrap_or_default();
        s.columns = get("columns")
            .map(|c| c.chars().map(|ch| ch == '1').collect())
            .unwrap_or_default();
        s.coloring_rules = get("coloring_rules")
            .map(|c| super::coloring::from_setting(&c))
            .unwrap_or_default();
        s.decode_as = get("decode_as")
            .map(|d| {
                d.split(';')
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        s.tls_keylog = get("tls_keylog")
            .filter(|k| !k.is_empty())
            .map(PathBuf::from);
        s.capture = CaptureSettings::from_keys(get);
        s
    }
}

impl CaptureSettings {
    fn from_keys(get: &dyn Fn(&str) -> Option<String>) -> CaptureSettings {
        let mut c = CaptureSettings::default();
        if let Some(v) = get("capture.interfaces") {
            c.interfaces = v
                .split('\n')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(v) = get("capture.filter") {
            c.filter = v;
        }
        let num = |k: &str| get(k).and_then(|v| v.parse::<u64>().ok());
        if let Some(v) = num("capture.snaplen") {
            c.snaplen = v.min(u32::MAX as u64) as u32;
        }
        if let Some(v) = get("capture.promisc") {
            c.promisc = v != "0";
        }
        if let Some(v) = num("capture.buffer_mb") {
            c.buffer_mb = v.min(u32::MAX as u64) as u32;
        }
        let pair = |k: &str, p: &mut (bool, u64)| {
            if let Some((on, n)) = get(k).as_deref().and_then(|v| v.split_once(':')) {
                p.0 = on == "1";
                if let Ok(n) = n.parse() {
                    p.1 = n;
                }
            }
        };
        pair("capture.stop_packets", &mut c.stop_packets);
        pair("capture.stop_megabytes", &mut c.stop_megabytes);
        pair("capture.stop_seconds", &mut c.stop_seconds);
        if let Some(v) = get("capture.ring") {
            if let [on, size, files, path] = v.splitn(4, '\n').collect::<Vec<_>>()[..] {
                c.ring = Ring {
                    on: on == "1",
                    path: path.to_string(),
                    megabytes: size.parse().unwrap_or(100),
                    files: files.parse().unwrap_or(5),
                };
            }
        }
        c
    }
}

/// Colours as `#rrggbb` in the settings file.
pub mod hex_color {
    use egui::Color32;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(c: &Color32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Color32, D::Error> {
        let s = String::deserialize(d)?;
        super::super::coloring::color(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is no #rrggbb colour")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn settings_round_trip_and_missing_fields_take_defaults() {
        let mut s = Settings {
            dark: true,
            lang: Some("ja".into()),
            recent: vec!["/tmp/a.pcap".into()],
            decode_as: vec!["tcp.port==8000,http".into()],
            ..Default::default()
        };
        s.capture.ring.on = true;
        s.coloring_rules.push(Rule {
            enabled: true,
            name: "gets".into(),
            filter: "http.request".into(),
            bg: egui::Color32::from_rgb(1, 2, 3),
            fg: egui::Color32::WHITE,
        });
        let json = s.to_json();
        assert!(json.contains("\"#010203\""), "{json}");
        assert_eq!(Settings::load(|_| Some(json.clone())), Ok(s));
        // a file from before a setting existed: the rest read, the new one its default
        let old =
            Settings::load(|_| Some(r#"{"dark": true, "capture": {"filter": "port 80"}}"#.into()));
        let old = old.unwrap_or_else(|e| panic!("{e}"));
        assert!(old.dark && old.coloring && old.explain);
        assert_eq!(old.capture.filter, "port 80");
        assert_eq!(old.capture.snaplen, CaptureSettings::default().snaplen);
    }

    #[test]
    fn a_value_that_does_not_parse_is_an_error() {
        let why = Settings::load(|_| Some("{\"dark\": 7}".into())).unwrap_err();
        assert!(why.contains("dark") || why.contains("bool"), "{why}");
        let bad_colour = r##"{"coloring_rules": [{"enabled": true, "name": "x", "filter": "tcp", "bg": "#12", "fg": "#ffffff"}]}"##;
        assert!(Settings::load(|_| Some(bad_colour.into())).is_err());
    }

    #[test]
    fn the_keys_of_earlier_versions_are_read() {
        let keys: HashMap<&str, &str> = [
            ("recent", "/a.pcap\n/b.pcap"),
            ("dark", "1"),
            ("coloring", "0"),
            ("lang", "zh"),
            ("columns", "101"),
            ("decode_as", "tcp.port==8000,http;tcp.port==9000-9010,http"),
            ("coloring_rules", "1\t010203\tffffff\tgets\thttp.request"),
            ("capture.stop_packets", "1:50"),
            ("capture.ring", "1\n10\n3\n/tmp/ring.pcapng"),
        ]
        .into_iter()
        .collect();
        let s = Settings::load(|k| keys.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(
            s.recent,
            vec![PathBuf::from("/a.pcap"), PathBuf::from("/b.pcap")]
        );
        assert!(s.dark && !s.coloring && s.explain);
        assert_eq!(s.lang.as_deref(), Some("zh"));
        assert_eq!(s.columns, vec![true, false, true]);
        assert_eq!(s.decode_as.len(), 2);
        assert_eq!(s.coloring_rules[0].name, "gets");
        assert_eq!(s.capture.stop_packets, (true, 50));
        assert_eq!(
            s.capture.ring,
            Ring {
                on: true,
                path: "/tmp/ring.pcapng".into(),
                megabytes: 10,
                files: 3
            }
        );
    }
}
