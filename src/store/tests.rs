use super::*;
use crate::error::Problem;
use crate::model::SCHEMA_VERSION;
use crate::model::{Category, Entry, Juror, Rubric, Sheet, SheetState, Status, Time};
use chrono::TimeZone;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;

fn now() -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .unwrap()
}

fn session() -> Session {
    let mut s = Session::new("Final KIPP", Rubric::preset("kipp").unwrap(), now());
    s.categories.push(Category {
        id: "prov".into(),
        name: "Provinsi".into(),
        top_n: Some(2),
    });
    s.entries.push(Entry {
        id: "E1".into(),
        title: "CAKES".into(),
        institution: "Dinas Kesehatan".into(),
        category: "prov".into(),
        region: Some("Kab. Belu".into()),
        presenter: None,
        status: Status::Scheduled,
        ..Default::default()
    });
    s.jurors.push(Juror {
        id: "J1".into(),
        name: "Juri 1 (akademisi)".into(),
        role: None,
        conflicts: Vec::new(),
    });
    s
}

fn sheet(value: f64) -> Sheet {
    Sheet {
        entry: "E1".into(),
        juror: "J1".into(),
        values: [("novelty", value)].into_iter().collect(),
        notes: BTreeMap::new(),
        comment: String::new(),
        state: SheetState::Draft,
        created: now(),
        updated: now(),
        submitted: None,
    }
}

fn parse_message(r: Result<Session>) -> String {
    match r {
        Err(Error::Parse { message, .. }) => message,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn save_then_load_gives_the_same_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    s.scores.push(sheet(87.0));
    save(&path, &mut s).unwrap();
    assert_eq!(load(&path).unwrap(), s);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 2,\n  \"id\": "));
    // One record a line.
    assert!(text.contains("\n  \"scores\": [\n    {\"entry\":\"E1\",\"juror\":\"J1\","));
    assert!(text.ends_with("}\n"));
    // No temporary file is left behind, and no backup without a previous version.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![OsString::from("day1.json")]);
    assert_eq!(read_bak(&path), None);
}

#[test]
fn save_keeps_the_previous_version_in_bak() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    save(&path, &mut s).unwrap();
    let first = fs::read(&path).unwrap();
    s.title = "Final KIPP, hari 2".into();
    save(&path, &mut s).unwrap();
    assert_eq!(bak_path(&path), dir.path().join("day1.json.bak"));
    assert_eq!(read_bak(&path), Some(bak_path(&path)));
    assert_eq!(fs::read(bak_path(&path)).unwrap(), first);
    assert_eq!(load(&path).unwrap().title, "Final KIPP, hari 2");
    // A third save moves the second version into the backup.
    let second = fs::read(&path).unwrap();
    s.title = "Final KIPP, hari 3".into();
    save(&path, &mut s).unwrap();
    assert_eq!(fs::read(bak_path(&path)).unwrap(), second);
}

#[cfg(unix)]
#[test]
fn files_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    save_new(&path, &mut session()).unwrap();
    save(&path, &mut session()).unwrap();
    let l = lock(&path).unwrap();
    for p in [path.clone(), bak_path(&path), lock_path(&path)] {
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", p.display());
    }
    drop(l);
}

#[test]
fn truncated_file_is_a_parse_error_and_stays_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let text = serde_json::to_string_pretty(&session()).unwrap();
    let cut = &text[..text.len() / 2];
    fs::write(&path, cut).unwrap();
    let msg = parse_message(load(&path));
    assert!(msg.starts_with("it ends early at line "), "{msg}");
    assert!(msg.ends_with("(truncated?)"), "{msg}");
    assert_eq!(fs::read_to_string(&path).unwrap(), cut);
    assert_eq!(read_bak(&path), None);
}

#[test]
fn empty_file_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    fs::write(&path, "").unwrap();
    assert_eq!(parse_message(load(&path)), "the file is empty");
    fs::write(&path, " \n").unwrap();
    assert_eq!(parse_message(load(&path)), "the file is empty");
}

