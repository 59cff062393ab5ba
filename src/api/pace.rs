//! `Pace`: how fast the calls of one run may go. Every request sent through a `Client` that carries a
//! `Pace` waits for its slot first (requests are spaced `1 / rate` apart, no bursts), so a limit set
//! for a batch covers all its Catalog calls: searches, creates, updates and the reconciling searches.
//! A throttled answer (429 / `APIG.0308`) halves the rate at once; each success afterwards wins a
//! little of it back, up to the rate asked for. Timing only: no IO besides the sleep.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The slowest a throttled run goes: one request every two seconds.
pub const MIN_RATE: f64 = 0.5;
/// How much of the rate each success wins back after a throttle (requests/s).
const RECOVER_STEP: f64 = 0.25;

#[derive(Debug)]
struct State {
    /// When the next request may leave.
    next: Option<Instant>,
    rate: f64,
    slowdowns: u32,
    /// Requests given a slot so far, and the first and last slot.
    count: u64,
    first: Option<Instant>,
    last: Option<Instant>,
}

/// A shared request pacer (`Arc<Pace>` in every clone of a client).
#[derive(Debug)]
pub struct Pace {
    max_rate: f64,
    state: Mutex<State>,
}

impl Pace {
    /// At most `rate` requests per second (clamped to at least `MIN_RATE`).
    pub fn new(rate: f64) -> Pace {
        let rate = if rate.is_finite() {
            rate.max(MIN_RATE)
        } else {
            MIN_RATE
        };
        Pace {
            max_rate: rate,
            state: Mutex::new(State {
                next: None,
                rate,
                slowdowns: 0,
                count: 0,
                first: None,
                last: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reserves the next slot and returns how long to wait for it.
    pub fn reserve(&self, now: Instant) -> Duration {
        let mut s = self.lock();
        let slot = s.next.map_or(now, |n| n.max(now));
        s.next = Some(slot + Duration::from_secs_f64(1.0 / s.rate));
        s.count += 1;
        s.first.get_or_insert(slot);
        s.last = Some(slot);
        slot - now
    }

    /// Waits for this request's slot.
    pub async fn wait(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The gateway throttled a request: halve the rate.
    pub fn throttled(&self) {
        let mut s = self.lock();
        s.rate = (s.rate / 2.0).max(MIN_RATE);
        s.slowdowns += 1;
    }

    /// A request went through: win back a little of the rate.
    pub fn succeeded(&self) {
        let mut s = self.lock();
        s.rate = (s.rate + RECOVER_STEP).min(self.max_rate);
    }

    /// The rate now (requests/s).
    pub fn rate(&self) -> f64 {
        self.lock().rate
    }

    /// The rate asked for.
    pub fn max_rate(&self) -> f64 {
        self.max_rate
    }

    /// How many requests were paced so far.
    pub fn count(&self) -> u64 {
        self.lock().count
    }

    /// The rate the requests actually left at: requests after the first, over the time from the
    /// first slot to the last (`None` for fewer than two requests).
    pub fn measured(&self) -> Option<f64> {
        let s = self.lock();
        let span = s.last?.duration_since(s.first?).as_secs_f64();
        (s.count > 1 && span > 0.0).then(|| (s.count - 1) as f64 / span)
    }

    /// How many times a throttle slowed the run down.
    pub fn slowdowns(&self) -> u32 {
        self.lock().slowdowns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_by_the_rate_without_a_burst() {
        let p = Pace::new(4.0);
        let t0 = Instant::now();
        let waits: Vec<Duration> = (0..5).map(|_| p.reserve(t0)).collect();
        let ms: Vec<u128> = waits.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, vec![0, 250, 500, 750, 1000]);
        assert_eq!(p.measured().map(|r| r.round()), Some(4.0));
        // A request after a quiet spell does not wait.
        assert_eq!(p.reserve(t0 + Duration::from_secs(10)), Duration::ZERO);
    }

    #[test]
    fn a_throttle_halves_the_rate_and_successes_win_it_back() {
        let p = Pace::new(10.0);
        p.throttled();
        assert_eq!(p.rate(), 5.0);
        p.throttled();
        assert_eq!(p.rate(), 2.5);
        assert_eq!(p.slowdowns(), 2);
        for _ in 0..100 {
            p.succeeded();
        }
        assert_eq!(p.rate(), 10.0);
        let slow = Pace::new(0.6);
        slow.throttled();
        assert_eq!(slow.rate(), MIN_RATE);
        assert_eq!(Pace::new(f64::NAN).rate(), MIN_RATE);
    }
}
