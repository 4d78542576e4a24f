//! The one catalog of user-facing strings on the screens, in English and Bahasa Indonesia.

/// Formats a rubric number without trailing zeros: 85, 7.5, 0.25.
pub fn fmt_num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A number as a message quotes it: huge and tiny ones in exponent form (`1e308`, `5e-324`)
/// instead of hundreds of digits.
pub fn show_num(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Id,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "id" => Some(Lang::Id),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// `--lang`, else the session's language, else the environment's `LANG`, else English.
    pub fn choose(flag: Option<&str>, session: Option<&str>, env_lang: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| session.and_then(Lang::parse))
            .or_else(|| {
                env_lang.map(|l| {
                    if l.starts_with("id") || l.starts_with("in_") {
                        Lang::Id
                    } else {
                        Lang::En
                    }
                })
            })
            .unwrap_or_default()
    }
}

macro_rules! catalog {
    ($($key:ident => $en:expr, $id:expr;)*) => {
        /// A user-facing string; `get` gives it in a language, `fill` replaces its `{}`s in order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Id) => $id,)*
                }
            }
        }
    };
}

impl T {
    pub fn fill(self, lang: Lang, args: &[&str]) -> String {
        let mut out = String::new();
        let mut rest = self.get(lang);
        let mut args = args.iter();
        while let Some(i) = rest.find("{}") {
            out.push_str(&rest[..i]);
            out.push_str(args.next().copied().unwrap_or(""));
            rest = &rest[i + 2..];
        }
        out.push_str(rest);
        out
    }
}

