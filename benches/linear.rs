//! Linear time, measured at two sizes: `import` of a brat file of 1e4 and
//! 1e5 `T` lines and the brat export of what it imported, and `check`,
//! `list` and `stats` of a sidecar of 1e4 and 1e5 entities (three per line
//! of an article of Arabic news text). Each pair is printed at the end with
//! the ratio of its times: about 10 for linear work, 100 for quadratic.
//!
//! `cargo bench --bench linear` (add `-- --warm-up-time 1
//! --measurement-time 3` for a quick look). `scripts/bench-linear.sh` does
//! the same with the release binary at 1e5 and 1e6, with peak memory.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, Throughput};
use hashiya::annotate::Schema;
use hashiya::annotate::sidecar::sha256_hex;
use hashiya::review::check::check_source;
use hashiya::review::corpus::Entry;
use hashiya::review::list::ListFormat;
use hashiya::review::stats::StatsFormat;
use hashiya::review::{brat, import, list, stats};

/// The sizes compared.
const SIZES: [usize; 2] = [10_000, 100_000];

/// One line of the article, and the three entities on it.
const LINE: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.\n";
const SPANS: [(usize, usize, &str, &str); 3] =
    [(4, 15, "ORG", "وزير الدفاع"), (16, 25, "PERSON", "لي شانغفو"), (29, 34, "GPE", "الصين")];

/// An article of `n` entities, its sidecar and its brat `.ann`.
struct Corpus {
    text: String,
    sidecar: String,
    ann: String,
}

fn corpus(n: usize) -> Corpus {
    let per_line = LINE.chars().count();
    let text = LINE.repeat(n.div_ceil(3));
    let mut sidecar = format!(
        "schema = 1\nnext_entity = {}\n\n[article]\nfile = \"a.txt\"\nsha256 = \"{}\"\n",
        n + 1,
        sha256_hex(text.as_bytes())
    );
    let mut ann = String::new();
    for i in 0..n {
        let (s, e, label, quote) = SPANS[i % 3];
        let base = (i / 3) * per_line;
        let (s, e) = (base + s, base + e);
        let _ = write!(
            sidecar,
            "\n[[entity]]\nid = \"e{}\"\nlabel = \"{label}\"\nstart = {s}\nend = {e}\ntext = \"{quote}\"\n",
            i + 1
        );
        let _ = writeln!(ann, "T{}\t{label} {s} {e}\t{quote}", i + 1);
    }
    Corpus { text, sidecar, ann }
}

/// The folder of the corpus on disk, for the commands that read files.
fn on_disk(dir: &Path, n: usize, c: &Corpus) -> Entry {
    let folder = dir.join(n.to_string());
    std::fs::create_dir_all(&folder).unwrap();
    let article = folder.join("a.txt");
    std::fs::write(&article, &c.text).unwrap();
    std::fs::write(folder.join("a.txt.ann.toml"), &c.sidecar).unwrap();
    Entry::of_article(article)
}

fn benches(c: &mut Criterion, dir: &Path) {
    let corpora: Vec<(usize, Corpus)> = SIZES.iter().map(|&n| (n, corpus(n))).collect();
    let mut g = c.benchmark_group("linear_import");
    g.sample_size(10);
    for (n, corpus) in &corpora {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(n.to_string(), |b| {
            b.iter_batched(
                hashiya::annotate::Store::new,
                |mut store| {
                    let ann = brat::parse(&corpus.ann, Path::new("a.ann")).unwrap();
                    let merged = import::merge(&mut store, &corpus.text, &ann);
                    assert_eq!(merged.counts.added, *n);
                    store
                },
                BatchSize::LargeInput,
            );
        });
    }
    g.finish();

    // brat export of the imported store: the spans' byte offsets are
    // counted forward from the previous one (`brat_text::ByteOffsets`).
    let mut g = c.benchmark_group("linear_brat_export");
    g.sample_size(10);
    for (n, corpus) in &corpora {
        let mut store = hashiya::annotate::Store::new();
        let ann = brat::parse(&corpus.ann, Path::new("a.ann")).unwrap();
        import::merge(&mut store, &corpus.text, &ann);
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let exported = brat::export(&corpus.text, &store);
                assert_eq!(exported.ann.lines().count(), *n);
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("linear_check");
    g.sample_size(10);
    let schema = Schema::builtin();
    for (n, corpus) in &corpora {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let found = check_source(
                    Path::new("a.txt.ann.toml"),
                    &corpus.sidecar,
                    "a.txt",
                    Some(&corpus.text),
                    Some(&schema),
                );
                assert!(found.is_empty(), "{:?}", found.first());
            });
        });
    }
    g.finish();

    let entries: Vec<(usize, Entry)> =
        corpora.iter().map(|(n, corpus)| (*n, on_disk(dir, *n, corpus))).collect();
    let mut g = c.benchmark_group("linear_list");
    g.sample_size(10);
    for (n, entry) in &entries {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let entries = std::slice::from_ref(entry);
                let out = list::run(entries, ListFormat::Table, false, &mut std::io::sink());
                assert_eq!(out.unwrap().problems, 0);
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("linear_stats");
    g.sample_size(10);
    for (n, entry) in &entries {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let entries = std::slice::from_ref(entry);
                let out = stats::run(entries, StatsFormat::Json, &mut std::io::sink());
                assert_eq!(out.unwrap().problems, 0);
            });
        });
    }
    g.finish();
}

/// The mean time criterion estimated for `group/id`, in nanoseconds.
fn mean(group: &str, id: usize) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from);
    let path = target.join("criterion").join(group).join(id.to_string()).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

/// Prints the ratio of the two sizes' times for each command.
fn ratios() {
    let [small, large] = SIZES;
    println!("\nlinear: time at {large} / time at {small} (linear ≈ {}):", large / small);
    for group in
        ["linear_import", "linear_brat_export", "linear_check", "linear_list", "linear_stats"]
    {
        if let (Some(a), Some(b)) = (mean(group, small), mean(group, large)) {
            println!(
                "  {group:<14} {:>10.2} ms {:>10.2} ms   ratio {:.1}",
                a / 1e6,
                b / 1e6,
                b / a
            );
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, dir.path());
    criterion.final_summary();
    ratios();
}
