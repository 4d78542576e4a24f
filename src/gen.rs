//! Large, realistic sessions for measuring speed: `juri gen`, the benches and the latency harness.
//!
//! [`generate`] builds a KIPP final the way a real day goes: entries are put on stage in agenda
//! order, presented and interviewed on the clock, then every juror without a conflict fills in
//! and submits a sheet. Every change is recorded in the audit log exactly as a real day would
//! record it (every change goes through [`Session::apply`]), so `juri verify` accepts the file.
//! The same seed gives the same session, byte for byte.

use chrono::{Duration, TimeZone};

use crate::model::{
    Category, Change, Entry, Juror, Rubric, Schedule, Session, SheetState, Status, Time,
};

/// The number of jurors of a panel when none is asked for.
pub const DEFAULT_JURORS: usize = 15;

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same session on
/// every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Normal with mean 0 and standard deviation 1 (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const ACRONYMS: &[&str] = &[
    "SIPANDU", "CAKES", "JEMPOL", "SIGAP", "SAKTI", "SIMPEL", "LAKSMI", "GEMAS", "SIDAK", "SERASI",
    "PANTAS", "SIAP", "TEPAT", "CERIA", "SEHATI", "MANTAP", "PRIMA", "BERSINAR", "SIKAT", "LARIS",
    "KUDU", "SEKAR", "PESAT", "SAHABAT", "TANGGUH", "JAGA", "LENTERA", "SEMAI", "DAMAI", "PINTAR",
];

const KINDS: &[&str] = &[
    "Sistem",
    "Gerakan",
    "Layanan",
    "Aplikasi",
    "Sekolah",
    "Posko",
    "Rumah",
    "Klinik",
    "Pusat",
    "Jaringan",
    "Program",
    "Kampung",
    "Bursa",
    "Kelompok",
    "Forum",
    "Data Terpadu",
];

const TOPICS: &[&str] = &[
    "Gizi Balita",
    "Administrasi Kependudukan",
    "Perizinan Usaha",
    "Kesehatan Ibu dan Anak",
    "Pengelolaan Sampah",
    "Air Bersih",
    "Pendidikan Nonformal",
    "Pajak Kendaraan",
    "Penanggulangan Bencana",
    "UMKM",
    "Pertanian Organik",
    "Perlindungan Sosial",
    "Ketahanan Pangan",
    "Pencegahan Stunting",
    "Anak Putus Sekolah",
    "Harga Ikan",
    "Rujukan Pasien",
    "Kesejahteraan Sosial",
    "Anggaran Desa",
    "Kerja Kampus dan Pesantren",
    "Imunisasi",
    "Sertifikat Tanah",
    "Pengaduan Masyarakat",
    "Lansia dan Disabilitas",
];

const QUALIFIERS: &[&str] = &[
    "Terpadu",
    "Berbasis Desa",
    "Waktu Nyata",
    "Jemput Bola",
    "Satu Pintu",
    "Daring",
    "Keliling",
    "Berbasis Komunitas",
    "Tanpa Antre",
    "Satu Hari",
    "Terbuka",
    "Ramah Anak",
    "Berbasis SMS",
    "Digital",
];

const AGENCIES: &[&str] = &[
    "Dinas Kesehatan",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Badan Pendapatan Daerah",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "RSUD",
    "Dinas Pertanian dan Ketahanan Pangan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Tenaga Kerja dan Transmigrasi",
    "Badan Penanggulangan Bencana Daerah",
    "Dinas Perdagangan Koperasi dan UKM",
    "Puskesmas",
];

const REGIONS: &[&str] = &[
    "Kabupaten Belu",
    "Kabupaten Batang",
    "Kabupaten Brebes",
    "Kabupaten Pemalang",
    "Kabupaten Pekalongan",
    "Kabupaten Banyumas",
    "Kota Surakarta",
    "Kabupaten Sleman",
    "Kota Kupang",
    "Kabupaten Sikka",
    "Kabupaten Gowa",
    "Kota Makassar",
    "Kabupaten Bantul",
    "Kabupaten Lombok Timur",
    "Kota Padang",
    "Kabupaten Banyuwangi",
    "Kota Balikpapan",
    "Kabupaten Sumedang",
];

