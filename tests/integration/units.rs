//! Dimensional consistency: every unit parses, and each stock's flows are its unit per year.

use talentloop::model::indicators::{columns, STOCK_FLOWS};
use talentloop::model::Model;
use talentloop::scenario::schema;
use talentloop::units::Dim;

use crate::common::baseline;

#[test]
fn every_parameter_and_indicator_unit_parses() {
    for group in schema::GROUPS {
        for p in group.params {
            assert!(
                Dim::parse(p.unit).is_some(),
                "params.{}.{}: {}",
                group.name,
                p.key,
                p.unit
            );
        }
    }
    for p in schema::SECTOR_PARAMS {
        assert!(Dim::parse(p.unit).is_some(), "{}: {}", p.key, p.unit);
    }
    let model = Model::compile(&baseline()).unwrap();
    for c in columns(&model) {
        assert!(Dim::parse(c.unit).is_some(), "{}: {}", c.variable, c.unit);
    }
}

#[test]
fn each_stock_has_flows_in_its_unit_per_year() {
    let model = Model::compile(&baseline()).unwrap();
    let cols = columns(&model);
    let unit_of = |(variable, category): (&str, &str)| {
        let c = cols
            .iter()
            .find(|c| c.variable == variable && c.category == category)
            .unwrap_or_else(|| panic!("no column {variable}[{category}]"));
        Dim::parse(c.unit).unwrap()
    };
    for sf in STOCK_FLOWS {
        let expected = unit_of(sf.stock) * Dim::PER_YEAR;
        for flow in sf.inflows.iter().chain(sf.outflows) {
            assert_eq!(
                unit_of(*flow),
                expected,
                "{}[{}] → {}[{}]",
                sf.stock.0,
                sf.stock.1,
                flow.0,
                flow.1
            );
        }
    }
    // Spot checks that the table is not trivially consistent.
    assert_eq!(unit_of(("capacity", "")), Dim::parse("亿元/yr").unwrap());
    assert_ne!(unit_of(("capacity", "")), unit_of(("talent", "S")));
}

#[test]
fn parameter_units_fit_the_equations_they_enter() {
    // Products that appear in the equations must be dimensionless or have the result's unit.
    let d = |u: &str| Dim::parse(u).unwrap();
    // θ·K is a demand in persons.
    assert_eq!(d("person/(亿元/yr)") * d("亿元/yr"), d("person"));
    // Subsidy cost: e_el·S_H·hires·1e-4 is 亿元/yr.
    assert_eq!(d("1") * d("万元/person") * d("person/yr"), d("亿元/yr"));
    // Enclave seats cost c_E·E.
    assert_eq!(d("万元/(person·yr)") * d("person"), d("亿元/yr"));
    // Landed capacity y_proj·projects/yr adds capacity per year.
    assert_eq!(d("亿元/(yr·project)") * d("project/yr"), d("亿元/yr/yr"));
    // Projects started π_Q·E.
    assert_eq!(d("project/(person·yr)") * d("person"), d("project/yr"));
}
