//! How much memory the process may use, and a guard that stops a load before it runs out.
//!
//! A capture larger than memory allows must not take the machine down with it: under a
//! control group's limit the kernel kills the process, under an address-space limit an
//! allocation fails and the process aborts, and with neither the machine swaps. The first pass
//! keeps a few dozen bytes per frame, so the guard looks at the process's size every so many
//! frames and stops the load, with a message saying why, while there is room left for the
//! window to show what was read.

use std::path::{Path, PathBuf};

/// What bounds the process's memory, and by how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    pub what: LimitKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    /// `FATHOM_MEMORY_LIMIT` in the environment.
    Setting,
    /// The control group's `memory.max` (v2) or `memory.limit_in_bytes` (v1).
    Cgroup,
    /// The resource limit on the address space (`ulimit -v`, `prlimit --as`); compared
    /// with the process's virtual size, not its resident size.
    AddressSpace,
    /// The memory the machine had free (`MemAvailable`) when the load began, plus what the
    /// process held then: beyond it the machine would swap.
    Available,
}

impl LimitKind {
    fn describe(self) -> &'static str {
        match self {
            LimitKind::Setting => "the limit set by FATHOM_MEMORY_LIMIT",
            LimitKind::Cgroup => "the memory limit of the process's control group",
            LimitKind::AddressSpace => "the process's address-space limit (ulimit -v)",
            LimitKind::Available => "the memory the machine had available",
        }
    }
}

/// The share of a limit a load may fill before it stops (the rest is left for the window,
/// the end of the pass and the statistics).
const FILL: f64 = 0.85;

/// Frames between two looks at the process's size (a look reads one small `/proc` file).
const EVERY: usize = 1 << 16;

/// Parses a size: bytes, or with a K, M, G or T suffix (powers of 1024), as
/// `FATHOM_MEMORY_LIMIT=2G`.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        (i, 't' | 'T') => (&s[..i], 1 << 40),
        _ => (s, 1),
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mult)
}

/// The control group memory limit named by `/proc/self/cgroup`'s text, read through `read`
/// (a path under `/sys/fs/cgroup` to its contents): the smallest over the group and its
/// parents, `None` when there is none.
fn cgroup_limit(cgroups: &str, read: &dyn Fn(&Path) -> Option<String>) -> Option<u64> {
    let mut best: Option<u64> = None;
    for line in cgroups.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (root, file) = if controllers.is_empty() {
            (PathBuf::from("/sys/fs/cgroup"), "memory.max")
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                PathBuf::from("/sys/fs/cgroup/memory"),
                "memory.limit_in_bytes",
            )
        } else {
            continue;
        };
        // the group and each parent up to the root (a limit anywhere above applies)
        let mut dir = Some(Path::new(path.trim()));
        while let Some(d) = dir {
            let rel = d.strip_prefix("/").unwrap_or(d);
            if let Some(v) = read(&root.join(rel).join(file)) {
                let v = v.trim();
                // "max" (v2) or a near-2^63 value (v1) is no limit
                if let Ok(n) = v.parse::<u64>() {
                    if n < 1 << 60 {
                        best = Some(best.map_or(n, |b| b.min(n)));
                    }
                }
            }
            dir = d.parent();
        }
    }
    best
}

/// A field of `/proc/self/limits`' text ("Max address space"): its soft limit in bytes.
fn rlimit(limits: &str, name: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with(name))?;
    let soft = line[name.len()..].split_whitespace().next()?;
    soft.parse().ok()
}

/// A field of `/proc/meminfo` or `/proc/self/status` given in kB, in bytes.
fn kb_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    let kb: u64 = line[name.len()..].split_whitespace().next()?.parse().ok()?;
    kb.checked_mul(1024)
}

fn read_text(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok()
}

/// The process's resident and virtual sizes in bytes (Linux; `None` elsewhere).
pub fn usage() -> Option<(u64, u64)> {
    let status = read_text(Path::new("/proc/self/status"))?;
    Some((kb_field(&status, "VmRSS:")?, kb_field(&status, "VmSize:")?))
}

/// The limits that apply to this process now (only the setting, when there is one).
pub fn limits() -> Vec<Limit> {
    if let Some(bytes) = std::env::var("FATHOM_MEMORY_LIMIT")
        .ok()
        .and_then(|v| parse_size(&v))
    {
        return vec![Limit {
            bytes,
            what: LimitKind::Setting,
        }];
    }
    let mut found: Vec<Limit> = Vec::new();
    if let Some(bytes) =
        read_text(Path::new("/proc/self/cgroup")).and_then(|c| cgroup_limit(&c, &read_text))
    {
        found.push(Limit {
            bytes,
            what: LimitKind::Cgroup,
        });
    }
    if let Some(bytes) =
        read_text(Path::new("/proc/self/limits")).and_then(|l| rlimit(&l, "Max address space"))
    {
        found.push(Limit {
            bytes,
            what: LimitKind::AddressSpace,
        });
    }
    let held = usage().map_or(0, |(rss, _)| rss);
    if let Some(avail) =
        read_text(Path::new("/proc/meminfo")).and_then(|m| kb_field(&m, "MemAvailable:"))
    {
        found.push(Limit {
            bytes: avail.saturating_add(held),
            what: LimitKind::Available,
        });
    }
    found
}

/// Watches the process's size during a load (see the module's documentation).
pub struct Guard {
    /// Each checked against its own measure (the address-space limit counts reserved
    /// address space too, so it is not compared by size with the others).
    limits: Vec<Limit>,
    frames: usize,
}

impl Default for Guard {
    fn default() -> Self {
        Guard::new()
    }
}