const PRESENTERS: &[&str] = &[
    "Kepala Dinas",
    "Sekretaris Dinas",
    "Kepala Bidang",
    "Direktur RSUD",
    "Kepala Puskesmas",
    "Camat",
    "Kepala Desa",
    "Kepala Badan",
];

const ROLES: &[&str] = &["Akademisi", "Jurnalis", "LSM", "Praktisi", "Pemerintah"];

/// Category id, name, Top N (clamped to the category's size).
const CATEGORIES: &[(&str, &str, u32)] = &[
    ("prov", "Perangkat Daerah Provinsi", 99),
    ("kabkota", "Kabupaten/Kota", 45),
    ("bumd", "BUMD dan BLUD", 20),
    ("desa", "Desa/Kelurahan", 10),
];

fn start_of_day() -> Time {
    chrono::FixedOffset::east_opt(7 * 3600)
        .expect("UTC+7 is a valid offset")
        .with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
        .single()
        .expect("a valid date")
}

fn title(rng: &mut Rng) -> String {
    let kind = rng.pick(KINDS);
    let topic = rng.pick(TOPICS);
    let qual = rng.pick(QUALIFIERS);
    match rng.below(4) {
        0 => format!("{}: {kind} {topic} {qual}", rng.pick(ACRONYMS)),
        1 => format!("{kind} {topic} {qual} ({})", rng.pick(ACRONYMS)),
        2 => format!("{kind} {topic} {qual}"),
        _ => format!("{} {topic}", rng.pick(ACRONYMS)),
    }
}

/// The session before its first change: rubric, categories, entries and jurors.
fn definition(entries: usize, jurors: usize, rng: &mut Rng) -> Session {
    let rubric = Rubric::preset("kipp").expect("built-in preset");
    let mut s = Session::new("Final KIPP Provinsi 2026", rubric, start_of_day());
    // A seeded id keeps the file reproducible; the audit chain starts from it.
    s.id = format!("{:016x}{:016x}", rng.next(), rng.next());
    s.title = format!("Final KIPP Provinsi 2026 ({entries} inovasi)");
    s.stage = "Presentasi dan wawancara".into();
    s.language = Some("id".into());
    s.place = Some("Ruang Rapat Bappeda (daring)".into());
    s.schedule = Some(Schedule {
        start: "08:00".into(),
        slot_minutes: 25,
        days: Vec::new(),
    });
    s.tie_break = vec!["impact".into(), "novelty".into()];

    let ncat = 2 + rng.below(3);
    let cats = &CATEGORIES[..ncat];
    let width = entries.to_string().len().max(2);
    let mut per_cat = vec![0u32; ncat];
    for i in 0..entries {
        // Most entries are from the regencies and cities, as in a real final.
        let c = if ncat > 1 && rng.chance(0.55) {
            1
        } else {
            rng.below(ncat)
        };
        per_cat[c] += 1;
        let (cat, _, _) = cats[c];
        let agency = rng.pick(AGENCIES);
        let (institution, region) = if cat == "prov" {
            (format!("{agency} Provinsi"), "Kota Semarang".to_string())
        } else {
            let r = rng.pick(REGIONS);
            (format!("{agency} {r}"), r.to_string())
        };
        s.entries.push(Entry {
            id: format!("E{:0width$}", i + 1),
            title: title(rng),
            institution,
            category: cat.into(),
            region: Some(region),
            presenter: Some(rng.pick(PRESENTERS).into()),
            status: Status::Scheduled,
            ..Default::default()
        });
    }
    s.categories = cats
        .iter()
        .zip(&per_cat)
        .map(|(&(id, name, top), &n)| Category {
            id: id.into(),
            name: name.into(),
            top_n: Some(top.min(n.max(2) / 2).max(1)),
        })
        .collect();

    for j in 0..jurors {
        let role = ROLES[j % ROLES.len()];
        // A few jurors declare a conflict of interest with one or two entries.
        let mut conflicts = Vec::new();
        if entries > 1 && j % 4 == 3 {
            for _ in 0..1 + rng.below(2) {
                let e = s.entries[rng.below(entries)].id.clone();
                if !conflicts.contains(&e) {
                    conflicts.push(e);
                }
            }
        }
        s.jurors.push(Juror {
            id: format!("J{}", j + 1),
            name: format!("Juri {} ({})", j + 1, role.to_lowercase()),
            role: Some(role.into()),
            conflicts,
        });
    }
    s
}

