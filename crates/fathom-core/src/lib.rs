//! Fathom's core: capture files and live capture (`capture`), the dissectors (`dissect`), the
//! first pass over a capture (`analysis`), display filters (`filter`), tshark-style output
//! (`print`), statistics, Follow, the flow graph and the explanations. It runs without a
//! display and depends on no GUI crate; the window (the `fathom` package) only reads it.

// (the field macros first: every module below names fields with them)
/// Declares fields in a protocol's file: `fields! { "abbrev", "Name", FT_KIND; … }` at the
/// start of a line. The build script reads these blocks into the registry's table; here a
/// block only has its kinds checked.
#[macro_export]
macro_rules! fields {
    ($( $a:literal, $n:literal, $k:ident; )*) => {
        const _: &[$crate::dissect::fields::FieldKind] = &[ $( $crate::dissect::fields::FieldKind::$k, )* ];
    };
}

/// The [`FieldId`](dissect::fields::FieldId) of a registered field, found while the crate
/// compiles:
///
/// ```
/// let seq = fathom_core::fid!("tcp.seq");
/// assert_eq!((seq.abbrev(), seq.name()), ("tcp.seq", "Sequence Number"));
/// ```
///
/// A name no `fields!` block declares is refused by the compiler, so every item of a tree
/// is a field a filter can name and `-G fields` lists:
///
/// ```compile_fail
/// let seq = fathom_core::fid!("tcp.sequence");
/// ```
#[macro_export]
macro_rules! fid {
    ($a:literal) => {
        const { $crate::dissect::fields::id($a) }
    };
}

pub mod analysis;
pub mod capture;
pub mod dissect;
pub mod explain;
pub mod fast;
pub mod filter;
pub mod find;
pub mod flow;
pub mod follow;
pub mod i18n;
pub mod memory;
pub mod names;
pub mod print;
pub mod session;
pub mod stats;
pub mod text;
pub mod tls;
pub mod wire;

/// mimalloc for every program built on the core (the app, tests, benchmarks): the dissector
/// builds and drops a tree of small allocations per frame, and glibc's allocator took a third
/// of `fathom print`'s time (measured with perf); with mimalloc the same run takes 40 % less.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `arena_eager_commit` off, set before anything is allocated: with it on, every
/// arena mimalloc reserves is committed whole, and the pages it hands out and takes back stay
/// counted; off, the first pass of a 10,000,000-packet file peaks 86 MB lower in the window
/// and 68 MB lower in `fathom print` (1,000,000 packets: 23 MB). It must run before the first
/// allocation makes the first arena (setting it in `main` changed nothing), so it runs as a
/// constructor of the executable, before Rust's runtime starts. The value is mimalloc's own
/// `MIMALLOC_ARENA_EAGER_COMMIT=0`; a user's environment setting still wins.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static MIMALLOC_OPTIONS: extern "C" fn() = {
    extern "C" fn set_options() {
        extern "C" {
            fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
            fn getenv(name: *const std::ffi::c_char) -> *const std::ffi::c_char;
        }
        /// `mi_option_arena_eager_commit` in mimalloc v3's `mi_option_t`.
        const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
        // SAFETY: `getenv` reads a NUL-terminated name (nothing is allocated: Rust's
        // allocator must not run yet); mimalloc's option setter takes an option index and a
        // value, may be called before mimalloc is initialised, and touches nothing of Rust's.
        unsafe {
            if getenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr()).is_null() {
                mi_option_set(ARENA_EAGER_COMMIT, 0);
            }
        }
    }
    set_options
};
