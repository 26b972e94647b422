//! Parameter addressing and `--set`: every key of the schema parses to its registry position and
//! back, typos get a suggestion, `sectors.*` reaches every sector, and `--set` values are read
//! with the file's rules and reported against the flag.

use sha2::{Digest, Sha256};
use talentloop::analysis::sweep::spec::{set_target, Mode};
use talentloop::scenario::address::{Address, Part, SectorField, Target};
use talentloop::scenario::schema::{GROUPS, SECTOR_PARAMS};
use talentloop::scenario::{apply_override, Source, TimePath};

use crate::common::baseline;

#[test]
fn every_key_of_the_schema_round_trips() {
    let base = baseline();
    for (g, group) in GROUPS.iter().enumerate() {
        for (p, def) in group.params.iter().enumerate() {
            let key = format!("params.{}.{}", group.name, def.key);
            let target = Target::parse(&key, &base).unwrap();
            assert_eq!(target, Target::Global { group: g, param: p });
            assert_eq!(target.key(&base), key);
            // The registry is a `const`, so rows are compared by content, not address.
            assert_eq!(
                (target.def().key, target.def().symbol),
                (def.key, def.symbol)
            );
            assert!(std::ptr::eq(
                target.param(&base).unwrap(),
                &base.globals[g][p]
            ));
        }
    }
    let ids = base.sectors.iter().map(|s| s.id.as_str());
    for (k, id) in ids.map(Some).chain([None]).enumerate() {
        let sector = id.map(|_| k);
        let label = id.unwrap_or("*");
        for (p, def) in SECTOR_PARAMS.iter().enumerate() {
            let key = format!("sectors.{label}.{}", def.key);
            let address = Address::parse(&key, &base).unwrap();
            assert_eq!(address, Address::Param(Target::Sector { sector, param: p }));
            assert_eq!(address.key(&base), key);
        }
        for field in SectorField::ALL {
            let key = format!("sectors.{label}.{}", field.key());
            let address = Address::parse(&key, &base).unwrap();
            assert_eq!(address, Address::SectorField { sector, field });
            assert_eq!(address.key(&base), key);
        }
    }
}

#[test]
fn typos_get_a_suggestion_for_the_part_that_is_wrong() {
    let base = baseline();
    let wrong = |key: &str| Address::parse(key, &base).unwrap_err();

    let e = wrong("params.levers.housing_subsidi");
    assert_eq!(
        (e.part, e.suggestion.as_deref()),
        (Part::Param, Some("housing_subsidy"))
    );
    assert_eq!(e.path, "params.levers.housing_subsidi");
    assert!(
        e.to_string()
            .contains("did you mean `params.levers.housing_subsidy`?"),
        "{e}"
    );
    assert_eq!(
        e.layer_message(),
        "unknown key; did you mean `housing_subsidy`?"
    );

    let e = wrong("params.lever.housing_subsidy");
    assert_eq!(
        (e.part, e.suggestion.as_deref()),
        (Part::Group, Some("levers"))
    );
    assert!(
        e.to_string().contains("did you mean `params.levers`?"),
        "{e}"
    );

    let e = wrong("sectors.food_bevv.market_growth");
    assert_eq!(
        (e.part, e.suggestion.as_deref()),
        (Part::Sector, Some("food_bev"))
    );
    assert!(e.to_string().contains("(or `*` for every sector)"), "{e}");

    let e = wrong("sectors.food_bev.market_grwth");
    assert_eq!(
        (e.part, e.suggestion.as_deref()),
        (Part::SectorKey, Some("market_growth"))
    );

    assert_eq!(wrong("levers.housing_subsidy").part, Part::Shape);
    assert_eq!(
        wrong("params.levers.housing_subsidy.unit").part,
        Part::Shape
    );
    // Metadata is addressable, but it is not a parameter to vary or fit.
    let e = Target::parse("sectors.food_bev.name_zh", &base).unwrap_err();
    assert_eq!(e.part, Part::Metadata);
}