catalog! {
    // Errors and hints on the command line (the screens show the same words).
    ErrPrefix => "error", "galat";
    HintPrefix => "hint", "saran";
    ErrIo => "cannot {} {}: {}", "tidak dapat {} {}: {}";
    ErrParse => "{} is not a readable session file: {}", "{} bukan berkas sesi yang dapat dibaca: {}";
    ErrInvalidMany => "{} has {} problems:", "{} memiliki {} masalah:";
    ErrLocked => "{} is being written by another juri ({})", "{} sedang ditulis oleh juri lain ({})";
    ErrExists => "{} already exists", "{} sudah ada";
    ErrCsv => "{}, line {}: {}", "{}, baris {}: {}";
    ErrTampered => "{} was changed outside juri: {}", "{} diubah di luar juri: {}";
    ErrSymlink => "{} is a symbolic link: juri does not write through links", "{} adalah tautan simbolik: juri tidak menulis melalui tautan";
    ErrNotRegular => "{} is not a regular file but {}", "{} bukan berkas biasa melainkan {}";
    ErrTooLarge => "{} holds {} bytes, more than juri reads from such a file ({} bytes)", "{} berisi {} bita, lebih dari yang dibaca juri dari berkas semacam itu ({} bita)";
    ErrNoTerminal => "juri open needs a terminal: its {} is not one", "juri open memerlukan terminal: {}-nya bukan terminal";
    ErrTermInput => "input", "masukan";
    ErrTermOutput => "output", "keluaran";
    VerbRead => "read", "membaca";
    VerbWrite => "write", "menulis";
    VerbCreate => "create", "membuat";
    VerbLock => "lock", "mengunci";
    VerbBackUp => "back up", "mencadangkan";
    VerbUse => "use", "memakai";
    VerbStartWriter => "start the writer for", "memulai penulis untuk";
    IoNotFound => "No such file or directory", "berkas atau folder itu tidak ada";
    IoPermission => "Permission denied", "izin ditolak";
    IoExists => "File exists", "berkas sudah ada";
    IoFull => "No space left on device", "ruang disk habis";
    IoReadOnly => "Read-only file system", "sistem berkas hanya-baca";
    IoIsFolder => "Is a directory", "itu sebuah folder";
    IoNotFolder => "Not a directory", "bukan sebuah folder";
    KindPipe => "a named pipe", "pipa bernama";
    KindDevice => "a device", "perangkat";
    KindSocket => "a socket", "soket";
    KindFolder => "a folder", "folder";
    KindSpecial => "a special file", "berkas khusus";
    HintIo => "check the path and its permissions", "periksa jalur dan izinnya";
    HintRecoverBak => "the file was not changed; `juri recover {}` shows the previous version kept in {}", "berkas tidak diubah; `juri recover {}` menampilkan versi sebelumnya yang disimpan di {}";
    HintFixField => "the file was not changed; fix the field named above, or restore a copy", "berkas tidak diubah; perbaiki isian yang disebut di atas, atau pulihkan salinannya";
    HintLocked => "close the other juri on this session first, or wait until it has finished", "tutup dulu juri lain yang membuka sesi ini, atau tunggu sampai selesai";
    HintExists => "choose another file name", "pilih nama berkas lain";
    HintReplace => "add --replace to replace submitted sheets (each is recorded in the audit log); nothing was changed", "tambahkan --replace untuk mengganti lembar terkirim (masing-masing dicatat di log audit); tidak ada yang diubah";
    HintCsvLine => "fix that line and run the command again; nothing was changed", "perbaiki baris itu lalu jalankan perintahnya lagi; tidak ada yang diubah";
    HintTampered => "nothing was written; `juri verify {}` names what differs: compare with the backup (`juri recover {}`) and the fingerprint on the signed minutes", "tidak ada yang ditulis; `juri verify {}` menyebut apa yang berbeda: bandingkan dengan cadangan (`juri recover {}`) dan sidik jari pada berita acara yang ditandatangani";
    HintJournal => "a session file and its audit journal (NAME.audit.jsonl beside it) belong together: copy, move and back them up as a pair; nothing was changed", "berkas sesi dan jurnal auditnya (NAMA.audit.jsonl di sebelahnya) satu pasang: salin, pindahkan, dan cadangkan bersama; tidak ada yang diubah";
    HintSymlink => "put the file itself at that name (or remove the link: a lock file is made again) and run the command again; nothing was changed", "letakkan berkasnya sendiri pada nama itu (atau hapus tautannya: berkas kunci dibuat lagi) lalu jalankan perintahnya lagi; tidak ada yang diubah";
    HintNotRegular => "juri reads and writes plain files only: give the path of a session file; nothing was changed", "juri hanya membaca dan menulis berkas biasa: berikan jalur berkas sesi; tidak ada yang diubah";
    HintTooLarge => "this is not a file juri wrote: check the path; nothing was changed", "ini bukan berkas yang ditulis juri: periksa jalurnya; tidak ada yang diubah";
    HintUsage => "see `juri help`", "lihat `juri help`";
    HintChairPin => "with PINs on, chair actions need the chair's PIN: run the command on a terminal to be asked for it, or give it on standard input with --chair-pin-stdin; no score was changed", "bila PIN aktif, tindakan ketua memerlukan PIN ketua: jalankan perintah di terminal agar ditanya, atau berikan lewat masukan standar dengan --chair-pin-stdin; tidak ada nilai yang diubah";
    HintNoTerminal => "run it in a terminal window; scripts can use `juri standings`, `juri export` or `juri validate`", "jalankan di jendela terminal; skrip dapat memakai `juri standings`, `juri export`, atau `juri validate`";
    CliChairPinNew => "The chair's PIN (4 to 8 digits)", "PIN ketua (4 sampai 8 angka)";
    CliChairPinAgain => "The chair's PIN again", "PIN ketua sekali lagi";
    CliChairPinCurrent => "The chair's current PIN", "PIN ketua yang berlaku sekarang";
    CliChairPin => "the chair's PIN", "PIN ketua";
    CliPinDigits => "the chair's PIN must have 4 to 8 digits", "PIN ketua harus terdiri dari 4 sampai 8 angka";
    CliPinsDiffer => "the two PINs differ; nothing was changed", "kedua PIN berbeda; tidak ada yang diubah";
    CliPinLocked => "the chair's PIN is locked until {} after wrong tries", "PIN ketua terkunci sampai {} setelah salah berkali-kali";
    CliPinNotCurrent => "that is not the chair's current PIN; nothing was changed", "itu bukan PIN ketua yang berlaku; tidak ada yang diubah";
    CliPinSet => "the chair's PIN of {} is set", "PIN ketua untuk {} sudah ditetapkan";
    CliPinNotSet => "{} needs the chair's PIN, and the chair has not set one yet: set it in `juri open {}` (the first chair action asks for it)", "{} memerlukan PIN ketua, dan ketua belum menetapkannya: tetapkan di `juri open {}` (tindakan ketua yang pertama memintanya)";
    CliPinNeededLocked => "{} needs the chair's PIN, which is locked until {} after too many wrong tries", "{} memerlukan PIN ketua, yang terkunci sampai {} karena terlalu sering salah";
    CliPinNoTerminal => "{} needs the chair's PIN, and there is no terminal to ask for it", "{} memerlukan PIN ketua, dan tidak ada terminal untuk memintanya";
    CliPinRetry => "wrong PIN; {} more tries before it is locked for a minute", "PIN salah; {} kali lagi sebelum terkunci satu menit";
    CliPinWrong => "wrong chair's PIN for {}", "PIN ketua salah untuk {}";
    CliPinWrongLocked => "wrong chair's PIN for {}; it is locked until {} (recorded in the audit log)", "PIN ketua salah untuk {}; terkunci sampai {} (tercatat di log audit)";
    CliCancelled => "cancelled; nothing was changed", "dibatalkan; tidak ada yang diubah";
    CliWhatRestore => "restoring the backup", "memulihkan cadangan";
    CliWhatReplace => "replacing {} submitted sheets", "mengganti {} lembar terkirim";
    CliNoBackup => "there is no backup {}", "tidak ada cadangan {}";
    CliSound => "{} is sound: \"{}\", {} entries ({} absent or withdrawn), {} jurors, {} sheets ({} submitted), {} audit events", "{} sehat: \"{}\", {} peserta ({} tidak hadir atau mundur), {} juri, {} lembar ({} terkirim), {} peristiwa audit";
    CliVerified => "{} verified: {} audit events chained from the session id, replay matches {} sheets ({} submitted), the timer log and the standings\nfingerprint {}", "{} terverifikasi: {} peristiwa audit berantai dari id sesi, pemutaran ulang cocok dengan {} lembar ({} terkirim), log timer, dan peringkat\nsidik jari {}";
    CliVerifies => "verifies", "lolos verifikasi";
    CliDoesNotVerify => "does not verify: {}", "tidak lolos verifikasi: {}";
    CliDescribe => "\"{}\", saved {}, {} sheets ({} submitted), {} audit events; {}", "\"{}\", disimpan {}, {} lembar ({} terkirim), {} peristiwa audit; {}";
    CliWrote => "wrote {}", "menulis {}";
    CliAnd => " and ", " dan ";
    CliNow => "now:   ", "kini:    ";
    CliBackup => "backup:", "cadangan:";
    CliCannotLoad => "cannot be loaded: {}", "tidak dapat dimuat: {}";
    CliRestoreAsk => "Restore {} from its backup? [y/N]", "Pulihkan {} dari cadangannya? [y/T]";
    CliNothingChanged => "nothing changed", "tidak ada yang diubah";
    CliKept => "kept the current file as {}", "berkas yang sekarang disimpan sebagai {}";
    CliRestored => "restored {} from {}", "{} dipulihkan dari {}";
    CliImported => "imported {}: {}", "mengimpor {}: {}";
    CliValues => "{} values", "{} nilai";
    CliSheetsSubmitted => "{} sheets submitted", "{} lembar terkirim";
    CliSubmittedSheets => "{} submitted sheets", "{} lembar terkirim";
    CliKeptAsDraft => "{} kept as draft ({})", "{} disimpan sebagai draf ({})";
    CliMissing => "missing {}", "belum ada {}";
    CliAndMore => "and {} more", "dan {} lagi";
    CliReplaced => "{} replaced", "{} diganti";
    CliCreated => "created {}: {} in {}, {}, rubric {} ({})", "{} dibuat: {} dalam {}, {}, rubrik {} ({})";
    CliNEntries => "{} entries", "{} peserta";
    CliNIneligible => " ({} ineligible)", " ({} tidak lolos administrasi)";
    CliNCategories => "{} categories", "{} kategori";
    CliNJurors => "{} jurors", "{} juri";
    CliNCriteria => "{} criteria", "{} kriteria";
    CliAdvanced => "created {}: {} advanced from {} (fingerprint {}); final score = {}", "{} dibuat: {} lanjut dari {} (sidik jari {}); nilai akhir = {}";
    CliNScores => "{} scores", "{} nilai";
    CliStageImported => "imported {} of the stage {}; final score = {}", "mengimpor {} tahap {}; nilai akhir = {}";
    CliAwardGiven => "gave {} the award {}", "{} menerima penghargaan {}";
    CliAwardWithdrawn => "withdrew {} from {}", "{} dicabut dari {}";
    CliMerged => "created {}: {} from {} files, {}, {}", "{} dibuat: {} dari {} berkas, {}, {}";

    // Screens and general words.
    AppName => "juri", "juri";
    ScreenAgenda => "Agenda", "Agenda";
    ScreenStage => "Stage", "Panggung";
    ScreenScoring => "Scoring", "Penilaian";
    ScreenStandings => "Standings", "Peringkat";
    Help => "Help", "Bantuan";
    Enlarge => "Enlarge the terminal to at least {}x{} (now {}x{}).", "Perbesar terminal menjadi minimal {}x{} (sekarang {}x{}).";
    Saved => "saved", "tersimpan";
    Saving => "saving…", "menyimpan…";
    Updating => "updating…", "memperbarui…";
    SavingSheet => "Saving the sheet of {}…", "Menyimpan lembar {}…";
    Exporting => "Writing the recap…", "Menulis rekap…";
    NotSaved => "NOT SAVED: {}", "BELUM TERSIMPAN: {}";
    Yes => "yes", "ya";
    No => "no", "tidak";
    ConfirmQuitTimer => "A timer is running (it keeps running while juri is closed). Quit?", "Timer sedang berjalan (tetap berjalan walau juri ditutup). Keluar?";
    ConfirmQuitUnsaved => "Some changes are not saved. Quit anyway?", "Ada perubahan yang belum tersimpan. Tetap keluar?";
    ConfirmHint => "y: yes   n/Esc: no", "y: ya   n/Esc: tidak";
    PressKeyToClose => "Esc, ? or q closes · j/k, PgUp/PgDn, g/G scroll", "Esc, ? atau q menutup · j/k, PgUp/PgDn, g/G menggulir";
    ConfirmTitle => "Confirm", "Konfirmasi";
    HelpEditor => "Text editor (notes, comment)", "Penyunting teks (catatan, komentar)";
    HelpPin => "PIN prompt", "Isian PIN";
    HelpHandoff => "Scoring: passing the keyboard", "Penilaian: menyerahkan keyboard";
    KClear => "clear", "hapus";
    TimerFinished => "Both phases have ended; reset the timer (r) to run it again.", "Kedua fase sudah selesai; ulang timer (r) untuk menjalankannya lagi.";
    NotSubmitted => "Only a submitted sheet can be reopened.", "Hanya lembar terkirim yang dapat dibuka ulang.";
    ValueRefused => "This value is not on the criterion's scale.", "Nilai ini tidak sesuai skala kriteria.";
    RNoEntry => "There is no entry {}.", "Tidak ada peserta {}.";
    RNoJuror => "There is no juror {}.", "Tidak ada juri {}.";
    RNoCriterion => "There is no criterion {} in the rubric.", "Tidak ada kriteria {} dalam rubrik.";
    RConflict => "Juror {} has a conflict of interest with entry {} and may not score it.", "Juri {} memiliki konflik kepentingan dengan peserta {} dan tidak boleh menilainya.";
    RSheetSubmitted => "The sheet of juror {} for entry {} is submitted; the chair must reopen it first.", "Lembar juri {} untuk peserta {} sudah terkirim; ketua panel harus membukanya ulang dulu.";
    RIncomplete => "The sheet cannot be submitted: no value yet for {}.", "Lembar belum dapat dikirim: belum ada nilai untuk {}.";
    RNotSubmitted => "Juror {} has no submitted sheet for entry {}.", "Juri {} tidak punya lembar terkirim untuk peserta {}.";
    RQuorumZero => "A quorum is at least 1 sheet.", "Kuorum paling sedikit 1 lembar.";
    RQuorumAbovePanel => "A quorum of {} is more than the panel's {} jurors.", "Kuorum {} melebihi {} juri dalam panel.";
    RPinNotHashed => "A PIN is stored only as an Argon2id hash.", "PIN hanya disimpan sebagai hash Argon2id.";
    RNoPhaseEnded => "No phase has ended yet.", "Belum ada fase yang selesai.";
    RValue => "{}: {}", "{}: {}";
    RTooLargeToRank => "The rubric's weights and scales are too large to rank exactly.", "Bobot dan skala rubrik terlalu besar untuk diperingkat secara tepat.";
    NoCurrent => "No entry on stage: pick one on the Agenda with Enter.", "Belum ada peserta tampil: pilih di Agenda dengan Enter.";

    // Entry statuses.
    StScheduled => "scheduled", "terjadwal";
    StPresenting => "presenting", "presentasi";
    StInterviewing => "interview", "wawancara";
    StDone => "done", "selesai";
    StAbsent => "absent", "tidak hadir";
    StWithdrawn => "withdrawn", "mundur";

    // Agenda.
    ColNo => "#", "No";
    ColSlot => "Slot", "Jadwal";
    ColStatus => "Status", "Status";
    ColEntry => "Innovation", "Inovasi";
    ColCategory => "Category", "Kategori";
    ColInstitution => "Institution", "Instansi";
    ColDurations => "Pres/Int", "Pres/Waw";
    ColSheets => "Sheets", "Lembar";
    SlipOnTime => "on time", "tepat waktu";
    SlipBehind => "{} min behind", "terlambat {} menit";
    SlipAhead => "{} min ahead", "lebih cepat {} menit";
    Slip => "Schedule", "Jadwal";
    OnStage => "On stage", "Sedang tampil";

    // Key hint labels.
    KQuit => "quit", "keluar";
    KHelp => "help", "bantuan";
    KMove => "move", "pindah";
    KSelect => "put on stage", "tampilkan";
    KAbsent => "absent", "tidak hadir";
    KWithdrawn => "withdrawn", "mundur";
    KBack => "back on agenda", "kembali terjadwal";
    KOrderUp => "move up in order", "naikkan urutan";
    KOrderDown => "move down in order", "turunkan urutan";
    KStartPause => "start/pause", "mulai/jeda";
    KNextPhase => "next phase", "fase berikut";
    KReset => "reset timer", "ulang timer";
    KUndoPhase => "undo phase change", "batalkan ganti fase";
    KScreenAgenda => "agenda", "agenda";
    KScreenStage => "stage", "panggung";
    KScreenScoring => "scoring", "penilaian";
    KScreenStandings => "standings", "peringkat";
    KScreens => "screens", "layar";
    KPickJuror => "open sheet", "buka lembar";
    KStepUp => "value up a step", "naikkan nilai satu langkah";
    KStepDown => "value down a step", "turunkan nilai satu langkah";
    KErase => "erase a digit", "hapus satu angka";
    KTypeValue => "type the value", "ketik nilai";
    KTypePin => "type the PIN (drawn as dots)", "ketik PIN (tampil sebagai titik)";
    KTypeText => "type, move; Enter: new line (reason: reopens)", "ketik, gerak; Enter: baris baru (alasan: buka ulang)";
    KClose => "close", "tutup";
    KScroll => "scroll", "gulir";
    KPage => "page", "halaman";
    KTop => "top", "awal";
    KBottom => "end", "akhir";
    KNote => "note", "catatan";
    KComment => "comment", "komentar";
    KSubmit => "submit", "kirim";
    KReopen => "reopen (chair)", "buka ulang (ketua)";
    KLeave => "leave sheet", "tinggalkan lembar";
    KTab => "category", "kategori";
    KMethod => "method", "metode";
    KZscore => "z-scores", "skor-z";
    KChart => "chart", "grafik";
    KConfirm => "confirm", "konfirmasi";
    KCancel => "cancel", "batal";
    KDone => "done", "selesai";
    KPrevEntry => "previous entry", "peserta sebelumnya";
    KNextEntry => "next entry", "peserta berikutnya";

    // Help groups.
    HelpGlobal => "Every screen (an open sheet takes digits as values)", "Semua layar (lembar yang terbuka menerima angka sebagai nilai)";
    HelpPick => "Scoring: choosing the juror", "Penilaian: memilih juri";
    HelpSheet => "Scoring: the open sheet", "Penilaian: lembar yang terbuka";
    HelpConfirm => "Questions (confirm or cancel)", "Pertanyaan (konfirmasi atau batal)";
    HelpLines => "lines {}–{} of {}", "baris {}–{} dari {}";

    // Stage.
    PhasePresentation => "PRESENTATION", "PRESENTASI";
    PhaseInterview => "INTERVIEW", "WAWANCARA";
    Running => "RUNNING", "BERJALAN";
    Paused => "PAUSED", "JEDA";
    NotStarted => "NOT STARTED", "BELUM MULAI";
    OneMinute => "ONE MINUTE LEFT", "SISA SATU MENIT";
    Overtime => "OVERTIME", "LEWAT WAKTU";
    Finished => "FINISHED", "SELESAI";
    RealOnStage => "REAL TIME ON STAGE", "WAKTU RIIL DI PANGGUNG";
    Planned => "planned {}", "rencana {}";
    Real => "real {}", "riil {}";
    NextUp => "Next", "Berikutnya";
    ConfirmShortPhase => "End the {} of {} after {} of {} planned? (u takes it back)", "Akhiri {} {} setelah {} dari rencana {}? (u membatalkannya)";
    PhaseLowerPresentation => "presentation", "presentasi";
    PhaseLowerInterview => "interview", "wawancara";
    NothingToUndo => "No phase has ended yet: there is nothing to take back.", "Belum ada fase yang berakhir: tidak ada yang dibatalkan.";
    PhaseUndone => "Phase change taken back: the {} goes on.", "Ganti fase dibatalkan: {} dilanjutkan.";
    StageSettling => "Stage just opened: key ignored, to guard the clock. Press again.", "Panggung baru tampil: tombol diabaikan demi pengaman timer. Tekan lagi.";
    ConfirmReset => "Reset the timer of {}? Its recorded durations are cleared.", "Ulang timer {}? Durasi yang tercatat dihapus.";

    // Scoring.
    PickJuror => "Who is scoring {}?", "Siapa yang menilai {}?";
    JurorSubmitted => "submitted", "terkirim";
    JurorDraft => "draft", "draf";
    JurorEmpty => "not started", "belum mulai";
    JurorConflict => "conflict of interest: cannot score", "konflik kepentingan: tidak boleh menilai";
    SheetOf => "Sheet of {} for {}", "Lembar {} untuk {}";
    ColCriterion => "Criterion", "Kriteria";
    ColWeight => "Weight", "Bobot";
    ColScale => "Scale", "Skala";
    ColValue => "Value", "Nilai";
    ColNote => "Note", "Catatan";
    Total => "Weighted total", "Total tertimbang";
    Comment => "Overall comment", "Komentar umum";
    Missing => "{} of {} criteria still empty", "{} dari {} kriteria masih kosong";
    Complete => "complete: ready to submit", "lengkap: siap dikirim";
    ReadOnly => "Submitted {}: read only. Only the chair can reopen it (R on the list).", "Terkirim {}: hanya dibaca. Buka ulang hanya oleh ketua (R di daftar).";
    PinForOrChair => "PIN of {} or of the chair", "PIN {} atau PIN ketua";
    HelpView => "A submitted sheet (read only)", "Lembar terkirim (hanya dibaca)";
    ConfirmSubmit => "Submit the sheet of {} for {}? Total {}. It is locked afterwards.", "Kirim lembar {} untuk {}? Total {}. Setelah itu terkunci.";
    ReopenReason => "Reopen the sheet of {}", "Buka ulang lembar {}";
    ReopenWhy => "Why? The reason goes to the audit log and the minutes.", "Mengapa? Alasannya dicatat di log audit dan berita acara.";
    ReasonNeeded => "Type a reason first: a sheet is reopened only with one.", "Ketik alasan dulu: lembar hanya dibuka ulang dengan alasan.";
    KReopenDo => "reopen", "buka ulang";
    HelpReason => "Reason to reopen a sheet", "Alasan membuka ulang lembar";
    EditNote => "Note on {}", "Catatan untuk {}";
    EditComment => "Overall comment", "Komentar umum";
    EditorHint => "Esc: keep and close   Ctrl-U: clear", "Esc: simpan dan tutup   Ctrl-U: hapus";
    ReasonHint => "Enter: reopen   Esc: cancel", "Enter: buka ulang   Esc: batal";
    AboveMax => "{} is above the scale maximum {}", "{} melebihi nilai maksimum skala {}";
    BelowMin => "{} is below the scale minimum {}", "{} di bawah nilai minimum skala {}";
    OffStep => "{} is not on the scale's step of {} from {}", "{} tidak sesuai langkah skala {} dari {}";
    FixFirst => "Fix or clear the value first (Backspace).", "Perbaiki atau hapus nilainya dulu (Backspace).";
    ValueTakes => "\"{}\" is not a value: type a number from {} to {} (n: note, c: comment)", "\"{}\" bukan nilai: ketik angka {} sampai {} (n: catatan, c: komentar)";
    ValueTakesStep => "\"{}\" is not a value: type a number from {} to {} in steps of {} (n: note)", "\"{}\" bukan nilai: ketik angka {} sampai {}, langkah {} (n: catatan)";
    CountedBefore => "the total counts the saved {}", "total menghitung {} yang tersimpan";
    NotCounted => "not counted in the total", "tidak dihitung dalam total";
    NotSavedYet => "{} will be saved when you move on (Enter)", "{} akan tersimpan saat Anda pindah (Enter)";
    NotANumber => "\"{}\" is not a number", "\"{}\" bukan angka";
    TooPrecise => "{} is not a number with at most 4 decimals", "{} bukan angka dengan paling banyak 4 desimal";
    SubmittedOk => "Sheet of {} submitted and saved.", "Lembar {} terkirim dan tersimpan.";
    Reopened => "Sheet of {} reopened.", "Lembar {} dibuka ulang.";
    NoJurors => "This session has no jurors.", "Sesi ini tidak punya juri.";

    // Trust at a shared keyboard.
    PinFor => "PIN of {}", "PIN {}";
    PinNew => "Choose a PIN for {} (4 to 8 digits)", "Buat PIN untuk {} (4 sampai 8 angka)";
    PinChairNew => "PINs on: choose the chair's PIN (4 to 8 digits)", "Aktifkan PIN: buat PIN ketua (4–8 angka)";
    NoChairPin => "The chair has no PIN yet: set it with `juri chair-pin {}` in a shell.", "Ketua panel belum punya PIN: buat dengan `juri chair-pin {}` di shell.";
    PinRepeat => "Type the new PIN for {} again", "Ketik ulang PIN baru untuk {}";
    PinWrong => "Wrong PIN: {} tries left", "PIN salah: sisa {} kali coba";
    PinWrongLast => "Wrong PIN: 1 try left before a lockout", "PIN salah: sisa 1 kali coba sebelum terkunci";
    PinLocked => "Too many wrong tries: locked until {}", "Terlalu banyak salah: terkunci sampai {}";
    PinInvalid => "A PIN has 4 to 8 digits", "PIN terdiri dari 4 sampai 8 angka";
    PinMismatch => "The two PINs differ: choose again", "Kedua PIN berbeda: buat ulang";
    PinHint => "Digits, then Enter (never shown). Esc cancels.", "Ketik angka lalu Enter (tidak ditampilkan). Esc batal.";
    ChairName => "the chair", "ketua panel";
    Handoff => "Pass the keyboard to the next juror.", "Serahkan keyboard kepada juri berikutnya.";
    HandoffMore => "Nothing of the previous sheet is shown. Enter: choose who scores next.", "Isi lembar sebelumnya tidak ditampilkan. Enter: pilih juri berikutnya.";
    Hidden => "The standings are hidden from the room until the chair reveals them.", "Peringkat disembunyikan dari ruangan sampai ketua panel membukanya.";
    HiddenMark => "hidden from the room", "tersembunyi dari ruangan";
    Masked => "masked entry", "input tersamar";
    PinsOn => "PINs are on: jurors need their PIN, chair actions the chair's.", "PIN aktif: juri memerlukan PIN-nya, tindakan ketua memerlukan PIN ketua.";
    PinsOff => "PINs are off.", "PIN tidak aktif.";
    JurorTotals => "Per-juror totals", "Total per juri";
    KMask => "masked entry", "input tersamar";
    KBlind => "hide/show standings (chair)", "tutup/buka peringkat (ketua)";
    KQuorum => "next quorum (chair)", "kuorum berikut (ketua)";
    QuorumSet => "Quorum: an entry is ranked once {} sheets are submitted.", "Kuorum: peserta diperingkat setelah {} lembar terkirim.";
    QuorumNone => "No quorum: one submitted sheet ranks an entry.", "Tanpa kuorum: satu lembar terkirim sudah diperingkat.";
    QuorumMark => "quorum {}", "kuorum {}";
    KReveal => "per-juror totals (chair)", "total per juri (ketua)";
    KPins => "PINs on/off (chair)", "PIN aktif/nonaktif (ketua)";
    KContinue => "continue", "lanjut";

    // The printable recap and minutes.
    XRecap => "Recap of scores", "Rekapitulasi nilai";
    XMinutes => "Minutes of the session", "Berita acara";
    XStage => "Stage", "Tahap";
    XDate => "Date", "Tanggal";
    XPlace => "Place", "Tempat";
    XMethod => "Scores are the {} of the jurors' weighted totals (0–100).", "Nilai adalah {} dari total tertimbang para juri (0–100).";
    XZ => "Each juror's totals were first turned into z-scores over the entries that juror scored.", "Total tiap juri lebih dulu diubah menjadi skor-z atas peserta yang dinilainya.";
    XTies => "Ties are decided by the higher mean of: {}; entries still equal share their rank.", "Nilai sama diputuskan oleh rata-rata tertinggi dari: {}; peserta yang tetap sama berbagi peringkat.";
    XTiesNone => "Entries with equal scores share their rank.", "Peserta dengan nilai sama berbagi peringkat.";
    XTotalFormula => "A juror's total: 100 × Σ(weight × value ÷ maximum) ÷ Σ weight.", "Total juri: 100 × Σ(bobot × nilai ÷ maksimum) ÷ Σ bobot.";
    XMeans => "Criterion means", "Rata-rata kriteria";
    XMin => "Min", "Min";
    XMax => "Max", "Maks";
    XSd => "SD", "SB";
    XConflict => "CoI", "KK";
    XConflictNote => "CoI: conflict of interest, the juror did not score this entry.", "KK: konflik kepentingan, juri tidak menilai peserta ini.";
    XPanel => "The panel", "Tim panel";
    XChair => "Chair of the panel", "Ketua panel";
    XRole => "Role", "Peran";
    XConflictsDeclared => "Conflicts of interest declared", "Konflik kepentingan yang dinyatakan";
    XNone => "None.", "Tidak ada.";
    XAbsentWithdrawn => "Absent and withdrawn entries", "Peserta tidak hadir dan mengundurkan diri";
    XDurations => "Presentations and interviews: planned and real durations", "Presentasi dan wawancara: durasi rencana dan riil";
    XReopened => "Sheets reopened, and why", "Lembar penilaian yang dibuka ulang, dan alasannya";
    XWhen => "When", "Waktu";
    XBy => "By", "Oleh";
    XReason => "Reason", "Alasan";
    XFingerprint => "Fingerprint of the session file (juri verify)", "Sidik jari berkas sesi (juri verify)";
    XNotVerified => "The session file does NOT verify: {}", "Berkas sesi TIDAK lolos verifikasi: {}";
    XSignatures => "Signatures", "Tanda tangan";
    XSign => "Signature", "Tanda tangan";
    XName => "Name", "Nama";
    XGenerated => "Made by juri on {}.", "Dibuat oleh juri pada {}.";
    XChart => "Scores", "Nilai";
    XNotScored => "not yet scored", "belum dinilai";
    XQuorum => "An entry is ranked once it has {} submitted sheets, or every sheet it can have when fewer jurors may score it.", "Peserta diperingkat setelah memiliki {} lembar terkirim, atau semua lembar yang mungkin bila juri yang boleh menilainya lebih sedikit.";
    XProvisional => "{} provisional: ranked on fewer sheets than jurors expected; the rank may still move.", "{} sementara: diperingkat dengan lembar lebih sedikit dari jumlah juri yang diharapkan; peringkat masih dapat berubah.";
    XRemarks => "Jurors' notes and comments", "Catatan dan komentar juri";
    XJuror => "Juror", "Juri";
    Exported => "Recap written to {}", "Rekap ditulis ke {}";
    KExport => "export recap", "ekspor rekap";

    // Standings.
    Overall => "Overall", "Semua";
    ColRank => "Rank", "Pkt";
    ColScore => "Score", "Nilai";
    ColZ => "z-score", "skor-z";
    ColSpread => "Spread", "Sebaran";
    CutOff => "Top {} cut-off", "Batas {} besar";
    Method => "Method", "Metode";
    MethodMean => "mean", "rata-rata";
    MethodMedian => "median", "median";
    MethodTrimmed => "trimmed mean", "rata-rata terpangkas";
    ZOn => "z-scores per juror", "skor-z per juri";
    Unranked => "Not ranked", "Tidak diperingkat";
    UnNoSheets => "not scored yet", "belum dinilai";
    UnBelowQuorum => "below quorum {}", "di bawah kuorum {}";
    TieShared => "tie: shared", "seri: berbagi";
    TieBy => "tie: by {}", "seri: oleh {}";
    TopChart => "Top entries", "Peserta teratas";
    LegendSpread => "Spread: juror totals min–max, σ SD", "Sebaran: total juri min–maks, σ SB";
    LegendZ => "z-score: juror totals standardised, averaged", "skor-z: total juri dibakukan, dirata-rata";
    LegendProvisional => "{} fewer sheets than jurors expected", "{} lembar kurang dari jumlah juri";
    LegendTieBy => "{}: decided on that mean", "{}: diputuskan rata-rata itu";
    LegendTieShared => "{}: equal on all tie-breaks", "{}: sama di semua penentu";
    NothingRanked => "No sheet submitted yet.", "Belum ada lembar terkirim.";

    // Deciding the winners: the standings as text, the rules, lines, awards, divergence.
    WinRank => "Rank", "Pkt";
    WinCat => "Cat", "Kat";
    WinEntry => "Entry", "Peserta";
    WinTitle => "Title", "Judul";
    WinCategory => "Category", "Kategori";
    WinScore => "Score", "Nilai";
    WinZ => "z-score", "skor-z";
    WinSheets => "Sheets", "Lembar";
    WinMin => "Min", "Min";
    WinMax => "Max", "Maks";
    WinSd => "SD", "SB";
    WinNote => "Note", "Ket.";
    WinHead => "{} — method {}, normalize {}", "{} — metode {}, normalisasi {}";
    WinHeadTie => ", tie-break {}", ", penentu seri {}";
    WinHeadQuorum => ", quorum {} sheets", ", kuorum {} lembar";
    WinMean => "mean", "rata-rata";
    WinMedian => "median", "median";
    WinTrimmed => "trimmed", "terpangkas";
    WinNormNone => "none", "tidak ada";
    WinNormZ => "zscore", "skor-z";
    WinTie => "tie: {}", "seri: {}";
    WinShared => "shared", "berbagi";
    WinUnAbsent => "absent", "tidak hadir";
    WinUnWithdrawn => "withdrawn", "mengundurkan diri";
    WinUnNoSheets => "no submitted sheet", "belum ada lembar terkirim";
    WinUnBelowQuorum => "below quorum", "di bawah kuorum";
    WinProvisional => "{} provisional: fewer sheets than jurors expected; the rank may still move", "{} sementara: lembar lebih sedikit dari jumlah juri; peringkat masih dapat berubah";
    WinHalfUp => "halves up", "setengah ke atas";
    WinHalfEven => "halves to even", "setengah ke genap";
    WinStTrim => "Trimmed mean: the {} highest and {} lowest totals of each entry are dropped; with fewer than {} sheets its score is the plain mean (marked {}).", "Rata-rata terpangkas: {} total tertinggi dan {} total terendah tiap peserta dibuang; dengan kurang dari {} lembar nilainya rata-rata biasa (bertanda {}).";
    WinStRoundTotal => "Each juror's total is rounded to {} decimals ({}) before the totals are combined.", "Total tiap juri dibulatkan ke {} desimal ({}) sebelum total digabungkan.";
    WinStRoundCriterion => "Each criterion's share of a juror's total is rounded to {} decimals ({}) before it is added.", "Bagian tiap kriteria dalam total juri dibulatkan ke {} desimal ({}) sebelum dijumlahkan.";
    WinStWeights => "Weights per kind of juror in the mean and the trimmed mean: {}; other jurors weigh 1; the median and z-scores are not weighted.", "Bobot per jenis juri dalam rata-rata dan rata-rata terpangkas: {}; juri lain berbobot 1; median dan skor-z tidak dibobot.";
    WinStZScaled => "z-scores are shown on the 0–100 scale: the panel's mean total ({}) plus z times its standard deviation ({}); the order is the z-scores' own.", "Skor-z ditampilkan pada skala 0–100: rata-rata total panel ({}) ditambah z kali simpangan bakunya ({}); urutan tetap urutan skor-z.";
    WinStOverall => "Overall Top {} across every category (marked {}).", "{} besar keseluruhan dari semua kategori (bertanda {}).";
    WinStOverallQuota => "Overall Top {} (marked {}): each category's own Top N is its quota, and the places left go to the best of the rest.", "{} besar keseluruhan (bertanda {}): N besar tiap kategori adalah kuotanya, dan sisa tempat untuk yang terbaik dari sisanya.";
    WinStPass => "Passing grade: {} points; passing: {}.", "Nilai batas lulus: {} poin; lulus: {} peserta.";
    WinPasses => "pass", "lulus";
    WinFails => "below", "di bawah";
    WinPassHead => "Pass", "Lulus";
    WinOverallHead => "Top {}", "{} besar";
    WinOverallCut => "Overall Top {} line", "Batas {} besar keseluruhan";
    WinUntrimmedLegend => "{} plain mean: too few sheets to drop {} at each end", "{} rata-rata biasa: lembar terlalu sedikit untuk membuang {} di tiap ujung";
    WinBadRules => "The rules cannot be used: {}", "Aturan tidak dapat dipakai: {}";
    WinNoAward => "Entry {} has no award {}.", "Peserta {} tidak memiliki penghargaan {}.";
    WinAwards => "Special awards", "Penghargaan khusus";
    WinAward => "Award", "Penghargaan";
    WinReason => "Reason", "Alasan";
    WinDivergence => "Sheets far from the panel", "Lembar yang jauh dari panel";
    WinDivergenceNone => "No submitted sheet lies more than {} points from the panel's median.", "Tidak ada lembar terkirim yang berjarak lebih dari {} poin dari median panel.";
    WinDivergenceIntro => "Sheets whose total or a criterion lies more than {} points (of 100) from the panel's median for that entry:", "Lembar yang total atau salah satu kriterianya berjarak lebih dari {} poin (dari 100) dari median panel untuk peserta itu:";
    WinDivergesTotal => "{} gave {} a total of {} where the panel's median is {}", "{} memberi {} total {} padahal median panel {}";
    WinDivergesCriterion => "{} gave {} {} for {} where the panel's median is {}", "{} memberi {} nilai {} untuk {} padahal median panel {}";
    WinSensitivity => "Sensitivity of the ranking", "Kepekaan peringkat";
    WinSensitivityIntro => "Each entry's score and rank under each method; {} marks an entry whose rank or place inside a line changes between methods: deliberate there.", "Nilai dan peringkat tiap peserta menurut tiap metode; {} menandai peserta yang peringkat atau posisinya terhadap batas berubah antar metode: musyawarahkan di situ.";
    WinFragile => "fragile", "rawan";
    WinSources => "Merged from", "Digabung dari";
    WinCalibrated => "Panels calibrated on the entries they scored in common: points added to each total: {}.", "Panel dikalibrasi pada peserta yang dinilai bersama: poin yang ditambahkan ke tiap total: {}.";
    WinFeedback => "Feedback for the coaching clinic", "Umpan balik untuk klinik pendampingan";
    WinFeedbackCriteria => "Criteria: this entry against the panel", "Kriteria: peserta ini dibanding panel";
    WinFeedbackThis => "This entry", "Peserta ini";
    WinFeedbackPanel => "All entries", "Semua peserta";
    WinJurorLetter => "Juror {}", "Juri {}";
    WinLegendOverall => "{} in the overall Top {}", "{} dalam {} besar keseluruhan";
    WinLegendPass => "{}: at least {} points", "{}: minimal {} poin";
    KWinLines => "lines of this tab (chair)", "batas tab ini (ketua)";
    KWinPass => "passing grade (chair)", "nilai batas lulus (ketua)";
    KWinAward => "special award (chair)", "penghargaan khusus (ketua)";
    KWinFlags => "sheets far from the panel (chair)", "lembar jauh dari panel (ketua)";
    KWinSensitivity => "every method side by side", "semua metode berdampingan";
    WinEditLines => "Lines of {}", "Batas {}";
    WinEditOverall => "Overall Top N", "N besar keseluruhan";
    WinEditPass => "Passing grade (points of 100)", "Nilai batas lulus (poin dari 100)";
    WinEditAward => "Special award", "Penghargaan khusus";
    WinLinesHint => "Whole numbers separated by commas, e.g. 20, 10; empty: no line", "Bilangan bulat dipisah koma, mis. 20, 10; kosong: tanpa batas";
    WinPassHint => "A number of points, e.g. 85; empty: no passing grade", "Sebuah nilai, mis. 85; kosong: tanpa nilai batas";
    WinAwardHint => "ENTRY; AWARD; REASON, e.g. E08; Top 5 Terpuji; dampak luas", "PESERTA; PENGHARGAAN; ALASAN, mis. E08; Top 5 Terpuji; dampak luas";
    WinRulesSaved => "Recorded in the audit log.", "Dicatat di log audit.";
    WinFlagsNone => "No submitted sheet lies far from the panel.", "Tidak ada lembar terkirim yang jauh dari panel.";
    WinRuleHint => "Enter record · Esc cancel", "Enter catat · Esc batal";
    KWinRecord => "record", "catat";
    WinHelpRule => "A rule the chair sets on the Standings screen", "Aturan yang ditetapkan ketua di layar Peringkat";
    // Days, administrative screening, stages and groups.
    RNotScorable => "Entry {} is {} and cannot be scored.", "Peserta {} berstatus {} dan tidak dapat dinilai.";
    RNoDay => "There is no agenda day {}.", "Tidak ada hari agenda {}.";
    StIneligible => "ineligible", "tidak lolos administrasi";
    XIneligible => "Entries that did not pass the administrative screening", "Peserta yang tidak lolos administrasi";
    XDays => "The agenda, day by day", "Agenda per hari";
    AgDay => "Day", "Hari";
    AgDate => "Date", "Tanggal";
    AgSlot => "Slot", "Jadwal";
    AgEntry => "Entry", "Peserta";
    AgInstitution => "Institution", "Instansi";
    AgStatus => "Status", "Status";
    AgNoSlot => "no slot", "tanpa jadwal";
    AgDayN => "Day {}", "Hari {}";
    StageFormula => "Final score = {}", "Nilai akhir = {}";
    StageThis => "this stage", "tahap ini";
    ColFinal => "Final", "Akhir";
    Group => "Group", "Kelompok";
    UnNoStageScore => "no earlier stage score", "tanpa nilai tahap sebelumnya";
    KIneligible => "ineligible", "tidak lolos";
    KDayLater => "next day", "hari berikut";
    KDayEarlier => "day before", "hari sebelum";
    KGroup => "group", "kelompok";
    IneligibleTitle => "Mark {} ineligible", "Tandai {} tidak lolos administrasi";
    IneligibleWhy => "Why it did not pass the administrative screening:", "Mengapa tidak lolos administrasi:";
    IneligibleReasonNeeded => "Type the reason first: the minutes list it.", "Ketik alasannya dulu: dicantumkan di berita acara.";
    IneligibleHint => "Enter: mark ineligible   Esc: cancel", "Enter: tandai tidak lolos   Esc: batal";
    MarkedIneligible => "{} marked ineligible.", "{} ditandai tidak lolos administrasi.";
    MovedToDay => "{} moved to day {}.", "{} dipindah ke hari {}.";
    NoDays => "The agenda has one day: plan days with juri new --days.", "Agenda hanya satu hari: rencanakan hari dengan juri new --days.";
    Today => "today", "hari ini";
    AllGroups => "all groups", "semua kelompok";
    RStageWeight => "A stage's weight is a percent above 0, and the earlier stages together weigh less than 100.", "Bobot tahap adalah persen di atas 0, dan tahap-tahap sebelumnya bersama berbobot kurang dari 100.";

    // A panel served over SSH (`juri serve`).
    ServeTakenOver => "You signed in again on another screen; this one is closed.", "Anda masuk lagi di layar lain; layar ini ditutup.";
    ServeSubmitted => "{} of {} submitted for {}", "{} dari {} terkirim untuk {}";
    ServeWaiting => "; waiting for {}", "; menunggu {}";
    ServeConnected => "Connected: {}", "Tersambung: {}";
    ServeStarted => "juri serves {} on {}\nhost key fingerprint: {}\neach person connects with: {}\n(ID: a juror's id, chair or presenter; the first sign-in uses the code from `juri invite`, then a PIN is chosen)", "juri melayani {} di {}\nsidik jari kunci host: {}\nsetiap orang tersambung dengan: {}\n(ID: id juri, chair atau presenter; masuk pertama memakai kode dari `juri invite`, lalu memilih PIN)";
    ServeNotYours => "Not on your screen: the chair does that.", "Tidak di layar Anda: itu tugas ketua.";
    ServeBye => "Your screen is closed; everything saved is kept.", "Layar Anda ditutup; semua yang tersimpan tetap ada.";
    ServeYou => "Signed in as {}: your sheets only", "Masuk sebagai {}: hanya lembar Anda";
    ServeJurorKeys => "1 agenda  2 stage  3 your sheet  ? help  q close your screen", "1 agenda  2 panggung  3 lembar Anda  ? bantuan  q tutup layar Anda";
    ServeNudgeKey => "N: nudge", "N: ingatkan";
    ServeNudged => "The chair asks for your sheet for {}.", "Ketua meminta lembar Anda untuk {}.";
    ServeNudgeSent => "Nudged: {}", "Diingatkan: {}";
    ServeNoOneToNudge => "No one to nudge: every sheet for the entry on stage is in.", "Tidak ada yang perlu diingatkan: semua lembar untuk peserta di panggung sudah masuk.";
    ServeNotInvitable => "{} is not a juror of {}, `chair` or `presenter`", "{} bukan juri {}, `chair` atau `presenter`";
    ServeBadListen => "{} is not an address to listen on: give HOST:PORT, e.g. 127.0.0.1:2222", "{} bukan alamat untuk mendengarkan: beri HOST:PORT, mis. 127.0.0.1:2222";
    ServeKeyOpen => "the host key {} may be read by others (mode {}): make it private with `chmod 600`, or remove it to make a new one", "kunci host {} dapat dibaca orang lain (mode {}): jadikan privat dengan `chmod 600`, atau hapus agar dibuat baru";
    ServeKeyBad => "{} is not an SSH private key ({}): remove it to make a new one", "{} bukan kunci privat SSH ({}): hapus agar dibuat baru";
    ServeStopped => "The chair stopped the server; everything saved is kept.", "Ketua menghentikan server; semua yang tersimpan tetap ada.";

    // Days, screening and stages, as a chair running a live panel needs them.
    NoDayAfter => "{} is on the last day of the agenda.", "{} sudah di hari terakhir agenda.";
    NoDayBefore => "{} is on the first day of the agenda.", "{} sudah di hari pertama agenda.";
    PlanSlotOverlap => "{}, line {}: {} at {} starts before the slot before it ends ({}).", "{}, baris {}: {} pukul {} mulai sebelum jadwal sebelumnya selesai ({}).";
    HintSlotOverlap => "Space the slots at least one slot apart, or give a shorter slot with --slot or --presentation and --interview.", "Beri jarak jadwal paling sedikit satu slot, atau perpendek slot dengan --slot atau --presentation dan --interview.";
    PlanSlotMissing => "{}, line {}: {} has no day and slot, while other rows have theirs.", "{}, baris {}: {} tidak punya hari dan jadwal, sedangkan baris lain punya.";
    HintSlotMissing => "Give every entry that competes its day and slot (an ineligible one needs none).", "Isi hari dan jadwal setiap peserta yang bertanding (peserta tidak lolos tidak perlu).";
    PlanTooMany => "Only {} of {} entries fit in the agenda's days; {} days are needed.", "Hanya {} dari {} peserta muat di hari-hari agenda; perlu {} hari.";
    HintTooMany => "Give more days with --days, a later --day-end, or a shorter slot.", "Tambah hari dengan --days, --day-end yang lebih lambat, atau slot yang lebih pendek.";
    PlanSlotTooShort => "A slot of {} minutes is shorter than the presentation and the interview together ({} minutes).", "Slot {} menit lebih pendek dari presentasi dan wawancara bersama ({} menit).";
    HintSlotTooShort => "Leave out --slot (it is then the phases' sum) or give one at least that long.", "Hilangkan --slot (slot menjadi jumlah kedua tahap) atau beri slot sepanjang itu atau lebih.";
    PlanNoPhases => "The presentation and the interview are 0 minutes: there is nothing to plan.", "Presentasi dan wawancara 0 menit: tidak ada yang dijadwalkan.";
    HintNoPhases => "Give --presentation and --interview in minutes, at least one above 0.", "Beri --presentation dan --interview dalam menit, paling sedikit satu di atas 0.";
    PlanBreakBackwards => "The break {} ends before it starts.", "Jeda {} berakhir sebelum dimulai.";
    RStillIneligible => "Entry {} did not pass the screening: lift that first (b) to change its status.", "Peserta {} tidak lolos administrasi: batalkan dulu (b) untuk mengubah statusnya.";
    RStageExists => "The session already has the stage {}; nothing was changed.", "Sesi sudah memiliki tahap {}; tidak ada yang diubah.";
    HintStageReplace => "add --replace to replace its scores (recorded in the audit log)", "tambahkan --replace untuk mengganti nilainya (dicatat di log audit)";
    StageUnlinked => "warning: the scores of the stage \"{}\" no longer match {}, the file this session was advanced from and still names as its link.", "peringatan: nilai tahap \"{}\" tidak lagi sama dengan {}, berkas asal sesi ini yang masih disebut sebagai tautannya.";
    StageScoreCol => "Score is the final score, {}; Min, Max and SD are this stage's.", "Nilai adalah nilai akhir, {}; Min, Maks dan SB adalah tahap ini.";
    XMethodStage => "This stage's score is the {} of the jurors' weighted totals (0–100); the Score column is the final score, {}; Min, Max and SD are this stage's.", "Nilai tahap ini adalah {} dari total tertimbang para juri (0–100); kolom Nilai adalah nilai akhir, {}; Min, Maks dan SB adalah tahap ini.";
    PlanTopZero => "--top is at least 1: how many entries of each category go on.", "--top paling sedikit 1: berapa peserta tiap kategori yang lanjut.";
    KMarkIneligibleDo => "mark ineligible", "tandai tidak lolos";
    MarkedIneligibleShift => "{} marked ineligible; {} later slots now start earlier: tell those innovators.", "{} ditandai tidak lolos; {} jadwal berikutnya kini lebih awal: beri tahu inovatornya.";
    DaysUnused => "note: the entries fill the first {} of the {} days planned; the days after stay free.", "catatan: peserta mengisi {} hari pertama dari {} hari yang direncanakan; hari sesudahnya tetap kosong.";
    RDayFull => "Day {} is full: move another entry off it first.", "Hari {} sudah penuh: pindahkan dulu peserta lain dari hari itu.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::En).is_empty(), "{t:?} en");
            assert!(!t.get(Lang::Id).is_empty(), "{t:?} id");
            let holes = |s: &str| s.matches("{}").count();
            assert_eq!(
                holes(t.get(Lang::En)),
                holes(t.get(Lang::Id)),
                "{t:?} placeholders"
            );
        }
    }

    #[test]
    fn fill_and_choice() {
        assert_eq!(T::SlipBehind.fill(Lang::Id, &["12"]), "terlambat 12 menit");
        assert_eq!(
            Lang::choose(None, Some("id"), Some("en_US.UTF-8")),
            Lang::Id
        );
        assert_eq!(Lang::choose(Some("en"), Some("id"), None), Lang::En);
        assert_eq!(Lang::choose(None, None, Some("id_ID.UTF-8")), Lang::Id);
        assert_eq!(Lang::choose(None, None, None), Lang::En);
    }
}
