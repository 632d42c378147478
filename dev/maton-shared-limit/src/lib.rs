//! Tests only: the SDK's Redis-shared rate limit against a real `redis-server`.
//!
//! [`RedisServer`] starts `redis-server` on a free 127.0.0.1 port (no persistence), waits until
//! it answers `PING`, and kills it when dropped; it can be killed, paused and restarted on the
//! same port mid-test. When `redis-server` is not on the PATH, [`RedisServer::start_or_skip`]
//! prints a loud message and returns `None`, unless `CI=true`, where it panics.
//!
//! The binaries: `limit-sender` (one replica: sends SMS at a steady pace for a while and prints
//! what came back, configured by the environment like any service) and `limiter-bench` (the
//! latency Redis adds to each request).

use std::io::Write as _;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` process on 127.0.0.1, killed when dropped.
#[derive(Debug)]
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one, or says loudly why the calling test is skipped (`None`). With `CI=true` a
    /// missing `redis-server` is a failure instead.
    pub fn start_or_skip(test: &str) -> Option<Self> {
        let found = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !found {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{test}: redis-server is not on the PATH and CI=true \
                     (apt-get install -y redis-server)"
                );
            }
            // Straight to stderr, not `eprintln!`: the test harness would capture that.
            let _ = writeln!(
                std::io::stderr(),
                "\n########################################################################\n\
                 ## SKIPPED {test}: redis-server is not on the PATH.\n\
                 ## Install it (apt-get install -y redis-server) to run this test;\n\
                 ## with CI=true a missing redis-server fails the test instead.\n\
                 ########################################################################\n"
            );
            return None;
        }
        let port = free_port();
        let mut server = Self { port, child: None };
        server.restart();
        Some(server)
    }

    /// `redis://127.0.0.1:<port>/0`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// The port it listens on (kept across restarts).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills it (SIGKILL) and waits for the process to end.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops it with SIGSTOP: connections stay open but nothing answers (a hung server).
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Lets a paused server go on (SIGCONT).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    /// Starts it again on the same port (killing the old process first, if any), empty, and
    /// waits until it answers `PING`.
    pub fn restart(&mut self) {
        self.kill();
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        self.wait_until_ready();
    }

    /// The keys matching `pattern`.
    pub fn keys(&self, pattern: &str) -> Vec<String> {
        let mut connection = self.connect().expect("Redis answers");
        redis::cmd("KEYS")
            .arg(pattern)
            .query(&mut connection)
            .expect("KEYS")
    }

    fn connect(&self) -> redis::RedisResult<redis::Connection> {
        redis::Client::open(self.url())?.get_connection_with_timeout(Duration::from_millis(500))
    }

    /// Polls with `PING` until it answers; fails after 10 s or if the process ended.
    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(mut connection) = self.connect()
                && redis::cmd("PING")
                    .query::<String>(&mut connection)
                    .is_ok_and(|pong| pong == "PONG")
            {
                return;
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!("redis-server on port {} exited: {status}", self.port);
            }
            assert!(
                Instant::now() < deadline,
                "redis-server on port {} did not answer PING within 10 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn signal(&self, signal: &str) {
        assert!(self.send_signal(signal), "kill {signal} failed");
    }

    fn send_signal(&self, signal: &str) -> bool {
        self.child.as_ref().is_none_or(|child| {
            Command::new("kill")
                .args([signal, &child.id().to_string()])
                .status()
                .is_ok_and(|status| status.success())
        })
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.send_signal("-CONT");
        self.kill();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}

/// The median of `values` (sorted in place); 0 when empty.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