#[test]
fn wrong_shapes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    fs::write(&path, "[1, 2]").unwrap();
    assert!(parse_message(load(&path)).contains("not a JSON object"));
    fs::write(&path, "{\"title\": \"x\"}").unwrap();
    assert!(parse_message(load(&path)).starts_with("no schema_version"));
    fs::write(&path, "{\"schema_version\": 2, \"title\": 3}").unwrap();
    let msg = parse_message(load(&path));
    assert!(
        msg.starts_with("it does not have the shape of a session: invalid type"),
        "{msg}"
    );
    assert!(msg.contains("line 1 column"), "{msg}");
    fs::write(&path, "{\"schema_version\": 1,, }").unwrap();
    assert!(parse_message(load(&path)).starts_with("it is not valid JSON"));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let s = session();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(serde_json::to_vec(&s).unwrap());
    fs::write(&path, bytes).unwrap();
    assert_eq!(load(&path).unwrap(), s);
}

#[test]
fn newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut v = serde_json::to_value(session()).unwrap();
    v["schema_version"] = Value::from(SCHEMA_VERSION + 1);
    v["something_new"] = Value::from(true);
    fs::write(&path, v.to_string()).unwrap();
    let msg = parse_message(load(&path));
    assert!(msg.contains("written by a newer juri"), "{msg}");
    assert!(
        msg.contains(&format!("schema_version {}", SCHEMA_VERSION + 1)),
        "{msg}"
    );
}

