//! certpack-e2e: drives the built desktop app through WebDriver.
//!
//! [`Session::start`] finds the app binary, starts a private `tauri-driver` (which
//! starts `WebKitWebDriver`) on free loopback ports, opens the app and hands back a
//! fantoccini [`Client`]. Each session gets its own temporary HOME and XDG folders.
//! [`Session::end`] closes the app; dropping the session (also on a failed test)
//! stops the driver with SIGTERM, so it can stop WebKitWebDriver in turn.
//!
//! Nothing here skips: no display, no driver or no app binary is a test failure with
//! a message saying what to install or build.

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
pub use fantoccini::{Client, Locator};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tempfile::TempDir;

/// The longest any single WebDriver step may take before the test fails.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// The desktop app's executable name.
const APP_NAME: &str = "certpack-desktop";

/// One running app, driven through WebDriver.
pub struct Session {
    client: Client,
    // Dropped after `client`: the driver stops, then the temporary HOME goes.
    driver: Driver,
    _home: TempDir,
}

impl Session {
    /// Starts tauri-driver and the app, and waits until the app's page answers.
    pub async fn start() -> Session {
        let home = tempfile::Builder::new()
            .prefix("certpack-e2e-home")
            .tempdir()
            .expect("cannot create a temporary HOME");
        Session::start_in(home).await
    }

    /// [`Session::start`] with the system asking for dark mode (GTK's
    /// `gtk-application-prefer-dark-theme`, which WebKitGTK turns into
    /// `prefers-color-scheme: dark`).
    pub async fn start_dark() -> Session {
        let home = tempfile::Builder::new()
            .prefix("certpack-e2e-home")
            .tempdir()
            .expect("cannot create a temporary HOME");
        let gtk = home.path().join("config/gtk-3.0");
        std::fs::create_dir_all(&gtk).expect("cannot create the GTK settings folder");
        std::fs::write(
            gtk.join("settings.ini"),
            "[Settings]\ngtk-application-prefer-dark-theme=1\n",
        )
        .expect("cannot write the GTK settings");
        Session::start_in(home).await
    }

    /// Ends this session and starts the app again with the same HOME (what the app
    /// remembered between runs is still there).
    pub async fn restart(self) -> Session {
        let Session {
            client,
            driver,
            _home,
        } = self;
        if let Err(err) = tokio::time::timeout(STEP_TIMEOUT, client.close()).await {
            eprintln!("certpack-e2e: closing the session timed out: {err}");
        }
        drop(driver);
        Session::start_in(_home).await
    }

    /// The temporary HOME of this session (its XDG folders are inside).
    pub fn home(&self) -> &Path {
        self._home.path()
    }

