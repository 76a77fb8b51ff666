//! Operations (provision, seed, refresh) as the Sandbox shows them: named
//! steps sharing the operation's duration equally. Only the start and the
//! planned end are stored; steps and progress are worked out from them at
//! read time, so nothing is written per step and a restart resumes an
//! operation where the clock says it is.

use crate::config::Config;
use crate::ids::{random_share, timestamp_of_ms as at};
use sandbox_api::{Operation, OperationKind, OperationStep, StepState};

/// The steps of each kind, in order.
pub fn step_names(kind: OperationKind) -> &'static [&'static str] {
    match kind {
        OperationKind::Provision => &[
            "Allocate storage",
            "Create schemas",
            "Copy users and apps from production",
        ],
        OperationKind::Seed => &["Load sample data", "Build search indexes"],
        OperationKind::Refresh => &[
            "Wipe sandbox data",
            "Restore configuration and schemas",
            "Restore users and apps",
        ],
    }
}

/// How long each operation lasts and how many fail (`--provision-ms` and
/// friends, `--fail-operations`).
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    pub provision_ms: i64,
    pub seed_ms: i64,
    pub refresh_ms: i64,
    /// Share (0–1) of operations that fail at a random step.
    pub fail_share: f64,
}

impl From<&Config> for Schedule {
    fn from(config: &Config) -> Self {
        let ms = |value: u64| i64::try_from(value).unwrap_or(i64::MAX / 4);
        Schedule {
            provision_ms: ms(config.provision_ms),
            seed_ms: ms(config.seed_ms),
            refresh_ms: ms(config.refresh_ms),
            fail_share: config.fail_operations,
        }
    }
}

/// When one operation runs (Unix ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub started_ms: i64,
    /// The planned end, which the steps and the estimate follow.
    pub ends_ms: i64,
    /// When the worker acts: `ends_ms`, or within the failing step.
    pub due_ms: i64,
}

impl Schedule {
    fn duration_ms(&self, kind: OperationKind) -> i64 {
        match kind {
            OperationKind::Provision => self.provision_ms,
            OperationKind::Seed => self.seed_ms,
            OperationKind::Refresh => self.refresh_ms,
        }
        .max(0)
    }

    /// Plans an operation of `kind` starting at `now_ms`; with
    /// `--fail-operations`, this share of them is due halfway through a
    /// random step, where it fails.
    pub fn start(&self, kind: OperationKind, now_ms: i64) -> Timing {
        let duration = self.duration_ms(kind);
        let ends_ms = now_ms + duration;
        let due_ms = if self.fail_share > 0.0 && random_share() < self.fail_share {
            let steps = step_names(kind).len() as i64;
            let step = ((random_share() * steps as f64) as i64).min(steps - 1);
            now_ms + duration * (2 * step + 1) / (2 * steps)
        } else {
            ends_ms
        };
        Timing {
            started_ms: now_ms,
            ends_ms,
            due_ms,
        }
    }
}

impl Timing {
    /// The step an operation fails at: the one running when it falls due
    /// before its planned end; `None` for one that succeeds.
    pub fn failing_step(&self, kind: OperationKind) -> Option<&'static str> {
        (self.due_ms < self.ends_ms).then(|| step_names(kind)[self.step_at(kind, self.due_ms)])
    }

    /// Index of the step running at `at_ms` (the last one once over).
    fn step_at(&self, kind: OperationKind, at_ms: i64) -> usize {
        let steps = step_names(kind).len();
        let duration = (self.ends_ms - self.started_ms).max(1);
        let elapsed = (at_ms - self.started_ms).clamp(0, duration);
        ((elapsed as i128 * steps as i128 / duration as i128) as usize).min(steps - 1)
    }

    /// Step `index`'s start (Unix ms).
    fn step_start_ms(&self, kind: OperationKind, index: usize) -> i64 {
        let steps = step_names(kind).len() as i64;
        self.started_ms + (self.ends_ms - self.started_ms) * index as i64 / steps
    }

    /// The operation as of `now_ms`. Steps before the running one are done,
    /// the rest pending; progress is the elapsed share of the planned time,
    /// so it only grows (and stops short of a failure point, which the
    /// worker turns into `failed` at once).
    pub fn operation(&self, kind: OperationKind, now_ms: i64) -> Operation {
        let duration = (self.ends_ms - self.started_ms).max(1);
        let now_ms = now_ms.max(self.started_ms);
        let running = self.step_at(kind, now_ms);
        let over = now_ms >= self.ends_ms;
        let steps = step_names(kind)
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let state = if index < running || over {
                    StepState::Done
                } else if index == running {
                    StepState::Running
                } else {
                    StepState::Pending
                };
                let started =
                    (state != StepState::Pending).then(|| at(self.step_start_ms(kind, index)));
                let finished = (state == StepState::Done).then(|| {
                    at(if index + 1 == step_names(kind).len() {
                        self.ends_ms
                    } else {
                        self.step_start_ms(kind, index + 1)
                    })
                });
                OperationStep {
                    name: (*name).to_owned(),
                    state,
                    started_at: started,
                    finished_at: finished,
                }
            })
            .collect();
        let progress = ((now_ms - self.started_ms) as f64 / duration as f64).clamp(0.0, 1.0);
        Operation {
            kind,
            started_at: at(self.started_ms),
            // Three decimals are plenty for a progress bar.
            progress: (progress * 1000.0).floor() / 1000.0,
            steps,
            estimated_completion_at: at(self.ends_ms),
        }
    }
}