impl Guard {
    pub fn new() -> Guard {
        Guard::with_limits(limits())
    }

    pub fn with_limits(limits: Vec<Limit>) -> Guard {
        Guard { limits, frames: 0 }
    }

    /// Each limit with the process's measure against it (its virtual size for the
    /// address-space limit, its resident size for the others) and the share a load may fill.
    fn measured(&self) -> Option<impl Iterator<Item = (&Limit, u64, u64)>> {
        let (rss, vsz) = usage()?;
        Some(self.limits.iter().map(move |l| {
            let used = match l.what {
                LimitKind::AddressSpace => vsz,
                _ => rss,
            };
            (l, used, (l.bytes as f64 * FILL) as u64)
        }))
    }

    /// How many more bytes the process may take before the first limit's share that a load
    /// may fill (`None`: no limit known, or no way to measure the process).
    pub fn room(&self) -> Option<u64> {
        self.measured()?
            .map(|(_, used, fill)| fill.saturating_sub(used))
            .min()
    }

    /// Counts one more frame; every [`EVERY`] frames looks at the process's size and says
    /// when the load should stop.
    pub fn frame(&mut self) -> Option<Stop> {
        self.frames += 1;
        if !self.frames.is_multiple_of(EVERY) || self.limits.is_empty() {
            return None;
        }
        let (limit, used, _) = self.measured()?.find(|&(_, used, fill)| used >= fill)?;
        Some(Stop {
            frames: self.frames,
            used,
            limit: limit.clone(),
        })
    }
}

/// A load stopped by the [`Guard`].
#[derive(Clone, Debug)]
pub struct Stop {
    pub frames: usize,
    pub used: u64,
    pub limit: Limit,
}

impl Stop {
    /// What the user is told: `name` is the file or the interface; a live capture goes on
    /// being written to its file, only its analysis stops.
    pub fn message(&self, name: &str, live: bool) -> String {
        let mib = |b: u64| b / (1 << 20);
        let (verb, rest) = if live {
            (
                "analysing the capture on",
                "Later packets are still saved with the capture but not shown.",
            )
        } else {
            (
                "reading",
                "The packets read are shown; the rest of the file was not read (a machine with \
                 more memory, or a higher limit, opens all of it).",
            )
        };
        format!(
            "Fathom stopped {verb} \"{name}\" after {} packets: the analysis had grown to {} MiB \
             of the {} MiB allowed by {}. {rest}",
            self.frames,
            mib(self.used),
            mib(self.limit.bytes),
            self.limit.what.describe()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("2G"), Some(2 << 30));
        assert_eq!(parse_size(" 512m "), Some(512 << 20));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999T"), None);
    }

    #[test]
    fn the_tightest_cgroup_limit_up_the_tree_counts() {
        let files = |p: &Path| -> Option<String> {
            match p.to_str()? {
                "/sys/fs/cgroup/memory/a/b/memory.limit_in_bytes" => {
                    Some("9223372036854771712\n".into())
                }
                "/sys/fs/cgroup/memory/a/memory.limit_in_bytes" => Some("2147483648\n".into()),
                "/sys/fs/cgroup/x/memory.max" => Some("max\n".into()),
                "/sys/fs/cgroup/memory.max" => None,
                _ => None,
            }
        };
        // v1: the group has none, its parent 2 GiB
        assert_eq!(
            cgroup_limit("9:pids:/\n4:memory:/a/b\n0::/x\n", &files),
            Some(2 << 30)
        );
        // v2 only, "max": no limit
        assert_eq!(cgroup_limit("0::/x\n", &files), None);
        let v2 = |p: &Path| {
            (p.to_str()? == "/sys/fs/cgroup/user/memory.max").then(|| "1073741824".into())
        };
        assert_eq!(cgroup_limit("0::/user/app.scope\n", &v2), Some(1 << 30));
        assert_eq!(cgroup_limit("garbage", &v2), None);
    }

    #[test]
    fn rlimits_and_kb_fields_are_read() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max data size             unlimited            unlimited            bytes     \n\
                      Max address space         2147483648           unlimited            bytes     \n";
        assert_eq!(rlimit(limits, "Max address space"), Some(2 << 30));
        assert_eq!(rlimit(limits, "Max data size"), None);
        assert_eq!(
            kb_field(
                "MemTotal:       24000000 kB\nMemAvailable:   1000 kB\n",
                "MemAvailable:"
            ),
            Some(1_024_000)
        );
    }

    #[test]
    fn the_guard_stops_a_load_past_its_limit() {
        // a limit this process is already past: the guard speaks at its first look
        let mut g = Guard::with_limits(vec![
            Limit {
                bytes: u64::MAX / 2,
                what: LimitKind::Available,
            },
            Limit {
                bytes: 1 << 20,
                what: LimitKind::Cgroup,
            },
        ]);
        let said: Vec<String> = (0..EVERY * 2)
            .filter_map(|_| g.frame())
            .map(|s| s.message("big.pcap", false))
            .collect();
        if usage().is_some() {
            assert_eq!(said.len(), 2, "{said:?}");
            assert!(said[0].contains("after 65536 packets"), "{}", said[0]);
            assert!(said[0].contains("control group"), "{}", said[0]);
        }
        assert_eq!(g.room(), Some(0));
        // no limit: never
        let mut g = Guard::with_limits(Vec::new());
        assert_eq!(g.room(), None);
        assert!((0..EVERY * 2).all(|_| g.frame().is_none()));
        // a limit far away: never
        let mut g = Guard::with_limits(vec![Limit {
            bytes: u64::MAX / 2,
            what: LimitKind::AddressSpace,
        }]);
        assert!((0..EVERY * 2).all(|_| g.frame().is_none()));
    }
}