    async fn start_in(home: TempDir) -> Session {
        require_display();
        let app = app_binary();
        // Under Xvfb the app's GTK now and then fails to open the display right after
        // the previous app closed (seen once in CI): that start, and only that, is
        // tried once more. Any other failure fails the test at once.
        let mut attempt = 0;
        let (driver, client) = loop {
            attempt += 1;
            let driver = Driver::start(home.path());
            let mut caps = serde_json::Map::new();
            caps.insert(
                "tauri:options".into(),
                serde_json::json!({ "application": app }),
            );
            let mut builder =
                fantoccini::ClientBuilder::rustls().expect("cannot set up the WebDriver client");
            builder.capabilities(caps);
            let url = driver.url();
            let connect = builder.connect(&url);
            let failure = match tokio::time::timeout(STEP_TIMEOUT, connect).await {
                Ok(Ok(client)) => break (driver, client),
                Ok(Err(err)) => format!("cannot open a session on {}: {err}", app.display()),
                Err(_) => format!(
                    "no session after {STEP_TIMEOUT:?}: the app {} did not start",
                    app.display()
                ),
            };
            if attempt == 1 && driver.log_text().contains("Failed to initialize GTK") {
                eprintln!(
                    "certpack-e2e: the app could not open the display (GTK); starting it once more"
                );
                drop(driver);
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            driver.fail(&failure);
        };
        let timeouts =
            TimeoutConfiguration::new(Some(STEP_TIMEOUT), Some(STEP_TIMEOUT), Some(Duration::ZERO));
        client
            .update_timeouts(timeouts)
            .await
            .expect("cannot set the WebDriver timeouts");
        Session {
            client,
            driver,
            _home: home,
        }
    }

    /// The WebDriver client of this app.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits up to [`STEP_TIMEOUT`] for an element matching a CSS selector.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(err) => panic!("no element `{css}` after {STEP_TIMEOUT:?}: {err}"),
        }
    }

    /// A PNG of the webview as it is now. WebKit's snapshot can lag the DOM by a
    /// frame or two, so this first waits until the page has painted twice.
    pub async fn screenshot(&self) -> Vec<u8> {
        let two_frames = "const done = arguments[arguments.length - 1];\n\
             requestAnimationFrame(() => requestAnimationFrame(() => done()));";
        self.client
            .execute_async(two_frames, Vec::new())
            .await
            .expect("the page did not paint");
        self.client.screenshot().await.expect("no screenshot")
    }

    /// Ends the WebDriver session (which closes the app), then stops the driver.
    pub async fn end(self) {
        let Session {
            client,
            driver,
            _home,
        } = self;
        if let Err(err) = tokio::time::timeout(STEP_TIMEOUT, client.close()).await {
            eprintln!("certpack-e2e: closing the session timed out: {err}");
        }
        drop(driver);
    }
}

/// A `tauri-driver` process of our own, on ports nobody else uses.
struct Driver {
    child: Child,
    port: u16,
    /// WebKitWebDriver's port: tauri-driver starts it and forwards to it, and a
    /// session requested before it listens fails with "connection refused".
    native_port: u16,
    log: PathBuf,
}

impl Driver {
    fn start(home: &Path) -> Driver {
        let exe = tauri_driver();
        let [port, native_port] = free_ports();
        let log = home.join("tauri-driver.log");
        let log_file = std::fs::File::create(&log).expect("cannot create the driver log");
        let err_file = log_file.try_clone().expect("cannot share the driver log");

        let mut cmd = Command::new(&exe);
        cmd.args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .stdin(Stdio::null())
            // A file, not a pipe: a pipe held open by a stray child would block the
            // test harness.
            .stdout(log_file)
            .stderr(err_file);
        for (var, dir) in [
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ] {
            let path = home.join(dir);
            std::fs::create_dir_all(&path).expect("cannot create a temporary XDG folder");
            cmd.env(var, path);
        }
        // GTK reads settings from memory instead of dconf, so there is no D-Bus
        // chatter and nothing is written outside the temporary HOME.
        let runtime_dir = home.join("runtime");
        std::fs::create_dir_all(&runtime_dir).expect("cannot create XDG_RUNTIME_DIR");
        std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700))
            .expect("cannot make XDG_RUNTIME_DIR private");
        cmd.env("XDG_RUNTIME_DIR", runtime_dir)
            .env("GSETTINGS_BACKEND", "memory")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        let child = cmd
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", exe.display()));

        let mut driver = Driver {
            child,
            port,
            native_port,
            log,
        };
        driver.wait_until_listening(driver.port, "tauri-driver");
        driver.wait_until_listening(driver.native_port, "WebKitWebDriver");
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until `what` accepts connections on `port` (a cold machine can take
    /// seconds to start WebKitWebDriver).
    fn wait_until_listening(&mut self, port: u16, what: &str) {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                self.fail(&format!("tauri-driver exited at start ({status})"));
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "{what} is not listening on port {port} after {STEP_TIMEOUT:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Fails the test with the driver's log attached.
    fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- tauri-driver log ---\n{}", self.log_text());
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver traps it and stops WebKitWebDriver
        // (which closes the app). Killed outright, it would orphan WebKitWebDriver.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        if let Ok(None) = self.child.try_wait() {
            eprintln!("certpack-e2e: tauri-driver ignored SIGTERM; killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- tauri-driver log ---\n{}", self.log_text());
        }
    }
}