/// A session of `entries` innovations and `jurors` jurors (15 is usual, see
/// [`DEFAULT_JURORS`]) where the first `scored` fraction (0 to 1) of the agenda has been
/// presented and fully scored: every juror without a conflict submitted a complete sheet. When
/// not every entry is scored, the next entry is on stage, its presentation running, and some
/// jurors have draft sheets for it. The same arguments give the same session.
pub fn generate(entries: usize, jurors: usize, scored: f64, seed: u64) -> Session {
    build(entries, jurors, scored, seed)
}

fn build(entries: usize, jurors: usize, scored: f64, seed: u64) -> Session {
    let mut rng = Rng(seed ^ 0x6A75_7269_6765_6E00);
    let mut s = definition(entries, jurors, &mut rng);
    let done = ((scored.clamp(0.0, 1.0) * entries as f64).round() as usize).min(entries);

    // Each juror is a little strict or lenient; each criterion a little harder or easier.
    let bias: Vec<f64> = (0..jurors).map(|_| rng.normal() * 4.0).collect();
    let crit: Vec<(String, f64)> = s
        .rubric
        .criteria
        .iter()
        .map(|c| (c.id.clone(), rng.normal() * 3.0))
        .collect();
    let juror_ids: Vec<String> = s.jurors.iter().map(|j| j.id.clone()).collect();

    let mut clock = start_of_day();
    let apply = |s: &mut Session, actor: &str, change: Change, at: Time| {
        s.apply(actor, change, at)
            .expect("a generated change is always accepted");
    };
    let ids: Vec<String> = s.entries.iter().map(|e| e.id.clone()).collect();
    for (i, id) in ids.iter().enumerate().take((done + 1).min(entries)) {
        let e = || id.clone();
        let presented = i < done;
        // Presenters need a moment to connect; the day drifts a little behind its slots.
        clock += Duration::seconds(60 + rng.below(240) as i64);
        apply(
            &mut s,
            "chair",
            Change::SetCurrent { entry: Some(e()) },
            clock,
        );
        apply(&mut s, "chair", Change::TimerToggle { entry: e() }, clock);
        if !presented {
            // The next entry: presenting now, a few jurors already noting values.
            clock += Duration::seconds(120 + rng.below(120) as i64);
            for (j, juror) in juror_ids.iter().enumerate().filter(|(j, _)| j % 3 == 0) {
                if s.conflicted(juror, id) {
                    continue;
                }
                for (c, _) in crit.iter().take(1 + (i + j) % 3) {
                    let value = Some((60 + rng.below(35)) as f64);
                    clock += Duration::seconds(5 + rng.below(20) as i64);
                    let change = Change::SetValue {
                        entry: e(),
                        juror: juror.clone(),
                        criterion: c.clone(),
                        value,
                    };
                    apply(&mut s, juror, change, clock);
                }
            }
            break;
        }
        clock += Duration::seconds(360 + rng.below(120) as i64);
        apply(&mut s, "chair", Change::TimerNext { entry: e() }, clock);
        clock += Duration::seconds(600 + rng.below(300) as i64);
        apply(&mut s, "chair", Change::TimerNext { entry: e() }, clock);

        let quality = 72.0 + rng.normal() * 8.0;
        for (j, juror) in juror_ids.iter().enumerate() {
            if s.conflicted(juror, id) {
                continue;
            }
            let mut at = clock + Duration::seconds(20 + rng.below(60) as i64);
            for (c, offset) in &crit {
                let v = (quality + bias[j] + offset + rng.normal() * 6.0)
                    .round()
                    .clamp(0.0, 100.0);
                at += Duration::seconds(2 + rng.below(8) as i64);
                let change = Change::SetValue {
                    entry: e(),
                    juror: juror.clone(),
                    criterion: c.clone(),
                    value: Some(v),
                };
                apply(&mut s, juror, change, at);
            }
            at += Duration::seconds(3);
            let change = Change::Submit {
                entry: e(),
                juror: juror.clone(),
            };
            apply(&mut s, juror, change, at);
        }
        clock += Duration::seconds(150);
    }
    if done == entries && entries > 0 {
        apply(&mut s, "chair", Change::SetCurrent { entry: None }, clock);
    }
    s
}

