"""``dotterel demo``: finding the articles, their dates, and the table per article."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from dotterel.cli import _register, app
from dotterel.cli.demo import (
    DemoError,
    article_table,
    demo_documents,
    find_examples,
    publication_date,
    quote_with_trigger,
    summary_line,
)
from dotterel.models import ActorRef, Document, Event, Location, Span

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TEXT = (
    "Iran launches drones at Israel\n\n"
    "Iran launched more than 300 drones and missiles at Israel overnight, the Israeli military said.\n\n"
    "Pakistan denied any role in the attack."
)


def _render(renderable) -> str:
    console = Console(record=True, width=200, color_system=None)
    console.print(renderable)
    return console.export_text()


def _events() -> list[Event]:
    s1 = TEXT.index("Iran launched")
    q1 = TEXT[s1 : TEXT.index("\n\nPakistan")]
    t1 = TEXT.index("launched")
    s2 = TEXT.index("Pakistan denied")
    q2 = TEXT[s2:]
    t2 = TEXT.index("denied")
    return [
        Event(
            doc_id="2024-04-14-test", sentence=1, quote=q1,
            trigger=Span(text="launched", start=t1, end=t1 + 8),
            plover="ASSAULT", mode="aerial", cameo="195", quad_class=4, intensity=-9.0,
            actor=[ActorRef(text="Iran", start=s1, end=s1 + 4, code="IRN", name="Iran")],
            recipient=[ActorRef(text="Israel", start=TEXT.index("at Israel") + 3,
                                end=TEXT.index("at Israel") + 9, code="ISR", name="Israel")],
            date="2024-04-14", date_precision="day", date_text="overnight", date_source="text",
            status="reported",
            claimant=ActorRef(text="the Israeli military", start=0, end=1, code="ISR", sector="MIL"),
            rule="test:launch",
        ),
        Event(
            doc_id="2024-04-14-test", sentence=2, quote=q2,
            trigger=Span(text="denied", start=t2, end=t2 + 6),
            plover="REJECT", cameo="12", quad_class=3,
            actor=[ActorRef(text="Pakistan", start=s2, end=s2 + 8, code="PAK", sector="GOV")],
            date="2024-04", date_precision="month", date_source="publication",
            location=Location(text="Kabul", start=0, end=5, name="Kabul", country="AFG",
                              geonameid=1138958, lat=34.5, lon=69.2),
            status="denied", rule="test:deny",
        ),
    ]  # fmt: skip


def test_publication_date_from_file_name():
    assert publication_date(Path("2024-04-14-iran-attack-israel.txt")) == "2024-04-14"
    assert publication_date(Path("2024-02-30-bad.txt")) is None
    assert publication_date(Path("article.txt")) is None


def test_article_table_shows_date_event_status_place_and_quote():
    doc = Document(id="2024-04-14-test", text=TEXT, published="2024-04-14")
    out = _render(article_table(doc, _events()))
    assert "Iran launches drones at Israel" in out  # title line
    assert "2024-04-14" in out
    assert "IRN → ASSAULT (195) → ISR" in out
    assert "reported" in out and "per ISR" in out
    assert "PAK GOV → REJECT (12) → —" in out
    assert "2024-04 (month) pub." in out
    assert "denied" in out
    assert "Kabul AFG" in out
    assert "launched more than 300 drones" in out
    assert "2 events" in out


def test_article_without_events_says_so():
    doc = Document(id="empty", text="Nothing happened\n\nIt rained.", published=None)
    out = _render(article_table(doc, []))
    assert "no events found" in out and "published unknown" in out


def test_quote_is_shortened_around_the_highlighted_trigger():
    long = "A" * 200 + " Iran launched drones " + "B" * 200
    t = long.index("launched")
    ev = _events()[0].model_copy(
        update={"quote": long, "trigger": Span(text="launched", start=t, end=t + 8)}
    )
    text = quote_with_trigger(ev, long)
    assert text.plain.startswith("…") and text.plain.endswith("…")
    assert "Iran launched drones" in text.plain
    assert len(text.plain) < 170
    styled = [text.plain[s.start : s.end] for s in text.spans if "reverse" in str(s.style)]
    assert styled == ["launched"]


def test_summary_line_counts():
    doc = Document(id="d", text=TEXT, published="2024-04-14")
    line = summary_line([(doc, _events())], 1.25)
    assert line.startswith("1 articles, 2 events (")
    assert "1 reported" in line and "1 denied" in line
    assert "1 with a place, 1 dated from the text; 1.2 s" in line


def test_demo_documents_reads_dates_and_reports_problems(tmp_path):
    (tmp_path / "2025-05-10-a.txt").write_text("Title\n\nIndia and Pakistan agreed.", encoding="utf-8")
    (tmp_path / "undated.txt").write_text("Title\n\nSomething.", encoding="utf-8")
    (tmp_path / "2025-05-11-empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    docs, problems = demo_documents(tmp_path)
    assert [(d.id, d.published) for d in docs] == [("2025-05-10-a", "2025-05-10"), ("undated", None)]
    assert any("2025-05-11-empty.txt" in p and "empty" in p for p in problems)
    assert any(p.startswith("undated.txt: no YYYY-MM-DD prefix") for p in problems)


def test_the_bundled_examples_are_dated_and_readable():
    docs, problems = demo_documents(EXAMPLES)
    assert len(docs) >= 5 and problems == []
    for d in docs:
        words = len(d.text.split())
        assert 150 <= words <= 350, (d.id, words)
        assert d.published and d.id.startswith(d.published)


def test_missing_folder_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(DemoError, match="no such folder"):
        find_examples(tmp_path / "nope")
    with pytest.raises(DemoError, match="no .txt articles"):
        demo_documents(tmp_path)
    _register()
    result = CliRunner().invoke(app, ["demo", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "nope: no such folder" in result.output


def test_default_folder_is_examples_in_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "2020-01-01-x.txt").write_text("T\n\nX.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_examples() == tmp_path / "examples"


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("dotterel.resolve.actors") is None, reason="the coder is not complete yet"
)
def test_demo_codes_the_bundled_examples():
    _register()
    result = CliRunner().invoke(app, ["demo", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Iran and Saudi Arabia agree in Beijing" in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("5 articles, ")
    n_events = int(last.split(", ")[1].split()[0])
    assert n_events >= 10
