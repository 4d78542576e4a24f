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
    assert!(sign_in(&server, "J2", &["2468"]).await.is_some());
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
    let garbage: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    j2.send(&String::from_utf8_lossy(&garbage)).await;
    j2.send("\x1b[\x1b[999;999999R\x1bO\x1b").await;
    j2.resize(60, 20).await;
    j2.wait_for(&["J2"], WAIT).await;
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
