//! `plenary serve` against `plenary build`: after every step of scripted edit sequences, the
//! server serves exactly the files a fresh build of the same content and as-of writes, byte
//! for byte (HTML differs only by the one live-reload script tag), and nothing else.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_plenary");
const AS_OF: &str = "2026-06-10T12:00:00Z";
const LIVE_SCRIPT_TAG: &str = "<script src=\"/__plenary/live.js\"></script>";

/// The bundled demo site and theme, copied into a temporary folder the test may edit.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn demo() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&repo.join("site-content"), &dir.path().join("site-content"));
        copy_tree(&repo.join("themes"), &dir.path().join("themes"));
        Workspace { dir }
    }
    fn site(&self) -> PathBuf {
        self.dir.path().join("site-content")
    }
    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }
    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }
    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no `{from}`");
        self.write(relative, &text.replacen(from, to, 1));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A running `plenary serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Path, audience: &str) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--port",
                "0",
                "--as-of",
                AS_OF,
                "--audience",
                audience,
                "--site",
            ])
            .arg(site)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, url) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let line = line.unwrap_or_default();
                if let Some((_, url)) = line.split_once(" at http://") {
                    let _ = found.send(url.split_whitespace().next().unwrap().to_string());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let url = url
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address");
        let (address, base) = url.split_at(url.find('/').unwrap());
        let server = Server {
            child,
            address: address.to_string(),
            base: base.to_string(),
            log,
        };
        server.settle(0);
        server
    }

    /// Status and body of a GET.
    fn get(&self, target: &str) -> (u16, Vec<u8>) {
        get(&self.address, target)
    }

    fn state(&self) -> serde_json::Value {
        let (status, body) = self.get("/__plenary/state");
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    }

    fn generation(&self) -> u64 {
        self.state()["generation"].as_u64().unwrap()
    }

    /// Wait until the server has rebuilt after `generation`, its search index is up to date,
    /// and nothing has changed for a while.
    fn settle(&self, generation: u64) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            assert!(
                Instant::now() < deadline,
                "serve did not settle: {:?}",
                self.log.lock().unwrap()
            );
            let state = self.state();
            if state["generation"].as_u64().unwrap() > generation
                && state["search_pending"] == false
            {
                std::thread::sleep(Duration::from_millis(400));
                if self.state() == state {
                    return state;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Apply `edit`, wait for the rebuild, and return the state after it.
    fn after(&self, edit: impl FnOnce()) -> serde_json::Value {
        let generation = self.generation();
        edit();
        self.settle(generation)
    }

    /// Every file a fresh build writes is served with the same bytes, and no other file is.
    fn assert_same_as_build(&self, site: &Path, audience: &str, step: &str) {
        let out = tempfile::tempdir().unwrap();
        let built = Command::new(BIN)
            .args(["build", "--as-of", AS_OF, "--audience", audience, "--site"])
            .arg(site)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{step}: build failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        let root = out.path().join(audience);
        let mut expected = BTreeSet::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap();
                expected.insert(relative.to_str().unwrap().replace('\\', "/"));
            }
        }
        let (status, listing) = self.get("/__plenary/files");
        assert_eq!(status, 200);
        let served: BTreeSet<String> = serde_json::from_slice(&listing).unwrap();
        assert_eq!(
            served.symmetric_difference(&expected).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{step}: files served but not built, or built but not served"
        );
        for file in &expected {
            let (status, body) = self.get(&format!("{}{}", self.base, encode(file)));
            assert_eq!(status, 200, "{step}: {file}");
            let wanted = fs::read(root.join(file)).unwrap();
            let body = if file.ends_with(".html") {
                strip_live_script(&body, file)
            } else {
                body
            };
            assert!(body == wanted, "{step}: {file} differs from the build's");
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The served page without the one script tag serve adds before `</body>`.
fn strip_live_script(page: &[u8], file: &str) -> Vec<u8> {
    let text = String::from_utf8(page.to_vec()).unwrap();
    assert_eq!(
        text.matches(LIVE_SCRIPT_TAG).count(),
        1,
        "{file}: one live script"
    );
    text.replacen(LIVE_SCRIPT_TAG, "", 1).into_bytes()
}

fn encode(file: &str) -> String {
    let mut out = String::new();
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn get(address: &str, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response[split + 4..].to_vec())
}

const BRIEFING: &str = "site-content/meetings/m76/connectivity-financing";

#[test]
fn every_edit_sequence_serves_what_a_fresh_build_writes() {
    let ws = Workspace::demo();
    let site = ws.site();
    let members = Server::start(&site, "members");
    members.assert_same_as_build(&site, "members", "start");

    // 1. The text of a briefing (patched in: only its pages are rendered again).
    members.after(|| {
        ws.edit(
            &format!("{BRIEFING}/v2.en.md"),
            "## Session objective",
            "## Session objective\n\nA sentence about zebra crossings.",
        )
    });
    let (_, page) = members.get("/en/meetings/m76/connectivity-financing/");
    assert!(String::from_utf8_lossy(&page).contains("zebra crossings"));
    members.assert_same_as_build(&site, "members", "edit a body");

    // 2. An editor's save: a temporary file renamed over the original.
    members.after(|| {
        let text = ws.read(&format!("{BRIEFING}/v2.fr.md")).replacen(
            "\n\n",
            "\n\nUne phrase sur les passages piétons.\n\n",
            1,
        );
        ws.write(&format!("{BRIEFING}/.v2.fr.md.swp"), "swap");
        ws.write(&format!("{BRIEFING}/v2.fr.md.tmp~"), &text);
        fs::rename(
            ws.path(&format!("{BRIEFING}/v2.fr.md.tmp~")),
            ws.path(&format!("{BRIEFING}/v2.fr.md")),
        )
        .unwrap();
    });
    members.assert_same_as_build(&site, "members", "save by rename");

    // 3. A title (every listing shows it: the whole site is rendered again).
    members.after(|| {
        ws.edit(
            &format!("{BRIEFING}/v2.en.md"),
            "title = \"",
            "title = \"Revised: ",
        )
    });
    members.assert_same_as_build(&site, "members", "edit a title");

    // 4. Add, then remove, a translation.
    let portuguese = format!("{BRIEFING}/v2.pt.md");
    members.after(|| {
        ws.write(
            &portuguese,
            "+++\ntitle = \"Financiamento da conectividade\"\n+++\n\nTexto em português.\n",
        )
    });
    let (status, _) = members.get("/pt/meetings/m76/connectivity-financing/");
    assert_eq!(status, 200);
    members.assert_same_as_build(&site, "members", "add a translation");
    members.after(|| fs::remove_file(ws.path(&portuguese)).unwrap());
    members.assert_same_as_build(&site, "members", "remove a translation");

    // 5. A new version.
    members.after(|| {
        ws.write(&format!("{BRIEFING}/v3.en.md"), "+++\ntitle = \"Connectivity financing\"\n+++\n\n## Session objective\n\nThe third version.\n");
        let toml = ws.read(&format!("{BRIEFING}/document.toml"));
        ws.write(&format!("{BRIEFING}/document.toml"), &format!("{toml}\n[[versions]]\nnumber = 3\ndate = 2026-04-02\n"));
    });
    let (_, page) = members.get("/en/meetings/m76/connectivity-financing/");
    assert!(
        String::from_utf8_lossy(&page).contains("The third version."),
        "v3 served"
    );
    members.assert_same_as_build(&site, "members", "add a version");

    // 6. A template.
    members.after(|| {
        ws.edit(
            "themes/default/templates/base.html",
            "</footer>",
            "<p>Template edited.</p></footer>",
        )
    });
    members.assert_same_as_build(&site, "members", "edit a template");

    // 7. Break a file: the error names it, the last good output stays; fix it.
    let good = ws.read(&format!("{BRIEFING}/document.toml"));
    let before = members.get("/en/meetings/m76/connectivity-financing/");
    let state = members.after(|| {
        ws.write(
            &format!("{BRIEFING}/document.toml"),
            &good.replacen("kind = ", "kind = = ", 1),
        )
    });
    let error = state["error"].as_str().expect("an error is reported");
    assert!(
        error.contains("connectivity-financing/document.toml:1"),
        "{error}"
    );
    assert_eq!(
        members.get("/en/meetings/m76/connectivity-financing/"),
        before,
        "the last good page stays"
    );
    members.after(|| ws.write(&format!("{BRIEFING}/document.toml"), &good));
    assert_eq!(members.state()["error"], serde_json::Value::Null);
    members.assert_same_as_build(&site, "members", "break and fix a file");

    // 8. Break a body's links with a body-only edit, then fix it.
    let body = format!("{BRIEFING}/v1.en.md");
    let good = ws.read(&body);
    let state =
        members.after(|| ws.write(&body, &format!("{good}\n[a link](../no-such-document/)\n")));
    assert!(
        state["error"]
            .as_str()
            .unwrap()
            .contains("no-such-document"),
        "{state}"
    );
    members.after(|| ws.write(&body, &good));
    members.assert_same_as_build(&site, "members", "break and fix a link");

    // 9. Rename a document folder, then a new folder with a document in it.
    members.after(|| {
        fs::rename(
            ws.path("site-content/meetings/m77/data-flows-framework"),
            ws.path("site-content/meetings/m77/data-flows"),
        )
        .unwrap()
    });
    members.assert_same_as_build(&site, "members", "rename a folder");
    members.after(|| {
        ws.write(
            "site-content/meetings/m77/new-note/document.toml",
            "kind = \"briefing\"\nsession = \"2\"\n\n[[versions]]\nnumber = 1\ndate = 2026-06-01\n",
        );
        ws.write(
            "site-content/meetings/m77/new-note/v1.en.md",
            "+++\ntitle = \"A new note\"\n+++\n\nNew.\n",
        );
    });
    members.assert_same_as_build(&site, "members", "add a folder");
}

#[test]
fn meeting_dates_move_documents_in_and_out_of_the_public_preview() {
    let ws = Workspace::demo();
    let site = ws.site();
    // The m77 agenda, public from its issue in May, repeats sentences of m76's briefings and
    // summary: with m76 moved to end in July, they would be hidden and the agenda a later
    // public text carrying them, which the source check rightly refuses. Its items here
    // keep their numbers and nothing else.
    let agenda = ws.read("site-content/meetings/m77/agenda/v1.en.md");
    let (front, body) = agenda.rsplit_once("+++\n").unwrap();
    // Only item 3's heading whole: a document links to its anchor; the others name topics
    // m76's documents name too.
    let headings: Vec<&str> = body
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| match l.split_once(':') {
            Some((item, _)) if !l.contains("Item 3") => item,
            _ => l,
        })
        .collect();
    ws.write(
        "site-content/meetings/m77/agenda/v1.en.md",
        &format!(
            "{front}+++\n{}\n",
            headings.join("\n\nTo be discussed.\n\n")
        ),
    );
    ws.write(
        "site-content/meetings/m77/agenda/v1.es.md",
        "+++\ntitle = \"Orden del día\"\n+++\n## Tema 1\n\nPor examinar.\n",
    );
    let public = Server::start(&site, "public");
    let url = "/en/meetings/m76/connectivity-financing/";
    assert_eq!(public.get(url).0, 200, "public after the meeting");
    // The meeting moves after the as-of: its briefing leaves the public view.
    public.after(|| {
        ws.edit(
            "site-content/meetings/m76/meeting.toml",
            "end = 2026-03-12",
            "end = 2026-07-12",
        )
    });
    assert_eq!(public.get(url).0, 404);
    public.assert_same_as_build(&site, "public", "meeting moved later");
    // A body edit of the now hidden document changes nothing the public sees.
    public.after(|| {
        ws.edit(
            &format!("{BRIEFING}/v2.en.md"),
            "## Session objective",
            "## Session objective\n\nSecret sentence about walruses.",
        )
    });
    let (_, listing) = public.get("/__plenary/files");
    let files: Vec<String> = serde_json::from_slice(&listing).unwrap();
    for file in files {
        let (_, body) = public.get(&format!("/{}", encode(&file)));
        assert!(
            !String::from_utf8_lossy(&body).contains("walruses"),
            "{file} leaks"
        );
    }
    public.assert_same_as_build(&site, "public", "hidden document edited");
    // Back: it enters the public view again.
    public.after(|| {
        ws.edit(
            "site-content/meetings/m76/meeting.toml",
            "end = 2026-07-12",
            "end = 2026-03-12",
        )
    });
    assert_eq!(public.get(url).0, 200);
    public.assert_same_as_build(&site, "public", "meeting moved back");
}

#[test]
fn only_output_files_are_served() {
    let ws = Workspace::demo();
    let server = Server::start(&ws.site(), "public");
    assert_eq!(server.get("/en/").0, 200);
    for target in [
        "/../site-content/site.toml",
        "/en/../../site-content/site.toml",
        "/%2e%2e/site-content/site.toml",
        "/%2E%2E%2Fsite-content%2Fsite.toml",
        "/en/..%2f..%2fsite-content%2fsite.toml",
        "/..%5c..%5csite-content%5csite.toml",
        "//etc/passwd",
        "/etc/passwd",
        &format!("/{}", ws.site().join("site.toml").display()),
        "http://127.0.0.1/etc/passwd",
        "/site.toml",
        "/meetings/m76/meeting.toml",
    ] {
        let (status, body) = server.get(target);
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("base_url") && !body.contains("root:"),
            "{target} served a file: {body}"
        );
    }
    // Loopback only.
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
}

#[test]
fn open_pages_are_told_to_reload_and_shown_errors() {
    let ws = Workspace::demo();
    let server = Server::start(&ws.site(), "members");
    let mut events = TcpStream::connect(&server.address).unwrap();
    write!(events, "GET /__plenary/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut reader = BufReader::new(events);
    let mut next_event = || {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.trim().to_string();
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return (event, data.trim().to_string());
            }
        }
    };
    assert_eq!(next_event().0, "hello");
    ws.edit(
        &format!("{BRIEFING}/v1.en.md"),
        "## Session objective",
        "## Session objective\n\nAn edit.",
    );
    assert_eq!(next_event().0, "reload");
    ws.write(&format!("{BRIEFING}/v1.en.md"), "+++\ntitle = \"unclosed\n");
    let (event, data) = next_event();
    assert_eq!(event, "failed");
    let error: serde_json::Value = serde_json::from_str(&data).unwrap();
    let error = error["error"].as_str().unwrap();
    assert!(
        error.contains("connectivity-financing/v1.en.md") && error.contains("hint:"),
        "{error}"
    );
    // The live script is in every page and never in a build.
    let (_, page) = server.get("/en/");
    assert!(String::from_utf8_lossy(&page).contains(LIVE_SCRIPT_TAG));
    let (status, script) = server.get("/__plenary/live.js");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&script).contains("EventSource"));
}

#[test]
fn a_hidden_sentence_pasted_while_serving_is_an_error_and_the_pages_stay() {
    let ws = Workspace::demo();
    let site = ws.site();
    let public = Server::start(&site, "public");
    let (_, before) = public.get("/en/about/");
    // A sentence of a members-only briefing of the next meeting, into the public about page.
    let pasted = "The drafting group met four times, in person and online, between November 2025 and May 2026.";
    let state = public.after(|| {
        ws.edit(
            "site-content/pages/about.en.md",
            "\n+++\n",
            &format!("\n+++\n{pasted}\n\n"),
        )
    });
    let error = state["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("pages/about.en.md")
            && error.contains("meetings/m77/data-flows-framework/v1.en.md")
            && error.contains("public audience may not see until"),
        "{state}"
    );
    let (_, during) = public.get("/en/about/");
    assert_eq!(during, before, "the page served before the edit stays");
    assert!(!String::from_utf8_lossy(&during).contains("four times, in person"));
    // Undone: served as a fresh build writes it.
    let state = public.after(|| {
        ws.edit(
            "site-content/pages/about.en.md",
            &format!("\n+++\n{pasted}\n\n"),
            "\n+++\n",
        )
    });
    assert!(state["error"].is_null(), "{state}");
    public.assert_same_as_build(&site, "public", "paste undone");
}