#[test]
fn unknown_older_schema_version_is_refused() {
    let mut v = serde_json::to_value(session()).unwrap();
    v["schema_version"] = Value::from(0);
    let err = migrate(v.clone()).unwrap_err();
    assert!(err.contains("schema_version 0"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    fs::write(&path, v.to_string()).unwrap();
    assert!(parse_message(load(&path)).contains("schema_version 0"));
    // The current version passes through unchanged.
    let cur = serde_json::to_value(session()).unwrap();
    assert_eq!(migrate(cur.clone()).unwrap(), cur);
}

#[test]
fn invalid_reference_names_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    s.scores.push(sheet(101.0));
    fs::write(&path, serde_json::to_string_pretty(&s).unwrap()).unwrap();
    match load(&path) {
        Err(Error::Invalid { path: p, problems }) => {
            assert_eq!(p, path);
            assert!(
                problems.contains(&Problem::new(
                    "scores[0].values.novelty",
                    "101 is above the scale maximum 100"
                )),
                "{problems:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.json");
    match load(&path) {
        Err(Error::Io {
            action, path: p, ..
        }) => {
            assert_eq!(action, "read");
            assert_eq!(p, path);
        }
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn a_held_lock_refuses_a_second_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let first = lock(&path).unwrap();
    assert_eq!(first.path(), lock_path(&path));
    assert_eq!(lock_path(&path), dir.path().join("day1.json.lock"));
    let holder = fs::read_to_string(lock_path(&path)).unwrap();
    assert!(
        holder.starts_with(&format!("pid {} on ", std::process::id())),
        "{holder}"
    );
    assert!(holder.contains(" since "), "{holder}");
    match lock(&path) {
        Err(Error::Locked { path: p, holder }) => {
            assert_eq!(p, path);
            assert!(holder.starts_with("pid "), "{holder}");
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    // The refused attempt left the holder's lock file alone.
    assert!(lock_path(&path).exists());
    drop(first);
    assert!(!lock_path(&path).exists());
    let again = lock(&path).unwrap();
    drop(again);
}

#[test]
fn a_stale_lock_file_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    fs::write(
        lock_path(&path),
        "pid 99999 on elsewhere since 2026-11-22T09:00:00+07:00\n",
    )
    .unwrap();
    let l = lock(&path).unwrap();
    let holder = fs::read_to_string(lock_path(&path)).unwrap();
    assert!(
        holder.starts_with(&format!("pid {} on ", std::process::id())),
        "{holder}"
    );
    assert!(!holder.contains("elsewhere"), "{holder}");
    drop(l);
}

#[test]
fn save_new_refuses_an_existing_file_and_creates_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("day1.json");
    let mut s = session();
    save_new(&path, &mut s).unwrap();
    assert_eq!(load(&path).unwrap(), s);
    let before = fs::read(&path).unwrap();
    let mut other = session();
    other.title = "Other".into();
    match save_new(&path, &mut other) {
        Err(Error::Exists { path: p }) => assert_eq!(p, path),
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![OsString::from("day1.json")]);
}

#[test]
fn the_documented_example_loads() {
    let doc = include_str!("../../docs/session-format.md");
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/session-format.md has a ```json example");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.json");
    fs::write(&path, example).unwrap();
    let mut s = load(&path).unwrap();
    assert_eq!(s.entries.len(), 2);
    assert_eq!(s.jurors.len(), 2);
    assert_eq!(s.scores.iter().filter(|x| x.is_submitted()).count(), 1);
    // Saved again by juri, it reads back the same.
    save(&path, &mut s).unwrap();
    assert_eq!(load(&path).unwrap(), s);
}

#[test]
fn data_dir_follows_juri_home() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("juri-home");
    assert_eq!(data_dir_from(Some(home.clone().into())).unwrap(), home);
    assert!(home.is_dir());
    // An empty JURI_HOME means the platform's folder.
    if let Some(d) = directories::ProjectDirs::from("", "", "juri") {
        let expected = d.data_dir().to_path_buf();
        if expected.is_dir() {
            assert_eq!(data_dir_from(Some(OsString::new())).unwrap(), expected);
        }
    }
}

/// A session with a few audited changes: values, a submit, a clock.
fn audited() -> Session {
    let mut s = session();
    set(&mut s, "problem", 80.0);
    set(&mut s, "novelty", 75.0);
    s.apply(
        "chair",
        crate::model::Change::TimerToggle { entry: "E1".into() },
        now(),
    )
    .unwrap();
    s
}

fn set(s: &mut Session, c: &str, v: f64) {
    s.apply(
        "J1",
        crate::model::Change::SetValue {
            entry: "E1".into(),
            juror: "J1".into(),
            criterion: c.into(),
            value: Some(v),
        },
        now(),
    )
    .unwrap();
}

#[test]
fn the_file_written_a_few_records_at_a_time_is_the_whole_session() {
    let mut s = audited();
    s.scores.push(sheet(50.0));
    s.scores[1].entry = "E2".into();
    let whole = snapshot(&s);
    let mut b = SnapshotBuilder::new();
    let mut steps = 0;
    while !b.step(&s, 1) {
        steps += 1;
    }
    // One step per field or record (the empty lists take none of their own, and the optional
    // fields left unset none at all).
    let unset = usize::from(s.quorum.is_none())
        + usize::from(s.chain.is_none())
        + usize::from(s.rules.is_default())
        + usize::from(s.awards.is_empty())
        + usize::from(s.sources.is_empty());
    assert!(steps + 1 + unset >= FIELDS.len(), "{steps} steps");
    assert_eq!(b.finish(), whole);
    // Every field serde knows of is in the file, with the same value, and then the seal.
    let mut v: Value = serde_json::from_slice(&whole).unwrap();
    let seal = v.as_object_mut().unwrap().remove("seal").unwrap();
    assert_eq!(v, serde_json::to_value(&s).unwrap());
    let cut = whole.len() - SEAL_OPEN.len() - 64 - SEAL_CLOSE.len();
    assert_eq!(seal, crate::model::audit::sha256_hex(&whole[..cut]));
    assert_eq!(seal_problem(&whole), None);
}

#[test]
fn saving_moves_the_events_into_the_journal_and_loading_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = audited();
    save(&path, &mut s).unwrap();
    assert!(s.audit.is_empty());
    assert_eq!(s.log.events, 3);
    let journal = fs::read_to_string(journal_path(&path)).unwrap();
    assert_eq!(journal.lines().count(), 3);
    assert_eq!(s.log.journal_bytes, journal.len() as u64);
    assert_eq!(
        s.log.head,
        crate::model::audit::sha256_hex(journal.lines().last().unwrap().as_bytes())
    );
    let back = load(&path).unwrap();
    assert_eq!(back, s);
    let log = read_log(&path, &back).unwrap();
    assert_eq!(log.len(), 3);
    crate::standings::verify::verify(&back, &log).unwrap();
    // The next change chains on from the journal's last event.
    let mut back = back;
    set(&mut back, "impact", 60.0);
    assert_eq!(back.audit[0].seq, 4);
    assert_eq!(back.audit[0].prev, s.log.head);
    save(&path, &mut back).unwrap();
    let again = load(&path).unwrap();
    crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
    assert_eq!(again.sheet("E1", "J1").unwrap().values["impact"], 60.0);
}

#[test]
fn events_in_the_journal_beyond_the_file_are_replayed_and_half_a_line_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = audited();
    save(&path, &mut s).unwrap();
    let file = fs::read(&path).unwrap();
    // Two more changes reach the journal; the file is not written again (a crash).
    set(&mut s, "impact", 61.0);
    set(&mut s, "impact", 62.0);
    let mut j = Journal::open(&path, &s.log).unwrap();
    let lines = take_pending(&mut s);
    j.append(&lines).unwrap();
    j.append(b"{\"seq\":6,\"at\":").unwrap();
    drop(j);
    assert_eq!(fs::read(&path).unwrap(), file);
    let back = load(&path).unwrap();
    assert_eq!(back.sheet("E1", "J1").unwrap().values["impact"], 62.0);
    assert_eq!(back.log, s.log);
    assert!(back.audit.is_empty());
    // The next save cuts the half line off before appending.
    let mut back = back;
    set(&mut back, "impact", 63.0);
    save(&path, &mut back).unwrap();
    let text = fs::read_to_string(journal_path(&path)).unwrap();
    assert_eq!(text.lines().count(), 6);
    assert!(text.ends_with("}\n"));
    let again = load(&path).unwrap();
    crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
}

#[test]
fn a_missing_or_foreign_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = audited();
    save(&path, &mut s).unwrap();
    let jpath = journal_path(&path);
    let journal = fs::read(&jpath).unwrap();

    fs::remove_file(&jpath).unwrap();
    let err = load(&path).unwrap_err().to_string();
    assert!(err.contains("the audit journal is missing"), "{err}");

    // Another session's journal of the same length.
    let other = dir.path().join("day2.json");
    let mut t = audited();
    t.id = crate::model::random_id();
    save(&other, &mut t).unwrap();
    fs::copy(journal_path(&other), &jpath).unwrap();
    let err = load(&path).unwrap_err().to_string();
    assert!(
        err.contains("is not the one the session file names") || err.contains("bytes where"),
        "{err}"
    );

    fs::write(&jpath, &journal[..journal.len() - 10]).unwrap();
    let err = load(&path).unwrap_err().to_string();
    assert!(err.contains("events were removed"), "{err}");
    assert!(matches!(load(&path), Err(Error::Journal { .. })));
}

#[test]
fn a_new_session_is_not_given_a_journal_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    fs::write(journal_path(&path), "{}\n").unwrap();
    let err = save_new(&path, &mut session()).unwrap_err();
    assert!(matches!(err, Error::Exists { path: p } if p == journal_path(&path)));
    assert!(!path.exists());
}

#[test]
fn the_writer_appends_in_order_and_puts_the_file_in_place_after_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    save_new(&path, &mut s).unwrap();
    let w = Writer::start(&path, &s.log).unwrap();
    for v in [61.0, 62.0, 63.0] {
        set(&mut s, "impact", v);
        let lines = take_pending(&mut s);
        w.append(s.log.events, lines);
    }
    w.snapshot(s.log.events, snapshot(&s));
    set(&mut s, "impact", 64.0);
    w.append(4, take_pending(&mut s));
    let reports = w.finish();
    assert!(reports.contains(&Written::Journal(4)), "{reports:?}");
    assert!(reports.contains(&Written::Snapshot(3)), "{reports:?}");
    assert!(!reports.iter().any(|r| matches!(r, Written::Failed(_))));
    let (back, in_file) = load_counting(&path).unwrap();
    assert_eq!(
        in_file, 3,
        "the file as of 3 events, the 4th from the journal"
    );
    assert_eq!(back, s);
    crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
}

#[test]
fn a_carried_log_moved_to_the_journal_before_the_file_was_rewritten_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let s = audited();
    // A file of schema 1 or the demo: the log inside.
    let mut v = serde_json::to_value(&s).unwrap();
    v["audit"] = serde_json::to_value(&s.audit).unwrap();
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.audit.len(), 3);
    // The first save wrote the journal, then stopped before rewriting the file.
    let mut t = loaded.clone();
    append_pending(&path, &mut t).unwrap();
    let back = load(&path).unwrap();
    assert!(back.audit.is_empty());
    assert_eq!(back.log, t.log);
    // A journal that is not the carried log is refused.
    fs::write(journal_path(&path), b"{\"seq\":1}\n").unwrap();
    assert!(matches!(load(&path), Err(Error::Journal { .. })));
}

#[test]
fn the_version_is_read_off_the_start_of_a_file_juri_wrote() {
    assert_eq!(
        leading_version(b"{\n  \"schema_version\": 2,\n  \"id\""),
        Some(2)
    );
    assert_eq!(leading_version(b" {\"schema_version\":1}"), Some(1));
    for other in [
        &b"{\"title\": \"x\", \"schema_version\": 2}"[..],
        b"{\"schema_version\": 2.0,",
        b"{\"schema_version\": \"2\",",
        b"{\"schema_version\": 99999999999999999999,",
        b"[1]",
    ] {
        assert_eq!(leading_version(other), None, "{other:?}");
    }
}

#[test]
fn an_import_cut_short_in_the_journal_is_left_out_whole() {
    use crate::model::Change;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = audited();
    save(&path, &mut s).unwrap();
    let before = s.clone();
    let what = "import of paper.csv".to_string();
    s.apply("import", Change::BatchStart { what: what.clone() }, now())
        .unwrap();
    set(&mut s, "impact", 61.0);
    set(&mut s, "interview", 62.0);
    s.apply("import", Change::BatchEnd { what }, now()).unwrap();
    let lines = take_pending(&mut s);
    let cut: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(cut.len(), 4);
    let journal = journal_path(&path);
    let kept = fs::read(&journal).unwrap();
    // Killed after the start and one value, or just before the end: none of it.
    for upto in [cut[1], cut[2]] {
        let mut j = kept.clone();
        j.extend_from_slice(&lines[..upto]);
        fs::write(&journal, &j).unwrap();
        let back = load(&path).unwrap();
        assert_eq!(back.sheet("E1", "J1"), before.sheet("E1", "J1"));
        assert_eq!(back.log, before.log, "the journal stops before the batch");
    }
    // The whole batch: all of it.
    let mut j = kept;
    j.extend_from_slice(&lines);
    fs::write(&journal, &j).unwrap();
    let back = load(&path).unwrap();
    let sheet = back.sheet("E1", "J1").unwrap();
    assert_eq!(
        (sheet.values["impact"], sheet.values["interview"]),
        (61.0, 62.0)
    );
    assert_eq!(back.log, s.log);
    crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
}

fn set_pin(s: &mut Session, who: &str, pin: &str) -> String {
    let hash = crate::model::pin::hash_at(pin, crate::model::pin::TEST_COST).unwrap();
    s.apply(
        who,
        crate::model::Change::SetPin {
            who: who.into(),
            hash: hash.clone(),
        },
        now(),
    )
    .unwrap();
    hash
}

#[test]
fn the_journal_records_that_a_pin_was_set_never_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    save_new(&path, &mut s).unwrap();
    let first = set_pin(&mut s, "J1", "2468");
    let second = set_pin(&mut s, "J1", "1357");
    let chair = set_pin(&mut s, crate::model::pin::CHAIR, "9999");
    save(&path, &mut s).unwrap();
    let journal = fs::read_to_string(journal_path(&path)).unwrap();
    assert_eq!(journal.lines().count(), 3);
    for h in [&first, &second, &chair] {
        assert!(!journal.contains(h.as_str()), "a hash in the journal");
        let salt = h.split('$').nth(4).unwrap();
        assert!(!journal.contains(salt), "a salt in the journal");
    }
    assert!(!journal.contains("argon2"), "{journal}");
    assert!(journal.contains(&crate::model::audit::sha256_hex(second.as_bytes())));
    // The file holds the current hashes, and so does the side file, no others.
    let back = load(&path).unwrap();
    assert_eq!(back.security.pin_hashes["J1"], second);
    assert_eq!(back.security.pin_hashes["chair"], chair);
    assert_eq!(read_pins(&path), back.security.pin_hashes);
    crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
    // A hash put in the file by hand is not the PIN the log set.
    let mut forged = back.clone();
    forged.security.pin_hashes.insert("J1".into(), first);
    let err =
        crate::standings::verify::verify(&forged, &read_log(&path, &back).unwrap()).unwrap_err();
    assert!(err.contains("pin_hashes.J1 is another hash"), "{err}");
    assert!(!err.contains("argon2"), "{err}");
    forged.security.pin_hashes.remove("J1");
    let err =
        crate::standings::verify::verify(&forged, &read_log(&path, &back).unwrap()).unwrap_err();
    assert!(err.contains("pin_hashes.J1 is missing"), "{err}");
}

#[test]
fn a_pin_set_just_before_a_kill_comes_back_from_its_side_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    save_new(&path, &mut s).unwrap();
    let old = set_pin(&mut s, "J1", "2468");
    save(&path, &mut s).unwrap();
    let file = fs::read(&path).unwrap();
    // What the screens do: the hash to its side file, the event to the journal; then a
    // kill before the session file is written again.
    let new = set_pin(&mut s, "J1", "1357");
    keep_pins(&path, &s).unwrap();
    let lines = take_pending(&mut s);
    let mut j = Journal::open(&path, &load(&path).unwrap().log).unwrap();
    j.append(&lines).unwrap();
    drop(j);
    assert_eq!(fs::read(&path).unwrap(), file);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(pins_path(&path)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let back = load(&path).unwrap();
    assert_eq!(back.security.pin_hashes["J1"], new);
    assert!(crate::model::pin::check(
        "1357",
        &back.security.pin_hashes["J1"]
    ));
    crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
    // Without its side file, the PIN set last is not taken for the old one: it is unset
    // (to be set again), and verify says so.
    fs::rename(pins_path(&path), dir.path().join("away")).unwrap();
    let lost = load(&path).unwrap();
    assert_eq!(lost.security.pin_hashes.get("J1"), None);
    assert_ne!(Some(&old), lost.security.pin_hashes.get("J1"));
    let err =
        crate::standings::verify::verify(&lost, &read_log(&path, &lost).unwrap()).unwrap_err();
    assert!(err.contains("pin_hashes.J1 is missing"), "{err}");
    // The next save writes the recovered hash into the file.
    fs::rename(dir.path().join("away"), pins_path(&path)).unwrap();
    let mut back = load(&path).unwrap();
    set(&mut back, "problem", 70.0);
    save(&path, &mut back).unwrap();
    fs::remove_file(pins_path(&path)).unwrap();
    let again = load(&path).unwrap();
    assert_eq!(again.security.pin_hashes["J1"], new);
    crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
}

#[test]
fn a_journal_of_an_older_juri_with_pin_hashes_still_loads_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    // An older juri recorded the hash itself in the event.
    let hash = crate::model::pin::hash_at("2468", crate::model::pin::TEST_COST).unwrap();
    let legacy = crate::model::Change::SetPin {
        who: "J1".into(),
        hash: hash.clone(),
    };
    s.replay("J1", legacy, now()).unwrap();
    set(&mut s, "problem", 80.0);
    save(&path, &mut s).unwrap();
    let journal = fs::read_to_string(journal_path(&path)).unwrap();
    assert!(journal.contains(&hash), "the legacy event keeps its hash");
    let back = load(&path).unwrap();
    crate::standings::verify::verify(&back, &read_log(&path, &back).unwrap()).unwrap();
    // A new PIN after it is recorded the new way, and both verify.
    let mut back = back;
    let new = set_pin(&mut back, "J1", "1357");
    save(&path, &mut back).unwrap();
    let again = load(&path).unwrap();
    assert_eq!(again.security.pin_hashes["J1"], new);
    crate::standings::verify::verify(&again, &read_log(&path, &again).unwrap()).unwrap();
    // The backup (as `juri recover` restores it), replayed from the journal: the PIN set
    // after it comes from the side file, and it verifies too.
    let bak = load_backup(&path).unwrap();
    crate::standings::verify::verify(&bak, &read_log(&path, &bak).unwrap()).unwrap();
}

#[test]
fn an_invite_code_used_once_is_gone_from_the_file_and_verify_holds_to_it() {
    use crate::model::pin::{PRESENTER, invite_key};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day1.json");
    let mut s = session();
    save_new(&path, &mut s).unwrap();
    let invite = set_pin(&mut s, &invite_key("J1"), "ABCDE12345");
    set_pin(&mut s, &invite_key(PRESENTER), "FGHJK67890");
    // J1 signs in with the code and chooses a PIN: the code is used up.
    set_pin(&mut s, "J1", "2468");
    s.apply(
        "J1",
        crate::model::Change::ClearPin {
            who: invite_key("J1"),
        },
        now(),
    )
    .unwrap();
    save(&path, &mut s).unwrap();
    let back = load(&path).unwrap();
    assert!(!back.security.pin_hashes.contains_key("invite:J1"));
    assert!(back.security.pin_hashes.contains_key("invite:presenter"));
    let log = read_log(&path, &back).unwrap();
    assert_eq!(log.last().unwrap().action, "pin.clear");
    crate::standings::verify::verify(&back, &log).unwrap();
    // The used code put back by hand is caught.
    let mut forged = back.clone();
    forged
        .security
        .pin_hashes
        .insert("invite:J1".into(), invite.clone());
    let err = crate::standings::verify::verify(&forged, &log).unwrap_err();
    assert!(err.contains("pin_hashes.invite:J1"), "{err}");
    // So is the clearing event edited in the journal (another person's code named).
    let journal = fs::read_to_string(journal_path(&path)).unwrap();
    let edited = journal.replace("\"who\":\"invite:J1\"}", "\"who\":\"invite:presenter\"}");
    assert_ne!(journal, edited);
    fs::write(journal_path(&path), edited).unwrap();
    let err = match load(&path) {
        Err(e) => e.to_string(),
        Ok(b) => crate::standings::verify::verify(&b, &read_log(&path, &b).unwrap()).unwrap_err(),
    };
    assert!(err.contains("was changed or swapped"), "{err}");
}