/// The `failure_reason` of an operation that failed at `step`.
pub fn failure_reason(kind: OperationKind, step: &str) -> String {
    let what = match kind {
        OperationKind::Provision => "Provisioning",
        OperationKind::Seed => "Seeding",
        OperationKind::Refresh => "The refresh",
    };
    format!("{what} failed at the step \"{step}\": the storage backend did not respond in time.")
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_794_029_516_000;

    fn timing(duration: i64) -> Timing {
        Timing {
            started_ms: START,
            ends_ms: START + duration,
            due_ms: START + duration,
        }
    }

    #[test]
    fn steps_advance_with_the_clock_and_progress_never_falls() {
        let refresh = timing(3000);
        let mut last = -1.0;
        for now in (START - 500..START + 4000).step_by(100) {
            let operation = refresh.operation(OperationKind::Refresh, now);
            assert!(operation.progress >= last && operation.progress <= 1.0);
            last = operation.progress;
            let running = operation
                .steps
                .iter()
                .filter(|s| s.state == StepState::Running)
                .count();
            assert!(running <= 1);
        }
        let middle = refresh.operation(OperationKind::Refresh, START + 1500);
        let states: Vec<StepState> = middle.steps.iter().map(|s| s.state).collect();
        assert_eq!(
            states,
            [StepState::Done, StepState::Running, StepState::Pending]
        );
        assert_eq!(middle.progress, 0.5);
        assert_eq!(middle.steps[0].finished_at, middle.steps[1].started_at);
        assert_eq!(middle.steps[2].started_at, None);
        assert_eq!(middle.estimated_completion_at, "2026-11-07T05:31:59Z");
        let over = refresh.operation(OperationKind::Refresh, START + 9000);
        assert!(over.steps.iter().all(|s| s.state == StepState::Done));
        assert_eq!(over.progress, 1.0);
    }

    #[test]
    fn every_kind_has_the_steps_the_contract_asks_for() {
        assert!(step_names(OperationKind::Refresh).len() >= 3);
        assert!(step_names(OperationKind::Provision).len() >= 2);
        assert!(!step_names(OperationKind::Seed).is_empty());
        // A zero-length operation is over at once, not a division by zero.
        let instant = timing(0).operation(OperationKind::Seed, START);
        assert!(instant.steps.iter().all(|s| s.state == StepState::Done));
    }

    #[test]
    fn failing_operations_fall_due_inside_their_failing_step() {
        let always = Schedule {
            provision_ms: 3000,
            seed_ms: 0,
            refresh_ms: 3000,
            fail_share: 1.0,
        };
        for _ in 0..50 {
            let timing = always.start(OperationKind::Refresh, START);
            assert!(timing.due_ms < timing.ends_ms);
            let step = timing.failing_step(OperationKind::Refresh).unwrap();
            let running = timing.operation(OperationKind::Refresh, timing.due_ms - 1);
            let shown = running
                .steps
                .iter()
                .find(|s| s.state == StepState::Running)
                .unwrap();
            assert_eq!(shown.name, step);
        }
        let never = Schedule {
            fail_share: 0.0,
            ..always
        };
        let timing = never.start(OperationKind::Provision, START);
        assert_eq!(timing.failing_step(OperationKind::Provision), None);
        assert!(failure_reason(OperationKind::Refresh, "Wipe sandbox data")
            .contains("\"Wipe sandbox data\""));
    }
}