/// The app under test: `$CERTPACK_APP`, else `certpack-desktop` in the target
/// folder this test was built into (which honours `CARGO_TARGET_DIR`).
pub fn app_binary() -> PathBuf {
    let exe = format!("{APP_NAME}{}", std::env::consts::EXE_SUFFIX);
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("CERTPACK_APP") {
        candidates.push(PathBuf::from(path));
    } else {
        // This test runs from <target>/debug/deps/; the app is in <target>/debug/.
        if let Ok(me) = std::env::current_exe()
            && let Some(profile_dir) = me.parent().and_then(Path::parent)
        {
            candidates.push(profile_dir.join(&exe));
        }
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .unwrap_or_else(|| workspace_root().join("target"));
        candidates.push(target.join("debug").join(&exe));
    }
    let Some(app) = candidates.iter().find(|path| path.is_file()) else {
        panic!(
            "the desktop app is not built (looked for {candidates:?}).\n\
             Build it with: (cd ui && npm run build) && cargo build -p {APP_NAME} --features custom-protocol"
        );
    };
    refuse_stale_front_end(app);
    app.clone()
}

/// The app embeds ui/dist when it is compiled: an app older than the front end
/// would test yesterday's UI.
fn refuse_stale_front_end(app: &Path) {
    let index = workspace_root().join("ui/dist/index.html");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let (Some(app_time), Some(ui_time)) = (modified(app), modified(&index))
        && ui_time > app_time
    {
        panic!(
            "{} is older than ui/dist: rebuild it with cargo build -p {APP_NAME} --features custom-protocol",
            app.display()
        );
    }
}

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn require_display() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        panic!(
            "no DISPLAY: run the WebDriver tests under a display, e.g.\n\
             xvfb-run -a -s '-screen 0 1280x800x24' cargo test -p certpack-e2e -- --test-threads=1"
        );
    }
}

/// `tauri-driver` from PATH, else from cargo's bin folder.
fn tauri_driver() -> PathBuf {
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let from_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(&name))
                .collect()
        })
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    from_path
        .into_iter()
        .chain(cargo_home.map(|dir| dir.join("bin").join(&name)))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!("tauri-driver is not installed: run scripts/setup.sh (cargo install tauri-driver --locked)")
        })
}

/// Two distinct loopback ports that were free a moment ago.
fn free_ports() -> [u16; 2] {
    let bind = || TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("cannot bind a loopback port");
    // Both listeners are open at once, so the two ports differ.
    let listeners = [bind(), bind()];
    listeners.map(|listener| {
        listener
            .local_addr()
            .expect("cannot read a bound port")
            .port()
    })
}

/// The storage emulator's published account key (the same for every Azurite; the
/// core's `upload::DEV_ACCOUNT_KEY`, not depended on here: its TLS stack would clash
/// with the WebDriver client's).
const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// The connection string of an Azurite blob service on this machine: the one in
/// `CERTPACK_AZURITE` (`http://127.0.0.1:PORT/devstoreaccount1`), else one started
/// once per test process by `scripts/azurite.sh` and stopped when the process ends.
pub fn azurite_connection_string() -> String {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let endpoint = URL.get_or_init(|| {
        if let Ok(url) = std::env::var("CERTPACK_AZURITE")
            && !url.is_empty()
        {
            return url;
        }
        let script = workspace_root().join("scripts/azurite.sh");
        let state =
            std::env::temp_dir().join(format!("certpack-azurite-e2e-{}", std::process::id()));
        let out = Command::new("bash")
            .arg(&script)
            .arg("start")
            .arg(&state)
            .env("CERTPACK_AZURITE_WATCH", std::process::id().to_string())
            .stderr(Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success(),
            "Azurite could not be started (scripts/azurite.sh start; it needs node and npm)"
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    });
    format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AZURITE_KEY};BlobEndpoint={endpoint}"
    )
}
