//! `juri serve` end to end: real SSH connections (russh's client) to the real binary, each
//! screen read through vt100.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::fixtures::{ENTRIES, JURORS};
use common::sandbox::Sandbox;
use common::ssh::{Screen, Server, sign_in};

const WAIT: Duration = Duration::from_secs(20);

/// A session of the demo entries and jurors, and everyone's invite code.
fn invited(sb: &Sandbox) -> BTreeMap<String, String> {
    sb.run(&[
        "new",
        "S.json",
        "--entries",
        ENTRIES,
        "--jurors",
        JURORS,
        "--preset",
        "kipp",
    ])
    .ok();
    let out = sb
        .command(&["invite", "S.json"])
        .env("JURI_PIN_COST", "test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (who, code) = l.split_once(' ').unwrap();
            (who.to_string(), code.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_juror_chooses_a_pin_then_signs_in_with_it_and_strangers_are_refused() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    assert_eq!(
        codes.keys().map(String::as_str).collect::<Vec<_>>(),
        ["J1", "J2", "J3", "J4", "J5", "chair", "presenter"]
    );
    let server = Server::start(&sb, "S.json");
    assert!(server.printed.contains("ssh -p "), "{}", server.printed);
    let code = &codes["J2"];
    let h = sign_in(&server, "J2", &[code, "2468", "2468"])
        .await
        .expect("invite code");
    let screen = Screen::open(h, 80, 24).await;
    screen.wait_for(&["J2"], WAIT).await;
    // The code is used up; the PIN opens from now on; a wrong PIN and a stranger are refused.
    assert!(
        sign_in(&server, "J2", &[code, "1111", "1111"])
            .await
            .is_none()
    );
    assert!(sign_in(&server, "J2", &["1357"]).await.is_none());
    assert!(sign_in(&server, "J9", &["2468"]).await.is_none());
    // A client whose LANG is Indonesian gets the screens in Bahasa Indonesia.
    let h = sign_in(&server, "J2", &["2468"]).await.unwrap();
    let id = Screen::open_with_lang(h, 80, 24, "id_ID.UTF-8").await;
    id.wait_for(&["Masuk sebagai J2"], WAIT).await;
    // While the server holds the session, a juri on one terminal is refused and told who.
    let pid = server.child.id().to_string();
    let out = sb.run(&["open", "S.json"]);
    out.refused(&["S.json", &pid]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_pins_lock_the_person_out_and_the_lockout_is_in_the_audit_log() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let server = Server::start(&sb, "S.json");
    assert!(
        sign_in(&server, "J3", &[&codes["J3"], "2468", "2468"])
            .await
            .is_some()
    );
    for _ in 0..5 {
        assert!(sign_in(&server, "J3", &["1111"]).await.is_none());
    }
    // Locked: even the right PIN is refused now, at the SSH level.
    assert!(sign_in(&server, "J3", &["2468"]).await.is_none());
    // Others are not locked.
    assert!(
        sign_in(&server, "J1", &[&codes["J1"], "1357", "1357"])
            .await
            .is_some()
    );
    let mut server = server;
    assert_eq!(server.stop(), Some(0));
    let journal = std::fs::read_to_string(sb.path("S.json.audit.jsonl")).unwrap();
    assert!(
        journal
            .lines()
            .any(|l| l.contains("\"pin.lockout\"") && l.contains("\"J3\"")),
        "{journal}"
    );
    sb.run(&["verify", "S.json"]).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_tiny_terminals_and_a_flood_of_handshakes_leave_the_others_served() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let server = Server::start(&sb, "S.json");
    let j1 = sign_in(&server, "J1", &[&codes["J1"], "2468", "2468"])
        .await
        .unwrap();
    let j1 = Screen::open(j1, 80, 24).await;
    j1.wait_for(&["J1"], WAIT).await;
    // A 1x1 terminal, resized to nothing and back, sending every byte there is.
    let j2 = sign_in(&server, "J2", &[&codes["J2"], "1357", "1357"])
        .await
        .unwrap();
    let j2 = Screen::open(j2, 1, 1).await;
    j2.resize(0, 0).await;
    // (Without `q` and Ctrl-C, which would close the screen, as they should.)
    let garbage: Vec<u8> = (0..=255u8)
        .filter(|b| *b != b'q' && *b != 3)
        .cycle()
        .take(64 * 1024)
        .collect();
    j2.send(&String::from_utf8_lossy(&garbage)).await;
    j2.send("\x1b[\x1b[999;999999R\x1bO\x1b").await;
    j2.resize(100, 30).await;
    j2.wait_for(&["Signed in as J2"], WAIT).await;
    // A flood of connections that never speak, from one address: the ones over the limit are
    // closed at once, and someone from another address still signs in.
    let mut flood = Vec::new();
    for _ in 0..40 {
        if let Ok(s) = tokio::net::TcpStream::connect(("127.0.0.1", server.port)).await {
            flood.push(s);
        }
    }
    let j3 = common::ssh::sign_in_from(&server, "127.0.0.2", "J3", &[&codes["J3"], "1111", "1111"])
        .await
        .expect("signed in from elsewhere during the flood");
    let j3 = Screen::open(j3, 80, 24).await;
    j3.wait_for(&["J3"], WAIT).await;
    assert!(!j1.is_closed());
    drop(flood);
}

/// Nine jurors, no conflicts.
const NINE: &str = "id,name,role,conflicts\nJ1,Juri Satu,Akademisi,\nJ2,Juri Dua,Akademisi,\nJ3,Juri Tiga,Jurnalis,\nJ4,Juri Empat,LSM/NGO,\nJ5,Juri Lima,Praktisi,\nJ6,Juri Enam,Akademisi,\nJ7,Juri Tujuh,Jurnalis,\nJ8,Juri Delapan,Praktisi,\nJ9,Juri Sembilan,Akademisi,\n";

fn nine_invited(sb: &Sandbox) -> BTreeMap<String, String> {
    std::fs::create_dir_all(sb.dir.path()).unwrap();
    std::fs::write(sb.path("nine.csv"), NINE).unwrap();
    let jurors = sb.path("nine.csv");
    sb.run(&[
        "new",
        "S.json",
        "--entries",
        ENTRIES,
        "--jurors",
        jurors.to_str().unwrap(),
        "--preset",
        "kipp",
    ])
    .ok();
    let out = sb
        .command(&["invite", "S.json"])
        .env("JURI_PIN_COST", "test")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (who, code) = l.split_once(' ').unwrap();
            (who.to_string(), code.to_string())
        })
        .collect()
}

/// Juror `n`'s value for criterion `c` (both from 1): `n` then `c`, e.g. 37 for J3's seventh,
/// so that every juror's values are their own.
fn value(n: usize, c: usize) -> String {
    format!("{n}{c}")
}

/// The sheet's rows as the screen shows them: each criterion's line, by the criterion's name.
const CRITERIA: [&str; 8] = [
    "Problem analysis",
    "Novelty",
    "Implementation",
    "Impact",
    "Sustainability",
    "Replicability",
    "Presentation",
    "Interview",
];

/// The numbers on the sheet's criterion lines of a screen, after the scale (the values and
/// notes; the weight and the scale come before).
fn sheet_numbers(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| CRITERIA.iter().any(|c| l.contains(c)))
        .filter_map(|l| l.split_once("0–100").map(|(_, rest)| rest))
        .flat_map(|l| {
            l.split(|ch: char| !ch.is_ascii_digit())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nine_jurors_at_their_own_screens_submit_at_once_and_the_chair_sees_nine_of_nine() {
    let sb = Sandbox::new();
    let codes = nine_invited(&sb);
    let server = Server::start(&sb, "S.json");
    let chair = sign_in(&server, "chair", &[&codes["chair"], "9999", "9999"])
        .await
        .unwrap();
    let chair = Screen::open(chair, 120, 40).await;
    chair.wait_for(&["Agenda", "Connected: chair"], WAIT).await;
    // The first entry on stage.
    chair.send("\r").await;
    chair.wait_for(&["0 of 9 submitted for E01"], WAIT).await;
    let mut jurors = Vec::new();
    for n in 1..=9 {
        let who = format!("J{n}");
        let h = sign_in(&server, &who, &[&codes[&who], "2468", "2468"])
            .await
            .unwrap();
        jurors.push(Screen::open(h, 100, 30).await);
    }
    for (i, j) in jurors.iter().enumerate() {
        j.wait_for(
            &[&format!("Signed in as J{}", i + 1), "Problem analysis"],
            WAIT,
        )
        .await;
    }
    chair.wait_for(&["J9", "waiting for J1, J2"], WAIT).await;
    // The chair nudges: every juror still awaited is told on their own screen.
    chair.send("N").await;
    chair.wait_for(&["Nudged: J1, J2, J3"], WAIT).await;
    for j in &jurors {
        j.wait_for(&["The chair asks for your sheet for E01"], WAIT)
            .await;
    }
    // Everyone types their sheet at once.
    let mut typing = Vec::new();
    for (i, j) in jurors.iter().enumerate() {
        let keys: String = (1..=8).map(|c| format!("{}\r", value(i + 1, c))).collect();
        typing.push(j.send_owned(keys));
    }
    for t in typing {
        t.await;
    }
    for (i, j) in jurors.iter().enumerate() {
        let n = i + 1;
        let screen = j.wait_for(&[&value(n, 8)], WAIT).await;
        let mine: Vec<String> = (1..=8).map(|c| value(n, c)).collect();
        for number in sheet_numbers(&screen) {
            assert!(
                !(11..=98).contains(&number.parse::<u32>().unwrap_or(0)) || mine.contains(&number),
                "J{n}'s screen shows {number}, not one of their values:\n{screen}"
            );
        }
    }
    for j in &jurors {
        j.send("S").await;
    }
    for j in &jurors {
        j.wait_for(&["y"], WAIT).await;
        j.send("y").await;
    }
    chair.wait_for(&["9 of 9 submitted for E01"], WAIT).await;
    // No juror's screen ever showed another's values, nor the standings.
    for (i, j) in jurors.iter().enumerate() {
        let n = i + 1;
        let screen = j.text();
        let mine: Vec<String> = (1..=8).map(|c| value(n, c)).collect();
        for number in sheet_numbers(&screen) {
            assert!(
                !(11..=98).contains(&number.parse::<u32>().unwrap_or(0)) || mine.contains(&number),
                "J{n}'s screen shows {number}:\n{screen}"
            );
        }
        j.wait_for(&["submitted and saved"], WAIT).await;
        // Leaving the sheet goes to the stage; the standings are the chair's.
        j.send("\x1b").await;
        j.wait_for(&["[2 Stage]"], WAIT).await;
        j.send("4").await;
        let after = j.wait_for(&["Not on your screen"], WAIT).await;
        assert!(!after.contains("Rank"), "{after}");
        // The keys shown are a juror's, not the chair's.
        assert!(
            after.contains("3 your sheet") && !after.contains("start/pause"),
            "{after}"
        );
    }
    // The standings moved: the chair sees the entry ranked.
    chair.send("4").await;
    chair.wait_for(&["E01"], WAIT).await;
    let mut server = server;
    assert_eq!(server.stop(), Some(0));
    sb.run(&["verify", "S.json"]).ok();
    let out = sb.run(&["standings", "S.json", "--format", "csv"]);
    out.ok();
    assert!(out.stdout.contains("E01"), "{}", out.stdout);
}

/// The chair signed in, with the first entry put on stage.
async fn chair_with_e01_on_stage(server: &Server, code: &str, pin: &str, fresh: bool) -> Screen {
    let answers: Vec<&str> = if fresh {
        vec![code, pin, pin]
    } else {
        vec![pin]
    };
    let h = sign_in(server, "chair", &answers).await.unwrap();
    let chair = Screen::open(h, 120, 40).await;
    chair.wait_for(&["Agenda", "Connected: chair"], WAIT).await;
    if fresh {
        chair.send("\r").await;
    }
    chair.wait_for(&["submitted for E01"], WAIT).await;
    chair
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_juror_who_drops_off_comes_back_to_the_same_draft_and_signing_in_again_takes_over() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let server = Server::start(&sb, "S.json");
    let _chair = chair_with_e01_on_stage(&server, &codes["chair"], "9999", true).await;
    let h = sign_in(&server, "J1", &[&codes["J1"], "2468", "2468"])
        .await
        .unwrap();
    let j1 = Screen::open(h, 100, 30).await;
    j1.wait_for(&["Problem analysis"], WAIT).await;
    j1.send("41\r42\r").await;
    j1.wait_for(&["42", "✓ saved ·"], WAIT).await;
    // The connection drops: nothing the screen showed as saved is lost.
    drop(j1);
    let h = sign_in(&server, "J1", &["2468"]).await.unwrap();
    let again = Screen::open(h, 100, 30).await;
    let screen = again
        .wait_for(&["Problem analysis", "41", "42"], WAIT)
        .await;
    assert_eq!(sheet_numbers(&screen), ["41", "42"], "{screen}");
    // Signing in once more, elsewhere, takes the screen over: the older one is told and closed.
    let h = sign_in(&server, "J1", &["2468"]).await.unwrap();
    let third = Screen::open(h, 100, 30).await;
    third.wait_for(&["41", "42"], WAIT).await;
    again
        .wait_for(&["You signed in again on another screen"], WAIT)
        .await;
    for _ in 0..100 {
        if again.is_closed() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(again.is_closed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_presenter_sees_the_stage_alone_and_presses_nothing() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let server = Server::start(&sb, "S.json");
    let chair = chair_with_e01_on_stage(&server, &codes["chair"], "9999", true).await;
    let h = sign_in(&server, "presenter", &[&codes["presenter"], "1234", "1234"])
        .await
        .unwrap();
    let p = Screen::open(h, 100, 30).await;
    let screen = p.wait_for(&["E01", "SIPANDU", "█", "E02"], WAIT).await;
    assert!(
        !screen.contains("Agenda") && !screen.contains("Standings"),
        "{screen}"
    );
    // The chair starts the clock; the presenter's keys change nothing.
    chair.send("2").await;
    chair.wait_for(&["[2 Stage]"], WAIT).await;
    chair.send(" ").await;
    p.send("1 4rnq").await;
    p.wait_for(&["E01", "█"], WAIT).await;
    let after = p.text();
    assert!(
        !after.contains("Agenda") && !after.contains("Rank"),
        "{after}"
    );
    assert!(!p.is_closed() || after.contains("closed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_killed_mid_scoring_restarts_with_every_submitted_sheet_and_verifies() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let mut server = Server::start(&sb, "S.json");
    let chair = chair_with_e01_on_stage(&server, &codes["chair"], "9999", true).await;
    let mut jurors = Vec::new();
    for n in 1..=3 {
        let who = format!("J{n}");
        let h = sign_in(&server, &who, &[&codes[&who], "2468", "2468"])
            .await
            .unwrap();
        let j = Screen::open(h, 100, 30).await;
        j.wait_for(&["Problem analysis"], WAIT).await;
        jurors.push(j);
    }
    for (i, j) in jurors.iter().enumerate().take(2) {
        let keys: String = (1..=8).map(|c| format!("{}\r", value(i + 1, c))).collect();
        j.send(&keys).await;
        j.wait_for(&[&value(i + 1, 8)], WAIT).await;
        j.send("S").await;
        j.wait_for(&["y"], WAIT).await;
        j.send("y").await;
        j.wait_for(&["submitted and saved"], WAIT).await;
    }
    jurors[2].send("31\r32\r").await;
    jurors[2].wait_for(&["32", "✓ saved ·"], WAIT).await;
    chair.wait_for(&["2 of 5 submitted for E01"], WAIT).await;
    // Mid-scoring, the server is killed.
    jurors[2].send("3").await;
    server.kill_9();
    drop(jurors);
    drop(chair);
    let server = Server::start(&sb, "S.json");
    let chair = chair_with_e01_on_stage(&server, "", "9999", false).await;
    chair.wait_for(&["2 of 5 submitted for E01"], WAIT).await;
    let h = sign_in(&server, "J3", &["2468"]).await.unwrap();
    let j3 = Screen::open(h, 100, 30).await;
    let screen = j3.wait_for(&["Problem analysis", "31", "32"], WAIT).await;
    assert_eq!(sheet_numbers(&screen), ["31", "32"], "{screen}");
    let mut server = server;
    assert_eq!(server.stop(), Some(0));
    sb.run(&["verify", "S.json"]).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_holds_up_no_one_and_is_drawn_in_full_when_it_reads_again() {
    let sb = Sandbox::new();
    let codes = invited(&sb);
    let server = Server::start(&sb, "S.json");
    let _c = chair_with_e01_on_stage(&server, &codes["chair"], "9999", true).await;
    // The chair also opens a large screen elsewhere and stops reading it: frames of a
    // fifty thousand cells each, resized again and again, far beyond SSH's window.
    let resume = std::sync::Arc::new(tokio::sync::Notify::new());
    let h = sign_in(&server, "chair", &["9999"]).await.unwrap();
    let stuck = Screen::open_paused(h, 500, 400, resume.clone()).await;
    // Resized until its client, reading nothing, takes no more.
    for i in 0..80u16 {
        let resized =
            tokio::time::timeout(Duration::from_millis(500), stuck.resize(500 - i % 2, 400));
        if resized.await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    // Others come and go (each a change on the stuck screen's panel line), unhindered.
    for _ in 0..10 {
        let h = sign_in(&server, "J2", &["2468"]).await;
        let h = match h {
            Some(h) => h,
            None => sign_in(&server, "J2", &[&codes["J2"], "2468", "2468"])
                .await
                .unwrap(),
        };
        let j2 = Screen::open(h, 80, 24).await;
        j2.wait_for(&["Signed in as J2"], WAIT).await;
        drop(j2);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Meanwhile a juror scores and submits, answered as usual.
    let h = sign_in(&server, "J1", &[&codes["J1"], "2468", "2468"])
        .await
        .unwrap();
    let j1 = Screen::open(h, 100, 30).await;
    j1.wait_for(&["Problem analysis"], WAIT).await;
    let keys: String = (1..=8).map(|c| format!("{}\r", value(1, c))).collect();
    j1.send(&keys).await;
    j1.wait_for(&[&value(1, 8)], WAIT).await;
    j1.send("S").await;
    j1.wait_for(&["y"], WAIT).await;
    j1.send("y").await;
    j1.wait_for(&["submitted and saved"], WAIT).await;
    // The stuck screen reads again: it is drawn again in full, as things are now.
    resume.notify_one();
    stuck
        .wait_for(&["1 of 5 submitted for E01"], Duration::from_secs(120))
        .await;
}
