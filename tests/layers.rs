//! The house's floors: a lower layer never imports a higher one.
//!
//! model, standings < store < io < cli, tui (model sits under standings). Every `.rs` file under
//! `src/<layer>/` is read; a `crate::<higher>` path, or a `super::` path that climbs out of the
//! layer into a higher one, fails with the file and line. src/error.rs and src/i18n.rs stand
//! under every floor and name none.

use std::fs;
use std::path::{Path, PathBuf};

/// Each layer with its floor (0 is the ground: error.rs, i18n.rs); a file may name its own floor
/// and those below.
const LAYERS: [(&str, u8); 6] = [
    ("model", 1),
    ("standings", 2),
    ("store", 3),
    ("io", 4),
    ("cli", 5),
    ("tui", 5),
];

fn floor_of(root_name: &str) -> Option<(&'static str, u8)> {
    LAYERS.iter().find(|(l, _)| *l == root_name).copied()
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under src/: `src/store/journal.rs` -> [store, journal].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The crate-root names a line reaches: `crate::x`, `crate::{x, y::z}` and `super::` chains
/// (resolved from `module`) that climb to the crate root.
fn roots_named(line: &str, module: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    let bytes = line.as_bytes();
    let word_start =
        |i: usize| i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let ident = |s: &str| -> String {
        s.chars()
            .skip_while(|c| *c == ' ')
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '#')
            .collect::<String>()
            .trim_start_matches("r#")
            .to_string()
    };
    let group = |rest: &str, names: &mut Vec<String>| {
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in inner.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.push(ident(&item));
        } else {
            names.push(ident(rest));
        }
    };
    for (i, _) in line.match_indices("crate::") {
        if word_start(i) {
            group(&line[i + "crate::".len()..], &mut names);
        }
    }
    for (i, _) in line.match_indices("super::") {
        if !word_start(i) || line[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &line[i..];
        let mut depth = module.len();
        while let Some(r) = rest.strip_prefix("super::") {
            depth = depth.saturating_sub(1);
            rest = r;
        }
        if depth == 0 {
            group(rest, &mut names);
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

#[test]
fn no_layer_imports_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    // The errors and the words stand under every floor: they may name none of them.
    let ground = [("ground", vec![src.join("error.rs"), src.join("i18n.rs")])];
    let floors = LAYERS.iter().map(|&(layer, floor)| {
        let mut files = Vec::new();
        rs_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ has no .rs file");
        (layer, floor, files)
    });
    let ground = ground.into_iter().map(|(layer, files)| (layer, 0, files));
    for (layer, floor, files) in ground.chain(floors) {
        for file in files {
            let module = module_of(&src, &file);
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for name in roots_named(code, &module) {
                    if let Some((other, above)) = floor_of(&name)
                        && above > floor
                    {
                        wrong.push(format!(
                            "{}:{}: {layer} (floor {floor}) reaches up into {other} (floor {above}): {}",
                            file.strip_prefix(src.parent().unwrap()).unwrap().display(),
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a lower layer imports a higher one (model, standings < store < io < cli, tui):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_every_form_of_path() {
    let m = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    assert_eq!(roots_named("use crate::io::csv;", &m("model/x")), ["io"]);
    assert_eq!(
        roots_named("use crate::{store, cli::Cli};", &m("model")),
        ["store", "cli"]
    );
    assert_eq!(
        roots_named("use super::super::tui::App;", &m("model/x")),
        ["tui"]
    );
    assert!(roots_named("use super::Board;", &m("standings/board")).is_empty());
    assert_eq!(
        roots_named("let g = crate::r#gen::x();", &m("model")),
        ["gen"]
    );
}
