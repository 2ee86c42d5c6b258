//! Files built into the binary, so that an installed `hashiya` works alone.

/// The bundled sample articles, as (file name, text).
pub const SAMPLE_ARTICLES: [(&str, &str); 5] = [
    ("000_5aca6166c9697b1f.txt", include_str!("../assets/articles/000_5aca6166c9697b1f.txt")),
    ("001_0d543047192bbcf6.txt", include_str!("../assets/articles/001_0d543047192bbcf6.txt")),
    ("002_429bb908716aee8d.txt", include_str!("../assets/articles/002_429bb908716aee8d.txt")),
    ("003_b2e10a9c1d4ea0b9.txt", include_str!("../assets/articles/003_b2e10a9c1d4ea0b9.txt")),
    ("004_c29349fac5246de1.txt", include_str!("../assets/articles/004_c29349fac5246de1.txt")),
];