#[test]
fn sectors_star_addresses_every_sector() {
    let mut s = baseline();
    let target = Target::parse("sectors.*.market_growth", &s).unwrap();
    assert!(
        target.param(&s).is_none(),
        "no single value for every sector"
    );
    assert_eq!(target.params_mut(&mut s).len(), s.sectors.len());
    let before: Vec<f64> = s
        .sectors
        .iter()
        .map(|x| x.param("market_growth").value.at(2030.0))
        .collect();
    set_target(&mut s, target, Mode::Scale, 2.0);
    for (sector, b) in s.sectors.iter().zip(before) {
        assert_eq!(sector.param("market_growth").value.at(2030.0), 2.0 * b);
    }

    let s = apply_override(&baseline(), "sectors.*.priority=3").unwrap();
    assert!(s
        .sectors
        .iter()
        .all(|x| x.param("priority").value == TimePath::Constant(3.0)));
    let s = apply_override(&baseline(), "sectors.*.group=\"support\"").unwrap();
    assert!(s.sectors.iter().all(|x| x.group == "support"));
}

#[test]
fn a_time_path_via_set_is_read_like_the_file() {
    let base = baseline();
    let assignment = "sectors.food_bev.market_growth=\
        { kind = \"ramp\", start = 2025, end = 2030, from = 0.05, to = 0.1 }";
    let s = apply_override(&base, assignment).unwrap();
    let k = s.sectors.iter().position(|x| x.id == "food_bev").unwrap();
    let p = s.sectors[k].param("market_growth");
    assert_eq!(
        p.value,
        TimePath::Ramp {
            start: 2025.0,
            end: 2030.0,
            from: 0.05,
            to: 0.1
        }
    );
    assert_eq!(p.source, Source::Assumption);
    // The note quotes the flag as written: no text was formatted, so nothing needed escaping.
    assert_eq!(p.note, format!("set on the command line: {assignment}"));
    assert_eq!(p.file.display().to_string(), format!("--set {assignment}"));
    assert_eq!(p.line, 0);
    for (j, sector) in s.sectors.iter().enumerate() {
        if j != k {
            assert_eq!(sector, &base.sectors[j], "only food_bev changes");
        }
    }
    // The scenario keeps its file and hash; the override is recorded as a layer and an override.
    assert_eq!((&s.file, &s.sha256), (&base.file, &base.sha256));
    assert_eq!(s.overrides, [assignment]);
    let layer = s.layers.last().unwrap();
    assert_eq!(
        layer.file.display().to_string(),
        format!("--set {assignment}")
    );
    let digest: String = Sha256::digest(assignment.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(layer.sha256, digest);
    assert_eq!(s.layers.len(), base.layers.len() + 1);
}

#[test]
fn an_out_of_range_set_names_the_flag() {
    let base = baseline();
    let assignment = "sectors.*.market_growth=2";
    let err = apply_override(&base, assignment).unwrap_err();
    assert_eq!(err.issues.len(), base.sectors.len(), "{err}");
    for issue in &err.issues {
        assert_eq!(issue.code(), "out_of_range");
        assert_eq!(
            issue.location.file.display().to_string(),
            format!("--set {assignment}")
        );
        assert_eq!(issue.location.line, 0, "a flag has no line");
        assert!(
            issue.message.contains("must be in [-0.5, 1] 1/yr, got 2"),
            "{issue}"
        );
    }
    assert!(
        err.to_string().contains(&format!(
            "--set {assignment}: sectors.food_bev.market_growth.value"
        )),
        "{err}"
    );
    // A step inside the path is checked at both ends, as in a file.
    let err = apply_override(
        &base,
        "params.levers.eligible_share={ kind = \"step\", year = 2027, before = 0.5, after = 1.5 }",
    )
    .unwrap_err();
    assert_eq!(err.issues[0].code(), "out_of_range");
    assert_eq!(err.issues[0].key, "params.levers.eligible_share.value");
}
