//! Translations: Fluent message files for English, Simplified Chinese and Japanese, embedded
//! in the binary (`assets/i18n/*.ftl`). A message missing in Chinese or Japanese falls back
//! to English (a test keeps every file complete). Field names and filter syntax are never
//! translated.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A language Fathom speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Ja];

    /// Message `id` in this language (see [`tr`]).
    pub fn tr(self, id: &str) -> String {
        tr(self, id)
    }

    /// Message `id` in this language with its arguments (see [`tr_args`]).
    pub fn tr_args(self, id: &str, args: &[(&str, ArgValue)]) -> String {
        tr_args(self, id, args)
    }

    /// The code `--lang` takes and the settings store.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, as a menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
            Lang::Ja => "日本語",
        }
    }

    /// A language from a code or a locale (`zh`, `zh_CN.UTF-8`, `ja-JP`, `en_US`).
    pub fn parse(s: &str) -> Option<Lang> {
        let l = s.trim().to_ascii_lowercase();
        let primary = l.split(['_', '-', '.', '@']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|x| x.code() == primary)
    }

    /// The language of the system locale (`LC_ALL`, `LC_MESSAGES`, then `LANG`, as POSIX
    /// orders them), English when it names none Fathom speaks.
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|k| std::env::var(k).ok())
    }

    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(k).filter(|v| !v.is_empty()) {
                return Lang::parse(&v).unwrap_or(Lang::En);
            }
        }
        Lang::En
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../../../assets/i18n/en.ftl"),
            Lang::Zh => include_str!("../../../../assets/i18n/zh.ftl"),
            Lang::Ja => include_str!("../../../../assets/i18n/ja.ftl"),
        }
    }

    fn tag(self) -> unic_langid::LanguageIdentifier {
        let tag = match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
            Lang::Ja => "ja-JP",
        };
        tag.parse().unwrap_or_default()
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 3]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| Lang::ALL.map(build));
    &all[lang as usize]
}

fn build(lang: Lang) -> Bundle {
    let mut b = FluentBundle::new_concurrent(vec![lang.tag()]);
    // no Unicode isolation marks around arguments: the text goes to terminals and tests
    b.set_use_isolating(false);
    // (the files are part of the program and tested to parse; a broken entry is skipped)
    let res = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    b.add_resource_overriding(res);
    b
}

/// One argument of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgValue {
    Num(u64),
    Text(String),
}

impl From<u64> for ArgValue {
    fn from(n: u64) -> Self {
        ArgValue::Num(n)
    }
}

impl From<usize> for ArgValue {
    fn from(n: usize) -> Self {
        ArgValue::Num(n as u64)
    }
}

impl From<u32> for ArgValue {
    fn from(n: u32) -> Self {
        ArgValue::Num(n.into())
    }
}

impl From<String> for ArgValue {
    fn from(t: String) -> Self {
        ArgValue::Text(t)
    }
}

impl From<&str> for ArgValue {
    fn from(t: &str) -> Self {
        ArgValue::Text(t.to_string())
    }
}

/// The message `id` in `lang` with its arguments, falling back to English, and to the id
/// itself when no file has it.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, ArgValue)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        match v {
            ArgValue::Num(n) => fa.set(*k, FluentValue::from(*n as f64)),
            ArgValue::Text(t) => fa.set(*k, FluentValue::from(t.as_str())),
        }
    }
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(p) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b.format_pattern(p, Some(&fa), &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// The message `id` in `lang`, without arguments.
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// What a field means, in `lang` (English when that language lacks it), for the fields
/// that have a description: the message `field-` + the abbrev with `-` for `.`.
pub fn field_help(lang: Lang, abbrev: &str) -> Option<String> {
    let id = format!("field-{}", abbrev.replace('.', "-"));
    (has(lang, &id) || has(Lang::En, &id)).then(|| tr(lang, &id))
}

/// Whether `lang`'s own file has the message (not only the English fallback).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The ids of every message in a language's file, in file order.
pub fn ids(lang: Lang) -> Vec<String> {
    let res = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_has_every_message() {
        for l in Lang::ALL {
            assert!(
                FluentResource::try_new(l.source().to_string()).is_ok(),
                "{} does not parse",
                l.code()
            );
        }
        let en = ids(Lang::En);
        assert!(en.len() > 20);
        for l in [Lang::Zh, Lang::Ja] {
            let have = ids(l);
            let missing: Vec<_> = en.iter().filter(|i| !have.contains(i)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", l.code());
            let extra: Vec<_> = have.iter().filter(|i| !en.contains(i)).collect();
            assert!(extra.is_empty(), "{} has unknown {extra:?}", l.code());
        }
    }

    #[test]
    fn field_descriptions_name_registered_fields() {
        let described: Vec<String> = ids(Lang::En)
            .into_iter()
            .filter_map(|i| i.strip_prefix("field-").map(str::to_string))
            .collect();
        assert!(described.len() > 60);
        for d in &described {
            // ids cannot hold "."; "-" stands for it (field names have no "-" of their own
            // among the described ones)
            let abbrev = d.replace('-', ".");
            assert!(
                crate::dissect::fields::find(&abbrev).is_some(),
                "field-{d} describes no registered field"
            );
            assert!(field_help(Lang::Ja, &abbrev).is_some_and(|t| !t.is_empty()));
        }
        assert_eq!(field_help(Lang::En, "tcp.no_such_field"), None);
    }

    #[test]
    fn locale_picks_the_language() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("de"), None);
    }
}
