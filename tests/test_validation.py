"""A table of broken data folders and the exact report each one gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storymap.__main__ import main
from storymap.load import load_story
from storymap.report import DataError
from tests.conftest import PROJECT_ROOT, replace_in_file


def line_of(path: Path, text: str) -> int:
    """The line of ``path`` on which ``text`` first appears."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path.name}")


def change(file: str, old: str, new: str):
    def apply(folder: Path) -> None:
        replace_in_file(folder / file, old, new)

    return apply


def write(file: str, content: bytes):
    def apply(folder: Path) -> None:
        (folder / file).write_bytes(content)

    return apply


def remove(file: str):
    def apply(folder: Path) -> None:
        (folder / file).unlink()

    return apply


def drop_column(file: str, column: str):
    def apply(folder: Path) -> None:
        import csv
        import io

        rows = list(csv.reader(io.StringIO((folder / file).read_text(encoding="utf-8"))))
        index = rows[0].index(column)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [row[:index] + row[index + 1 :] for row in rows]
        )
        (folder / file).write_text(out.getvalue(), encoding="utf-8")

    return apply


def edit_areas(edit):
    def apply(folder: Path) -> None:
        document = json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))
        edit(document["features"])
        (folder / "areas.geojson").write_text(json.dumps(document, indent=2), encoding="utf-8")

    return apply


def append_places(count: int, last_latitude: str):
    """``count`` more places, the last of them with ``last_latitude``."""

    def apply(folder: Path) -> None:
        rows = [f"p-{number},Place {number},10,10,context,,," for number in range(count - 1)]
        rows.append(f"p-{count - 1},Place {count - 1},{last_latitude},10,context,,,")
        with (folder / "places.csv").open("a", encoding="utf-8") as file:
            file.write("\n".join(rows) + "\n")

    return apply


def last_line(file: str):
    def find(folder: Path) -> int:
        return len((folder / file).read_text(encoding="utf-8").splitlines())

    return find


def prepend(file: str, content: bytes, then=None):
    def apply(folder: Path) -> None:
        if then is not None:
            then(folder)
        (folder / file).write_bytes(content + (folder / file).read_bytes())

    return apply


PLACES_HEADER = "id,name,lat,lon,role,today,location_note"
HUGE_CELL = 50 * 1024 * 1024  # 50 MB

