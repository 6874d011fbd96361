from registry.snapshots import Snapshot, compare


def _snap(**overrides: object) -> Snapshot:
    base = {
        "title": "Рождение ребёнка",
        "summary": "",
        "start_event": "Рождение",
        "final_result": "Выплаты",
        "time_bound_days": 60,
        "client_kinds": ["citizen"],
        "owner_body": {"short_name": "Минсоц"},
        "steps": [
            {"position": 1, "service": {"slug": "a", "title": "A"}},
            {"position": 2, "service": {"slug": "b", "title": "B"}},
        ],
        "needs": [{"title": "Сад", "status": "cannot", "reason": "Мест нет"}],
    }
    base.update(overrides)
    return base


def test_identical_snapshots_have_no_changes():
    assert compare(_snap(), _snap())["has_changes"] is False


def test_moved_step_is_shown_as_moved_not_removed_and_added():
    new = _snap(
        steps=[
            {"position": 1, "service": {"slug": "b", "title": "B"}},
            {"position": 2, "service": {"slug": "a", "title": "A"}},
            {"position": 3, "service": {"slug": "c", "title": "C"}},
        ]
    )
    result = compare(_snap(), new)
    changes = {(s["change"], s["title"]) for s in result["steps"]}
    assert changes == {("moved", "A"), ("moved", "B"), ("added", "C")}


def test_changed_field_and_need_status_are_reported():
    new = _snap(time_bound_days=90, needs=[{"title": "Сад", "status": "in_work", "reason": ""}])
    result = compare(_snap(), new)
    changed = [f["label"] for f in result["fields"] if f["changed"]]
    assert changed == ["Срок, дней"]
    assert result["needs"] == [
        {"change": "changed", "title": "Сад", "old_status": "cannot", "status": "in_work"}
    ]
