//! Clock jumps during an incident: the timeline keeps its recorded order, no time runs
//! backwards in what Muster derives, and the jump is flagged.

use chrono::Duration;
use muster_core::{ClockJump, EventBody};

use crate::{declare, Fixture};

#[test]
fn a_clock_moved_back_keeps_the_order_and_flags_the_incident() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let id = incident.id;
    f.clock.advance(Duration::minutes(10));
    f.store.tick_step(&id, &keys[0], "ana").unwrap();
    assert!(!f.store.incident_view(&id).unwrap().clock_jumped);

    f.clock.advance(-Duration::hours(2));
    f.store.tick_step(&id, &keys[1], "ana").unwrap();
    let view = f.store.incident_view(&id).unwrap();
    let seqs: Vec<u32> = view.timeline.iter().map(|e| e.event.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u32).collect::<Vec<_>>(), "recorded order, not clock order");
    let last = view.timeline.len() - 1;
    assert!(view.timeline[last].event.recorded_at < view.timeline[last - 1].event.recorded_at);
    assert!(view.clock_jumped);
    assert_eq!(f.store.verify_chain(&id).unwrap().problem, None);
}

#[test]
fn a_detected_jump_is_recorded_in_every_open_incident() {
    let mut f = Fixture::new();
    let first = declare(&mut f.store).0.id;
    let second = declare(&mut f.store).0.id;
    let from = f.clock_now();
    let to = from + Duration::days(1);
    assert_eq!(f.store.record_clock_jump(&ClockJump { from, to }, "muster").unwrap(), 2);
    for id in [&first, &second] {
        let view = f.store.incident_view(id).unwrap();
        assert_eq!(view.timeline.last().unwrap().event.body, EventBody::ClockJumped { from, to });
        assert!(view.clock_jumped);
    }
}