# (case, how to break the folder, the report line: file, line (or text found on it), column,
#  rule, message)
CASES = [
    (
        "latitude out of range",
        change("places.csv", "43.080,-70.739", "95,-70.739"),
        (
            "places.csv",
            "portsmouth,",
            "lat",
            "range",
            "'95' is out of range: must be from -90 to 90",
        ),
    ),
    (
        "longitude not a number",
        change("places.csv", "46.635,32.617", "46.635,east"),
        ("places.csv", "kherson,", "lon", "type", "'east' is not a number"),
    ),
    (
        "latitude not finite",
        change("places.csv", "38.812,121.243", "NaN,121.243"),
        ("places.csv", "port-arthur,", "lat", "type", "'NaN' is not a finite number"),
    ),
    (
        "longitude infinite",
        change("places.csv", "38.812,121.243", "38.812,inf"),
        ("places.csv", "port-arthur,", "lon", "type", "'inf' is not a finite number"),
    ),
    (
        "duplicate place id",
        change("places.csv", "\ntokyo,", "\nkherson,"),
        (
            "places.csv",
            "Capital of Japan",
            "id",
            "unique",
            "'kherson' is used twice (first on line 4); ids must be unique",
        ),
    ),
    (
        "place id not a slug",
        change("places.csv", "\ntokyo,", "\nTokyo City,"),
        (
            "places.csv",
            "Capital of Japan",
            "id",
            "pattern",
            "'Tokyo City' is not lowercase letters, digits and single hyphens, like port-arthur",
        ),
    ),
    (
        "unknown role",
        change("places.csv", ",context,Capital of Japan", ",capital,Capital of Japan"),
        (
            "places.csv",
            "Capital of Japan",
            "role",
            "choices",
            "'capital' must be one of featured, context",
        ),
    ),
    (
        "missing name",
        change("places.csv", "tokyo,Tokyo,", "tokyo,,"),
        ("places.csv", "tokyo,", "name", "required", "a value is required"),
    ),
    (
        "name in an unknown language code",
        change("names.csv", "tokyo,ja,東京", "tokyo,Japanese,東京"),
        (
            "names.csv",
            "tokyo,ja,東京",
            "language",
            "pattern",
            "'Japanese' is not a two- or three-letter language code",
        ),
    ),
    (
        "name of an unknown place",
        change("names.csv", "tokyo,ja,東京", "edo,ja,東京"),
        ("names.csv", "tokyo,ja,東京", "place_id", "reference", "'edo' is not an id in places.csv"),
    ),
    (
        "name period that ends before it starts",
        change("names.csv", "Порт-Артур,Port-Artur,1898,1905", "Порт-Артур,Port-Artur,1905,1898"),
        ("names.csv", "Порт-Артур", "to", "period", "1898 is before the first year, 1905"),
    ),
    (
        "link to an unknown event",
        change("links.csv", "port-arthur-attack-1904,", "attack-1904,"),
        (
            "links.csv",
            "attack-1904,",
            "from_event",
            "reference",
            "'attack-1904' is not an id in events.csv",
        ),
    ),
    (
        "link of an unknown type",
        change("links.csv", ",ended-by,", ",ends,"),
        (
            "links.csv",
            "port-arthur-attack-1904,portsmouth",
            "type",
            "choices",
            "'ends' must be one of leads-to, ended-by, compared-with, followed-by",
        ),
    ),
    (
        "event that happened at an unknown place",
        change("events.csv", ",kristiania,,", ",christiania,,"),
        (
            "events.csv",
            "portsmouth-roosevelt-nobel-1906,",
            "happened_at",
            "reference",
            "'christiania' is not an id in places.csv",
        ),
    ),
    (
        "event status not a status",
        change("events.csv", ",reported,", ",rumoured,"),
        (
            "events.csv",
            "kuril-islands-planned-conflict-2021,",
            "status",
            "choices",
            "'rumoured' must be one of established, reported, disputed",
        ),
    ),
    (
        "event naming an unknown era",
        change(
            "events.csv",
            'invasion.",wp-russian-occupation-of-kherson-oblast,,,,,war-in-ukraine',
            'invasion.",wp-russian-occupation-of-kherson-oblast,,,,,ukraine-war',
        ),
        (
            "events.csv",
            "kherson-falls-2022,",
            "era_id",
            "reference",
            "'ukraine-war' is not an id in eras.csv",
        ),
    ),
    (
        "event naming an era that does not hold its year",
        change("events.csv", '2019",,,,,,,,,\nmukden', '2019",,,world-war-two,,,,,,\nmukden'),
        (
            "events.csv",
            "tokyo-flag-ceremony-2019,",
            "era_id",
            "era",
            "the era 'world-war-two' (1939–1945) does not hold 2019, the event's first year",
        ),
    ),
    (
        "era colour not a colour",
        change("eras.csv", "#0072B2", "blue"),
        ("eras.csv", "World War II", "colour", "pattern", "'blue' is not a colour written #RRGGBB"),
    ),
    (
        "era year not a whole number",
        change("eras.csv", ",1939,", ",1939.5,"),
        ("eras.csv", "World War II", "from", "type", "'1939.5' is not a whole number"),
    ),
    (
        "old style flag not true or false",
        change("events.csv", "1904-02-08,true,", "1904-02-08,yes please,"),
        (
            "events.csv",
            "port-arthur-attack-1904",
            "old_style",
            "type",
            "'yes please' is not true or false",
        ),
    ),
    (
        "event at an unknown place",
        change("events.csv", "tokyo-flag-ceremony-2019,tokyo,", "tokyo-flag-ceremony-2019,edo,"),
        (
            "events.csv",
            "tokyo-flag-ceremony-2019",
            "place_id",
            "reference",
            "'edo' is not an id in places.csv",
        ),
    ),
    (
        "event citing an unknown source",
        change("events.csv", ",wp-battle-of-tsushima,", ",wp-tsushima,"),
        (
            "events.csv",
            "tsushima-battle-1905",
            "source_id",
            "reference",
            "'wp-tsushima' is not an id in sources.csv",
        ),
    ),
    (
        "impossible date",
        change("events.csv", "1894-11-21", "1894-11-31"),
        (
            "events.csv",
            "port-arthur-captured-1894",
            "date",
            "date",
            "'1894-11-31' is not a real calendar date",
        ),
    ),
    (
        "month 00, as some tools write an unknown month",
        change("events.csv", "1894-11-21", "1894-00-21"),
        (
            "events.csv",
            "port-arthur-captured-1894",
            "date",
            "date",
            "'1894-00-21' has month 00; a month is 01 to 12: write the year alone (1894) "
            "when the month is not known",
        ),
    ),
    (
        "date written in words",
        change("events.csv", "1894-11-21", "21 November 1894"),
        (
            "events.csv",
            "port-arthur-captured-1894",
            "date",
            "date",
            "'21 November 1894' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        ),
    ),
    (
        "span that ends before it starts",
        change("events.csv", "2022-11-09/2022-11-11", "2022-11-11/2022-11-09"),
        (
            "events.csv",
            "kherson-retreat-2022",
            "date",
            "date",
            "'2022-11-11/2022-11-09' ends before it starts",
        ),
    ),
    (
        "duplicate event id",
        change("events.csv", "kherson-falls-2022,", "kherson-invasion-2022,"),
        (
            "events.csv",
            "Kherson falls to Russian forces",
            "id",
            "unique",
            "'kherson-invasion-2022' is used twice (first on line 14); ids must be unique",
        ),
    ),
    (
        "article event without a quote",
        change(
            "events.csv",
            ",article,wp-soviet-invasion-of-manchuria,the Soviet Union separately "
            "invaded a Japanese-controlled area of China",
            ",article,wp-soviet-invasion-of-manchuria,",
        ),
        (
            "events.csv",
            "manchuria-soviet-invasion-1945",
            "quote",
            "quote",
            "a quote is required when the source is the article ('article'): copy the sentence "
            "that states the event",
        ),
    ),
    (
        "source link that is not http",
        change(
            "sources.csv", "https://en.wikipedia.org/wiki/Battle_of_Tsushima", "javascript:alert(1)"
        ),
        (
            "sources.csv",
            "wp-battle-of-tsushima",
            "url",
            "pattern",
            "'javascript:alert(1)' is not an http:// or https:// address",
        ),
    ),
    (
        "required column missing",
        drop_column("places.csv", "role"),
        ("places.csv", 1, "role", "columns", "the required column is missing"),
    ),
    (
        "unknown column",
        change("places.csv", PLACES_HEADER, PLACES_HEADER + ",notes"),
        (
            "places.csv",
            1,
            "notes",
            "columns",
            "unknown column; the columns are id, name, lat, lon, role, today, location_note, zoom",
        ),
    ),
    (
        "semicolons for commas",
        write("sources.csv", b"id;kind;title\narticle;article;A\n"),
        (
            "sources.csv",
            1,
            "-",
            "delimiter",
            "the columns are separated by ';'; separate them with commas",
        ),
    ),
    (
        "row with a cell too many",
        change("places.csv", "Capital of Russia,,\n", "Capital of Russia,,,\n"),
        ("places.csv", "moscow,", "-", "width", "the row has 9 cells, the header has 8"),
    ),
    ("missing file", remove("events.csv"), ("events.csv", "-", "-", "file", "the file is missing")),
    (
        "empty file",
        write("sources.csv", b""),
        (
            "sources.csv",
            "-",
            "-",
            "empty",
            "the file is empty; the first line must be the header: "
            "id,kind,title,publisher,url,published",
        ),
    ),
    (
        "Latin-1 bytes",
        write("sources.csv", "id,kind,title\narticle,article,Caf\u00e9\n".encode("latin-1")),
        ("sources.csv", 2, "-", "encoding", "byte 0xe9 is not UTF-8 text; save the file as UTF-8"),
    ),
    (
        "binary file",
        write("places.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("places.csv", "-", "-", "encoding", "this is a binary file, not CSV text"),
    ),
    # json.dumps(indent=2) puts the first feature on line 4, the second on line 41
    (
        "area of an unknown place",
        edit_areas(lambda features: features[0]["properties"].update(place_id="kamchatka")),
        ("areas.geojson", 4, "place_id", "area", "'kamchatka' is not an id in places.csv"),
    ),
    (
        "area with latitude first",
        edit_areas(
            lambda features: features[0]["geometry"].update(
                coordinates=[[44.1, 145.9], [45.0, 147.7]]
            )
        ),
        (
            "areas.geojson",
            4,
            "geometry",
            "area",
            "coordinates must be [longitude, latitude] pairs, longitude -180 to 180, "
            "latitude -90 to 90",
        ),
    ),
    (
        "area whose properties are not an object",
        edit_areas(lambda features: features[0].update(properties="kuril")),
        ("areas.geojson", 4, "properties", "area", "must be an object with id, place_id, name"),
    ),
    (
        "area whose geometry is a word",
        edit_areas(lambda features: features[0].update(geometry="LineString")),
        ("areas.geojson", 4, "geometry", "area", "must be a GeoJSON geometry object"),
    ),
    (
        "area years that are not whole",
        edit_areas(lambda features: features[1]["properties"].update({"from": "1898"})),
        ("areas.geojson", 41, "from", "area", "'1898' is not a whole year"),
    ),
    (
        "area that is not JSON",
        write("areas.geojson", b'{"type": "FeatureCollection",\n  oops}'),
        (
            "areas.geojson",
            2,
            "-",
            "geojson",
            "not valid JSON: Expecting property name enclosed in double quotes",
        ),
    ),
    (
        # A story may have no places, if its events name none (tests/test_placeless.py).
        "places with a header only while events name places",
        write("places.csv", b"id,name,lat,lon,role\n"),
        (
            "events.csv",
            2,
            "place_id",
            "reference",
            "'port-arthur' is not an id in places.csv",
        ),
    ),
    (
        "events with a header only",
        write("events.csv", b"id,place_id,date,title,summary,source_id\n"),
        (
            "events.csv",
            2,
            "-",
            "empty",
            "the file has a header but no rows; a story needs at least one event",
        ),
    ),
    (
        "published date that does not exist",
        change("sources.csv", ",,2022-11", ",,2022-13"),
        ("sources.csv", "article,", "published", "date", "'2022-13' is not a real calendar date"),
    ),
    (
        "published date with day 00",
        change("sources.csv", ",,2022-11", ",,2022-11-00"),
        (
            "sources.csv",
            "article,",
            "published",
            "date",
            "'2022-11-00' has day 00; a day is 01 to 31: write the month alone (2022-11) "
            "when the day is not known",
        ),
    ),
    (
        "UTF-16 text",
        write("sources.csv", "id,kind,title\n".encode("utf-16")),
        ("sources.csv", "-", "-", "encoding", "the file is UTF-16 text; save it as UTF-8"),
    ),
    (
        "100,000 rows, the last one bad",
        append_places(100_000, "95"),
        (
            "places.csv",
            last_line("places.csv"),
            "lat",
            "range",
            "'95' is out of range: must be from -90 to 90",
        ),
    ),
    (
        "a million rows of the wrong width",
        write("places.csv", (PLACES_HEADER + "\n" + "a\n" * 1_000_000).encode()),
        (
            "places.csv",
            1_001,
            "-",
            "problems",
            "1,000 problems or more; stopped reading places.csv at line 1,001",
        ),
    ),
    (
        "a 50 MB cell",
        write(
            "places.csv",
            (PLACES_HEADER + "\nhuge,Huge,10,10,context,").encode() + b"x" * HUGE_CELL + b",\n",
        ),
        (
            "places.csv",
            2,
            "today",
            "cell-size",
            f"the cell has {HUGE_CELL:,} characters; at most 100,000 are allowed",
        ),
    ),
    (
        "byte-order mark before a bad row",
        prepend(
            "places.csv", b"\xef\xbb\xbf", then=change("places.csv", "43.080,-70.739", "95,-70.739")
        ),
        (
            "places.csv",
            "portsmouth,",
            "lat",
            "range",
            "'95' is out of range: must be from -90 to 90",
        ),
    ),
    (
        "a column twice",
        change("places.csv", PLACES_HEADER, PLACES_HEADER + ",name"),
        ("places.csv", 1, "name", "columns", "the column appears twice"),
    ),
    (
        "a 1 MB column name",
        change("places.csv", PLACES_HEADER, PLACES_HEADER + "," + "n" * 1_000_000),
        (
            "places.csv",
            1,
            "n" * 59 + "…",
            "columns",
            "unknown column; the columns are id, name, lat, lon, role, today, location_note, zoom",
        ),
    ),
    (
        "tab-separated",
        write("eras.csv", b"id\tlabel\tfrom\tto\tcolour\n"),
        (
            "eras.csv",
            1,
            "-",
            "delimiter",
            "the columns are separated by tab; separate them with commas",
        ),
    ),
]


# The loader and the command line are checked with every case; the app, which runs whole
# for each, with a few, one of each kind: a cell that breaks its column's rule, a
# reference between files, a missing file, a problem in areas.geojson and a whole file
# refused for its form. They all show the loader's report, whatever its problems.
CASES_IN_THE_APP = [
    "latitude out of range",
    "event citing an unknown source",
    "missing file",
    "area of an unknown place",
    "semicolons for commas",
]


def parametrize_cases(names: list[str] | None = None):
    """The table's cases (or those of ``names``) as ``breakage, expected`` parameters."""
    by_name = {case[0]: case for case in CASES}
    cases = CASES if names is None else [by_name[name] for name in names]  # a typo fails here
    return pytest.mark.parametrize(
        ("breakage", "expected"), [case[1:] for case in cases], ids=[case[0] for case in cases]
    )


def break_folder(folder: Path, breakage, expected) -> tuple:
    """Break ``folder`` as a case says; the problem it must get, with its line number."""
    file, line, column, rule, message = expected
    if isinstance(line, str) and line != "-":
        line = line_of(folder / file, line)
    breakage(folder)
    if callable(line):
        line = line(folder)
    return file, line, column, rule, message


def report_line(problem: tuple) -> str:
    file, line, column, _rule, message = problem
    return f"{file}:{line}: {column}: {message}"


@parametrize_cases()
def test_each_broken_folder_gets_its_exact_report(data_copy, breakage, expected, capsys):
    problem = break_folder(data_copy, breakage, expected)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    reported = [(p.file, p.line, p.column, p.rule, p.message) for p in raised.value.problems]
    assert problem in reported
    assert report_line(problem) in raised.value.report().splitlines()
    # The command line prints the same report, and exits 1.
    assert main(["validate", str(data_copy)]) == 1
    assert report_line(problem) in capsys.readouterr().out.splitlines()


@parametrize_cases(CASES_IN_THE_APP)
def test_the_app_shows_the_report_and_keeps_running(data_copy, breakage, expected, monkeypatch):
    problem = break_folder(data_copy, breakage, expected)
    monkeypatch.setenv("STORYMAP_DATA", str(data_copy))
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    # The app shows the report the loader gives, and keeps running: its pages and
    # navigation stay usable.
    assert not app.exception
    assert "can't be shown" in app.error[0].value
    assert report_line(problem) in app.code[0].value.splitlines()
    # The folder is refused whole: no part of the story is shown beside the report (the
    # page's stylesheets, which name the panel's class, come before the story is read).
    assert not [html for html in app.get("html") if 'class="place-panel' in html.proto.body]
    assert not app.get("component_instance")  # no map
    assert [select.key for select in app.get("selectbox")] == ["interface_menu"]


def test_every_problem_is_reported_not_only_the_first(data_copy):
    change("places.csv", "43.080,-70.739", "95,-70.739")(data_copy)
    change("events.csv", "1894-11-21", "1894-11-31")(data_copy)
    change("sources.csv", "wp-battle-of-mukden,reference", "wp-battle-of-mukden,book")(data_copy)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert {problem.rule for problem in raised.value.problems} == {"range", "date", "choices"}


def test_a_cell_that_breaks_several_rules_is_reported_once(data_copy):
    change("places.csv", "38.812,121.243", "nan,121.243")(data_copy)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert [p.column for p in raised.value.problems] == ["lat"]


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(DataError) as raised:
        load_story(tmp_path / "nowhere")
    assert "the data folder does not exist; set STORYMAP_DATA" in raised.value.report()


def test_a_byte_order_mark_is_accepted(data_copy, story):
    path = data_copy / "places.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_story(data_copy).places == story.places


def test_line_numbers_count_lines_inside_quoted_cells(data_copy):
    # A summary over two lines moves every later row down by one line.
    change(
        "events.csv",
        ",Japanese forces capture Port Arthur from China during the First Sino-Japanese War.,",
        ',"Japanese forces capture Port Arthur from China\nduring the First Sino-Japanese War.",',
    )(data_copy)
    change(
        "events.csv",
        "kherson-falls-2022,kherson,2022-03-02",
        "kherson-falls-2022,kherson,2022-03-32",
    )(data_copy)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    expected = line_of(data_copy / "events.csv", "kherson-falls-2022")
    assert [(p.line, p.column) for p in raised.value.problems] == [(expected, "date")]


def test_the_command_line_validator_prints_the_report_and_exits_1(data_copy, capsys):
    change("places.csv", "43.080,-70.739", "95,-70.739")(data_copy)
    assert main(["validate", str(data_copy)]) == 1
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        "places.csv:3: lat: '95' is out of range: must be from -90 to 90"
    ]
    assert "1 problem(s)" in output.err


def test_the_command_line_validator_exits_0_on_clean_data(data_copy, capsys, story):
    assert main(["validate", str(data_copy)]) == 0
    assert (
        f"OK: {len(story.places)} places, {len(story.events)} events, "
        f"{len(story.sources)} sources, {len(story.areas)} areas"
    ) in capsys.readouterr().out


def test_a_missing_file_does_not_hide_the_problems_of_the_others(data_copy):
    remove("sources.csv")(data_copy)
    change("places.csv", "43.080,-70.739", "95,-70.739")(data_copy)
    change("events.csv", "tokyo-flag-ceremony-2019,tokyo,", "tokyo-flag-ceremony-2019,edo,")(
        data_copy
    )
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert {(p.file, p.rule) for p in raised.value.problems} == {
        ("sources.csv", "file"),
        ("places.csv", "range"),
        ("events.csv", "reference"),
    }


def test_an_unreadable_places_file_is_not_blamed_on_the_areas(data_copy):
    write("places.csv", b"id;name;lat\n")(data_copy)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert {p.file for p in raised.value.problems} == {"places.csv"}


def test_a_data_folder_that_is_a_file_is_reported(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("id,name\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_story(path)
    assert raised.value.problems[0].rule == "folder"
    assert "the data folder is a file, not a folder; set STORYMAP_DATA" in raised.value.report()


def test_an_unreadable_file_is_reported_not_raised(data_copy, monkeypatch):
    real_read_bytes = Path.read_bytes

    def read_bytes(path):
        if path.name == "events.csv":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert raised.value.report().splitlines() == [
        "events.csv:-: -: the file can't be read (Permission denied); check that the app's "
        "user may read it"
    ]


def test_an_unreadable_folder_is_reported_not_raised(data_copy, monkeypatch):
    def is_dir(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", is_dir)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert raised.value.problems[0].rule == "folder"
    assert "can't be read (Permission denied)" in raised.value.problems[0].message


def test_a_row_with_a_long_cell_is_reported_once_not_as_a_missing_id(data_copy):
    change("places.csv", "Kherson,46.635", "Kherson" + "x" * 100_001 + ",46.635")(data_copy)
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert [(p.file, p.column, p.rule) for p in raised.value.problems] == [
        ("places.csv", "name", "cell-size")
    ]