/// Sets up a generated session for driving the screens: the middle entry of the agenda goes on
/// stage with its clock reset (Space starts it), and the chair reopens the first juror's sheet
/// for it, so the first juror in the picker can open the sheet and type. Returns the entry's id.
pub fn prepare_live(s: &mut Session) -> crate::Result<String> {
    // The middle entry, or the next one the first juror may score.
    let first = s
        .jurors
        .first()
        .map(|j| j.conflicts.clone())
        .unwrap_or_default();
    let entry = s.entries[s.entries.len() / 2..]
        .iter()
        .map(|e| e.id.clone())
        .find(|id| !first.contains(id))
        .ok_or_else(|| crate::Error::rejected("the session has no entry to score"))?;
    let at = s.updated + Duration::minutes(5);
    s.apply(
        "chair",
        Change::SetCurrent {
            entry: Some(entry.clone()),
        },
        at,
    )?;
    s.apply(
        "chair",
        Change::TimerReset {
            entry: entry.clone(),
        },
        at,
    )?;
    let juror = s.jurors.first().map(|j| j.id.clone());
    if let Some(juror) = juror
        && s.sheet(&entry, &juror)
            .is_some_and(|sh| sh.state == SheetState::Submitted)
    {
        s.apply(
            "chair",
            Change::Reopen {
                entry: entry.clone(),
                juror,
                reason: "nilai salah ketik".into(),
            },
            at,
        )?;
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;
    use crate::standings::verify::verify;

    #[test]
    fn small_sessions_verify_and_validate() {
        for (entries, jurors, scored) in [(12, 5, 1.0), (20, 15, 0.5), (7, 3, 0.0), (1, 1, 1.0)] {
            let s = generate(entries, jurors, scored, 7);
            assert!(validate(&s).is_empty(), "{:?}", validate(&s));
            let v = verify(&s, &s.audit).unwrap_or_else(|e| panic!("{entries}x{jurors}: {e}"));
            assert_eq!(s.entries.len(), entries);
            assert_eq!(s.jurors.len(), jurors);
            assert_eq!(s.rubric.criteria.len(), 8);
            assert!((2..=4).contains(&s.categories.len()));
            assert!(s.categories.iter().all(|c| c.top_n.is_some()));
            let done = (scored * entries as f64).round() as usize;
            let full: usize = s.entries[..done]
                .iter()
                .map(|e| s.expected_sheets(&e.id))
                .sum();
            assert_eq!(v.submitted, full, "{entries}x{jurors}");
            if done < entries {
                assert_eq!(s.current.as_deref(), Some(s.entries[done].id.as_str()));
                assert!(s.scores.iter().any(|sh| !sh.is_submitted()), "drafts");
            } else {
                assert_eq!(s.current, None);
            }
        }
    }

    #[test]
    fn a_full_panel_has_a_few_conflicts_and_indonesian_names() {
        let s = generate(40, DEFAULT_JURORS, 1.0, 1);
        let conflicts: usize = s.jurors.iter().map(|j| j.conflicts.len()).sum();
        assert!((1..=8).contains(&conflicts), "{conflicts}");
        assert!(s.entries.iter().all(|e| e.status == Status::Done));
        assert!(s.entries.iter().any(|e| e.institution.starts_with("Dinas")));
        assert!(verify(&s, &s.audit).is_ok());
    }

    #[test]
    fn the_same_seed_gives_the_same_session() {
        let a = generate(15, 4, 0.6, 42);
        let b = generate(15, 4, 0.6, 42);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        let c = generate(15, 4, 0.6, 43);
        assert_ne!(a.id, c.id);
        assert_ne!(a.entries, c.entries);
    }

    #[test]
    fn a_prepared_session_is_live_and_still_verifies() {
        let mut s = generate(10, 3, 1.0, 3);
        let e = prepare_live(&mut s).unwrap();
        assert_eq!(s.current.as_deref(), Some(e.as_str()));
        assert!(
            s.scores
                .iter()
                .any(|sh| sh.entry == e && !sh.is_submitted())
        );
        assert!(verify(&s, &s.audit).is_ok());
    }
}
