//! The baseline scenario, loaded once per fuzzing process (shared by the targets that start
//! from it).
use std::sync::OnceLock;

use talentloop::scenario::{load_str, Scenario};

pub fn baseline() -> &'static Scenario {
    static BASE: OnceLock<Scenario> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../../scenarios/baseline.toml");
        load_str(text, std::path::Path::new("baseline.toml")).expect("baseline loads")
    })
}
