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
}
