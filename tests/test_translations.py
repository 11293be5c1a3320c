"""translations.csv: a story's own text in other languages, checked against the rest of
the story, and shown wherever the story is, in the reader's language; quotes verbatim."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import folium
import pytest
from frictionless import Package

from storymap.downloads import story_zip
from storymap.export import standalone_html
from storymap.folium_map import link_arcs
from storymap.i18n import speaking
from storymap.load import DEFAULT_DATA_FOLDER, load_files
from storymap.loaded_story import in_language, loaded_story, private_map_data_in_languages
from storymap.map_features import PrivateStoryData, private_story_data, story_features
from storymap.model import Area, Era, Event, Link, Place, Story, Translation
from storymap.panel import place_panel_html, related_events, source_html
from storymap.report import DataError
from storymap.schema import link_id
from storymap.storyfiles import INTRODUCTION_FILENAME, FolderFiles, MemoryFiles
from storymap.tables import areas_table, links_table
from storymap.template import (
    TEMPLATE_AREAS,
    TEMPLATE_FOLDER,
    TEMPLATE_TITLE,
    template_files,
    template_zip,
)
from storymap.translations import story_text, translated
from storymap.upload_check import check_upload
from tests.test_pages import html_of, run_page
from tests.test_upload_page import upload, upload_page

HEADER = "language,record,id,field,text"
ATTACK = "port-arthur-attack-1904"  # the template's event with a quote
TREATY = "portsmouth-treaty-signed-1905"  # the template's event without one
LINK = f"{ATTACK}>{TREATY}"  # the template's link, as translations.csv names it
AREA = "kwantung-leased-territory"  # the template's area
LINKS_HEADER = "from_event,to_event,type,label"


def template_with(translations: str | None) -> dict[str, bytes]:
    """The template's story files with ``translations`` as its translations.csv (None:
    without one)."""
    files = {name: data for name, data in template_files().items() if name != "README.txt"}
    files.pop("translations.csv")
    if translations is not None:
        files["translations.csv"] = translations.encode("utf-8")
    return files


def report_of(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_files(MemoryFiles("t", files))
    return [str(problem) for problem in raised.value.problems]


def template_story_of(files: dict[str, bytes]):
    return load_files(MemoryFiles("t", files))


def template_story(translations: str):
    return load_files(MemoryFiles("t", template_with(translations)))


def template_with_links(translations: str, *links: str) -> dict[str, bytes]:
    """The template's files with ``translations``, and ``links`` (rows) as its links.csv."""
    files = template_with(translations)
    files["links.csv"] = "\n".join((LINKS_HEADER, *links, "")).encode("utf-8")
    return files


def template_with_areas(translations: str, *areas: tuple[str, str]) -> dict[str, bytes]:
    """The template's files with ``translations``, and its area drawn once for each
    (id, name) of ``areas``."""
    feature = TEMPLATE_AREAS["features"][0]
    features = [
        {**feature, "properties": {**feature["properties"], "id": area_id, "name": name}}
        for area_id, name in areas
    ]
    files = template_with(translations)
    collection = {"type": "FeatureCollection", "features": features}
    files["areas.geojson"] = json.dumps(collection, ensure_ascii=False).encode("utf-8")
    return files


# The rules: each broken row, and the one line of the report it gets

LONG_DATE = "x" * 81
LONG_TITLE = "x" * 121
LONG_INTRODUCTION = "я" * 5121  # two bytes each: 10,242 bytes, over the 10 KB of a file

RULES = [
    (
        "a note the original does not have",
        "ru,place,port-arthur,location_note,Примечание",
        "translations.csv:2: field: 'port-arthur' has no location_note to translate: its "
        "location_note in places.csv is empty",
    ),
    (
        "a control character in a translated introduction, which is plain text",
        'ru,story,,introduction,"Первая строка.\nВторая \x1b[31m"',
        "translations.csv:2: text: the line holds the control character U+001B; an "
        "introduction is plain text",
    ),
    (
        "an unknown record",
        "ru,person,port-arthur,name,Порт-Артур",
        "translations.csv:2: record: 'person' must be one of story, place, event, era, link, area",
    ),
    (
        "an unknown field",
        f"ru,event,{ATTACK},colour,красный",
        "translations.csv:2: field: 'colour' must be one of title, introduction, name, today, "
        "location_note, summary, quote, display_date, label",
    ),
    (
        "a field of another record",
        "ru,place,port-arthur,summary,Крепость",
        "translations.csv:2: field: 'summary' is not a field of record 'place': its fields are "
        "name, today, location_note",
    ),
    (
        "an id the story does not have",
        "ru,event,no-such-event,title,Событие",
        "translations.csv:2: id: 'no-such-event' is not an id in events.csv",
    ),
    (
        "a place id that is an event's",
        f"ru,place,{ATTACK},name,Порт-Артур",
        f"translations.csv:2: id: '{ATTACK}' is not an id in places.csv",
    ),
    (
        "an era the story does not have",
        "ru,era,no-such-era,label,Эпоха",
        "translations.csv:2: id: 'no-such-era' is not an id in eras.csv",
    ),
    (
        "a link named the wrong way round",
        f"ru,link,{TREATY}>{ATTACK},label,Война кончается",
        f"translations.csv:2: id: '{TREATY}>{ATTACK}' is not a link in links.csv: a link is "
        "named by its from_event and to_event, as from_event>to_event",
    ),
    (
        "a link named by one of its events",
        f"ru,link,{ATTACK},label,Война кончается",
        f"translations.csv:2: id: '{ATTACK}' is not a link in links.csv: a link is named by "
        "its from_event and to_event, as from_event>to_event",
    ),
    (
        "no id for a link",
        "ru,link,,label,Война кончается",
        "translations.csv:2: id: a value is required: the link's from_event and to_event in "
        "links.csv, as from_event>to_event",
    ),
    (
        "an area the story does not have",
        "ru,area,no-such-area,name,Квантунская область",
        "translations.csv:2: id: 'no-such-area' is not an id in areas.geojson",
    ),
    (
        "no id for an area",
        "ru,area,,name,Квантунская область",
        "translations.csv:2: id: a value is required: the id, in areas.geojson, of what is "
        "translated",
    ),
    (
        "an area's field for a link",
        f"ru,link,{LINK},name,Война кончается",
        "translations.csv:2: field: 'name' is not a field of record 'link': its fields are label",
    ),
    (
        "a link's field for an area",
        f"ru,area,{AREA},label,Квантунская область",
        "translations.csv:2: field: 'label' is not a field of record 'area': its fields are name",
    ),
    (
        "a link's label translated twice",
        f"ru,link,{LINK},label,Война кончается\nru,link,{LINK},label,Конец войны",
        "translations.csv:3: field: the same language, record, id and field are on line 2 "
        "already: give each translation once",
    ),
    (
        "a blank area name",
        f'ru,area,{AREA},name," "',
        "translations.csv:2: text: the translation is blank",
    ),
    (
        "no id for a place",
        "ru,place,,name,Порт-Артур",
        "translations.csv:2: id: a value is required: the id, in places.csv, of what is translated",
    ),
    (
        "an id for the story",
        "ru,story,port-arthur,title,Моя история",
        "translations.csv:2: id: 'port-arthur' is given, but the story itself has no id: "
        "leave id empty",
    ),
    (
        "the same translation twice",
        "ru,place,port-arthur,name,Порт-Артур\nru,place,port-arthur,name,Люйшунь",
        "translations.csv:3: field: the same language, record, id and field are on line 2 "
        "already: give each translation once",
    ),
    (
        "a quote for an event without one",
        f"ru,event,{TREATY},quote,Слова",
        f"translations.csv:2: field: the event '{TREATY}' has no quote to translate: its "
        "quote is empty",
    ),
    (
        "an empty text",
        "ru,story,,title,",
        "translations.csv:2: text: a value is required",
    ),
    (
        "a blank text",
        'ru,story,,title,"   "',
        "translations.csv:2: text: the translation is blank",
    ),
    (
        "a display date longer than a display date may be",
        f"ru,event,{ATTACK},display_date,{LONG_DATE}",
        "translations.csv:2: text: the translation is 81 characters long; the display_date "
        "it translates may have at most 80",
    ),
    (
        "a title longer than a title may be",
        f"ru,story,,title,{LONG_TITLE}",
        "translations.csv:2: text: the translation is 121 characters long; the title it "
        "translates may have at most 120",
    ),
    (
        "an introduction larger than introduction.txt may be",
        f"ru,story,,introduction,{LONG_INTRODUCTION}",
        "translations.csv:2: text: the translation is 10,242 bytes long; an introduction may "
        "have at most 10,240 bytes (10 KB)",
    ),
    (
        "a language that is not a code",
        "Russian,story,,title,Моя история",
        "translations.csv:2: language: 'Russian' is not a two- or three-letter language code",
    ),
    (
        "a row of the wrong width",
        "ru,story,,title",
        "translations.csv:2: -: the row has 4 cells, the header has 5",
    ),
]


@pytest.mark.parametrize(
    ("row", "expected"), [rule[1:] for rule in RULES], ids=[r[0] for r in RULES]
)
def test_each_broken_row_gets_its_line_of_the_report(row, expected):
    assert report_of(template_with(f"{HEADER}\n{row}\n")) == [expected]


def test_an_introduction_is_translated_only_where_the_story_has_one():
    files = template_with(f"{HEADER}\nru,story,,introduction,Моя история о войне\n")
    files.pop(INTRODUCTION_FILENAME)
    assert report_of(files) == [
        "translations.csv:2: field: the story has no introduction to translate: "
        "introduction.txt is missing or empty"
    ]


def test_an_era_s_translation_is_let_be_where_the_story_has_no_eras_csv():
    # As an event's era_id is: a reference into an absent, optional file names nothing.
    files = template_with(f"{HEADER}\nru,era,war-1904,label,Русско-японская война\n")
    files.pop("eras.csv")
    assert template_story_of(files).eras == ()
    files = template_with(f"{HEADER}\nru,era,war-1905,label,Русско-японская война\n")
    assert report_of(files) == ["translations.csv:2: id: 'war-1905' is not an id in eras.csv"]


def test_a_links_or_areas_translation_is_let_be_where_the_story_has_no_such_file():
    # As an era's is: an absent, optional file has nothing for a translation to name.
    files = template_with(
        f"{HEADER}\nru,link,{LINK},label,Война кончается\nru,area,{AREA},name,Квантун\n"
    )
    files.pop("links.csv")
    files.pop("areas.geojson")
    story = template_story_of(files)
    assert (story.links, story.areas) == ((), ())
    assert (translated(story, "ru").links, translated(story, "ru").areas) == ((), ())


def test_an_areas_translation_is_let_be_while_areas_geojson_has_problems_of_its_own():
    # Which features are broken is the file's report; a translation is checked once it
    # reads whole, against every area's id.
    files = template_with_areas(f"{HEADER}\nru,area,no-such-area,name,Квантун\n", (AREA, ""))
    assert report_of(files) == ["areas.geojson:1: name: the property is required"]
    files = template_with_areas(f"{HEADER}\nru,area,no-such-area,name,Квантун\n", (AREA, "K"))
    assert report_of(files) == [
        "translations.csv:2: id: 'no-such-area' is not an id in areas.geojson"
    ]


def test_a_links_label_is_translated_only_where_the_link_has_one():
    translation = f"{HEADER}\nru,link,{LINK},label,Война кончается\n"
    files = template_with_links(translation, f"{ATTACK},{TREATY},ended-by,")
    assert report_of(files) == [
        f"translations.csv:2: field: '{LINK}' has no label to translate: its label in "
        "links.csv is empty"
    ]


def test_links_between_the_same_events_share_the_translation_of_their_one_label():
    # links.csv may join two events more than once (it has no id): the translation of
    # FROM>TO is the label of each of them that has one, as long as that is one text.
    translation = f"{HEADER}\nru,link,{LINK},label,Война кончается\n"
    story = template_story_of(
        template_with_links(
            translation,
            f"{ATTACK},{TREATY},ended-by,the war ends",
            f"{ATTACK},{TREATY},leads-to,",
            f"{ATTACK},{TREATY},followed-by,the war ends",
        )
    )
    russian = translated(story, "ru")
    assert [link.label for link in russian.links] == ["Война кончается", "", "Война кончается"]
    assert russian.links[1] is story.links[1]  # no label, nothing translated
    files = template_with_links(
        translation,
        f"{ATTACK},{TREATY},ended-by,the war ends",
        f"{ATTACK},{TREATY},followed-by,the peace follows",
    )
    assert report_of(files) == [
        f"translations.csv:2: id: '{LINK}' names links with different labels in links.csv: "
        "one translation can't stand for them all"
    ]


def test_areas_that_share_an_id_share_the_translation_of_their_one_name():
    translation = f"{HEADER}\nru,area,{AREA},name,Квантунская область\n"
    story = template_story_of(
        template_with_areas(translation, (AREA, "Kwantung"), (AREA, "Kwantung"))
    )
    assert [area.name for area in translated(story, "ru").areas] == ["Квантунская область"] * 2
    files = template_with_areas(translation, (AREA, "Kwantung"), (AREA, "Dalian"))
    assert report_of(files) == [
        f"translations.csv:2: id: '{AREA}' names areas with different names in "
        "areas.geojson: one translation can't stand for them all"
    ]


def test_a_links_label_and_an_areas_name_have_no_length_limit_of_their_own():
    # Their originals have none (a cell's own limit is every file's).
    long = "я" * 2_000
    story = template_story(f"{HEADER}\nru,link,{LINK},label,{long}\nru,area,{AREA},name,{long}\n")
    russian = translated(story, "ru")
    assert (russian.links[0].label, russian.areas[0].name) == (long, long)


def test_the_id_column_is_required_though_the_storys_own_rows_leave_it_empty():
    files = template_with("language,record,field,text\nru,story,title,Моя история\n")
    assert report_of(files) == ["translations.csv:1: id: the required column is missing"]


def test_the_columns_may_come_in_any_order_and_a_translation_into_english_is_a_translation():
    story = template_story("text,field,id,record,language\nMy own story,title,,story,en\n")
    assert story_text(story, "en", "title") == "My own story"


# The story in another language


TRANSLATIONS = f"""{HEADER}
ru,story,,title,Моя история
ru,story,,introduction,"В 1904 году Япония напала на Порт-Артур.\r\n\r\nИзмените этот текст."
ru,place,port-arthur,name,Порт-Артур
ru,event,{ATTACK},title,Внезапное нападение Японии на Порт-Артур
ru,event,{ATTACK},quote,8 февраля 1904 года Япония внезапно напала на Порт-Артур
ru,era,war-1904,label,Русско-японская война
ru,link,{LINK},label,здесь кончается начатая им война
ru,area,{AREA},name,"Квантунская область, российская в 1898–1905 (приблизительно)"
ja,place,portsmouth,name,ポーツマス
"""
RUSSIAN_LABEL = "здесь кончается начатая им война"
RUSSIAN_AREA = "Квантунская область, российская в 1898–1905 (приблизительно)"


@pytest.fixture(scope="module")
def story():
    return template_story(TRANSLATIONS)


def test_a_translated_text_takes_the_originals_place_and_any_other_stays_as_written(story):
    russian = translated(story, "ru")
    assert russian.places["port-arthur"].name == "Порт-Артур"
    assert russian.places["portsmouth"].name == "Portsmouth"  # translated into Japanese only
    attack = russian.events_by_id[ATTACK]
    assert attack.title == "Внезапное нападение Японии на Порт-Артур"
    assert attack.summary == story.events_by_id[ATTACK].summary  # no translation: as written
    assert attack.display_date == "Night of 8–9 February 1904"
    assert russian.events_by_id[TREATY] == story.events_by_id[TREATY]
    assert [era.label for era in russian.eras] == ["Русско-японская война"]
    # Every index of the story holds the translated records.
    assert russian.events_by_place["port-arthur"][0].title == attack.title
    assert russian.era_of(attack).label == "Русско-японская война"
    assert translated(story, "ja").places["portsmouth"].name == "ポーツマス"
    assert story.places["port-arthur"].name == "Port Arthur"  # the story as written stays


def test_a_links_label_and_an_areas_name_take_the_originals_place(story):
    russian = translated(story, "ru")
    assert [link.label for link in russian.links] == [RUSSIAN_LABEL]
    assert russian.links_of(TREATY)[0].label == RUSSIAN_LABEL  # the panel's index too
    assert [area.name for area in russian.areas] == [RUSSIAN_AREA]
    assert russian.areas[0].geometry is story.areas[0].geometry  # shared, not copied
    # The story as written stays; a language that translates neither shares them.
    assert story.links[0].label == "the war it started ends here"
    assert story.areas[0].name == "Kwantung Leased Territory, Russian 1898–1905 (approximate)"
    japanese = translated(story, "ja")
    assert japanese.links is story.links and japanese.areas is story.areas


def test_a_quote_is_never_replaced_its_translation_goes_beside_it(story):
    attack = translated(story, "ru").events_by_id[ATTACK]
    assert attack.quote == "On February 8, 1904, Japan launched a surprise attack on Port Arthur"
    assert attack.quote_translation == "8 февраля 1904 года Япония внезапно напала на Порт-Артур"
    assert story.events_by_id[ATTACK].quote_translation is None
    assert translated(story, "ja").events_by_id[ATTACK].quote_translation is None


def test_a_language_without_translations_is_the_very_same_story(story):
    assert translated(story, "xx") is story
    assert translated(story, "en") is story
    default = load_files(MemoryFiles("t", template_with(None)))
    assert translated(default, "ru") is default


def test_each_language_is_translated_once_and_kept(story):
    russian = translated(story, "ru")
    assert translated(story, "ru") is russian
    assert russian.translated_from is story
    # A copy asked for another language is translated from the story as written.
    assert translated(russian, "ja") is translated(story, "ja")
    assert translated(russian, "uk") is story


def test_a_copy_has_the_orders_and_indices_the_story_would_be_built_with():
    # The copy puts its translated records in the story's own lists and indices, in the
    # same places: a text changes no order. Every other record, and the rest, is shared.
    default = load_files(FolderFiles(DEFAULT_DATA_FOLDER))
    placeless = replace(default.events[0], id="placeless", place_id="", happened_at="")
    events = (*default.events, placeless)
    places = list(default.places.values())
    rows = [Translation("xx", "place", place.id, "name", f"«{place.name}»") for place in places]
    rows += [Translation("xx", "event", event.id, "title", f"«{event.title}»") for event in events]
    rows += [Translation("xx", "era", era.id, "label", f"«{era.label}»") for era in default.eras]
    rows += [
        Translation(
            "xx", "link", link_id(link.from_event, link.to_event), "label", f"«{link.label}»"
        )
        for link in default.links
        if link.label
    ]
    rows += [Translation("xx", "area", area.id, "name", f"«{area.name}»") for area in default.areas]
    story = Story.build(
        default.places,
        events,
        default.sources,
        default.areas,
        default.links,
        default.eras,
        rows[::2],
    )
    assert story.events_happened_at and story.events_without_place  # every index is there
    copy = translated(story, "xx")
    built = Story.build(
        copy.places, copy.events, copy.sources, copy.areas, copy.links, copy.eras, copy.translations
    )
    assert copy == replace(built, translated_from=story)
    assert list(copy.places) == list(story.places)
    translated_ids = {row.id for row in rows[::2] if row.record == "event"}
    for event in copy.events:
        assert (event.id in translated_ids) == (event is not story.events_by_id[event.id])
        assert event.title.startswith("«") == (event.id in translated_ids)
    assert copy.sources is story.sources and copy.span == story.span
    translated_links = {row.id for row in rows[::2] if row.record == "link"}
    for link, own in zip(copy.links, story.links, strict=True):
        named = link_id(link.from_event, link.to_event) in translated_links
        assert (link is not own) == named == link.label.startswith("«")
    translated_areas = {row.id for row in rows[::2] if row.record == "area"}
    assert translated_areas and translated_links  # both kinds are in the half translated
    for area, own in zip(copy.areas, story.areas, strict=True):
        assert (area is not own) == (area.id in translated_areas) == area.name.startswith("«")
        assert area.geometry is own.geometry
    # A translated record is copied as copy.copy would, never through __init__: nothing
    # of these records may be worked out when one is made.
    records = (Place, Event, Era, Link, Area)
    assert not any(hasattr(record, "__post_init__") for record in records)


def test_the_loaded_story_gets_its_title_introduction_place_list_and_map_data(story):
    files = MemoryFiles("t", template_with(TRANSLATIONS))
    map_data_in = dict(private_map_data_in_languages(story))
    loaded = loaded_story(
        story, files, TEMPLATE_TITLE, private_map_data=b"{}", private_map_data_in=map_data_in
    )
    russian = in_language(loaded, "ru")
    assert russian.title == "Моя история"
    assert (
        russian.introduction == "В 1904 году Япония напала на Порт-Артур.\n\nИзмените этот текст."
    )
    assert russian.story is translated(story, "ru")
    assert russian.private_map_data is map_data_in["ru"]
    assert "Порт-Артур" in russian.private_map_data.decode("utf-8")
    assert in_language(loaded, "ru") is russian
    japanese = in_language(loaded, "ja")  # its title and introduction stay as written
    assert (japanese.title, japanese.introduction) == (loaded.title, loaded.introduction)
    assert "ポーツマス" in japanese.private_map_data.decode("utf-8")
    assert in_language(loaded, "zh") is loaded


def test_a_folders_story_in_another_language_publishes_its_own_map_data(story):
    loaded = loaded_story(story, MemoryFiles("t", {}), TEMPLATE_TITLE, data_url="/english.json")
    published = []

    def publish(copy) -> str:
        published.append(copy)
        return "/russian.json"

    assert in_language(loaded, "ru", publish).data_url == "/russian.json"
    assert published == [translated(story, "ru")]
    assert in_language(loaded, "ru", publish).data_url == "/russian.json"
    assert len(published) == 1  # once for each language


# The template, uploads, downloads and the Data Package


def test_the_template_loads_with_its_translations():
    story = load_files(MemoryFiles("t", template_files()))
    assert story.languages_translated == {"ru"}
    assert story_text(story, "ru", "title") == "Моя история"
    russian = translated(story, "ru")
    assert russian.events_by_id[ATTACK].title == "Внезапное нападение Японии на Порт-Артур"
    with zipfile.ZipFile(io.BytesIO(template_zip())) as archive:
        assert f"{TEMPLATE_FOLDER}/translations.csv" in archive.namelist()


def test_frictionless_finds_the_templates_translations_valid(tmp_path):
    for name, data in template_files().items():
        (tmp_path / name).write_bytes(data)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    task = next(task for task in report.tasks if task.name == "translations")
    assert task.valid and task.stats["rows"] == 5, task.flatten(["rowNumber", "fieldName", "note"])
    resources = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert "translations.csv" in [resource["path"] for resource in resources["resources"]]


def test_the_default_story_has_a_translations_file_for_its_translators():
    text = (DEFAULT_DATA_FOLDER / "translations.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER


def test_the_data_folders_download_carries_the_file_as_it_is():
    files = MemoryFiles("t", template_with(TRANSLATIONS))
    with zipfile.ZipFile(io.BytesIO(story_zip(files, "Моя история", "story"))) as archive:
        assert archive.read("story/translations.csv") == TRANSLATIONS.encode("utf-8")


def test_an_upload_with_a_bad_translations_file_gets_its_report_line():
    files = template_with(f"{HEADER}\nru,event,no-such-event,title,Событие\n")
    app = upload(upload_page(), *files.items())
    assert app.error[0].value.startswith("Your story can't be shown: 1 problem.")
    assert app.code[0].value == "translations.csv:2: id: 'no-such-event' is not an id in events.csv"


def test_an_uploaded_story_keeps_its_translations_through_the_check():
    # The check runs in a worker process, which sends the story back in parts.
    result = check_upload(list(template_with(TRANSLATIONS).items()))
    assert not isinstance(result, DataError), result
    loaded = loaded_story(
        result.story,
        result.files,
        result.title,
        private_map_data=result.map_data,
        private_map_data_in=result.map_data_in,
    )
    russian = in_language(loaded, "ru")
    assert russian.title == "Моя история"
    assert russian.story.events_by_id[ATTACK].quote_translation is not None
    assert "Порт-Артур" in russian.private_map_data.decode("utf-8")


# Where the story is shown


def test_the_reports_words_are_in_the_readers_language(marked_catalog):
    files = template_with(f"{HEADER}\nru,event,no-such-event,title,Событие\n")
    with speaking("ru"):
        assert report_of(files) == [
            "translations.csv:2: id: «'no-such-event' is not an id in events.csv»"
        ]


def test_the_panel_shows_the_quote_verbatim_and_its_translation_beside_it(story, marked_catalog):
    with speaking("ru"):
        russian = translated(story, "ru")
        html = place_panel_html(russian, russian.places["port-arthur"])
    quote = (
        '<blockquote lang="en">“On February 8, 1904, Japan launched a surprise attack on '
        "Port Arthur”</blockquote>"
    )
    translation = (
        '<p class="quote-translation" lang="ru">«Translation: 8 февраля 1904 года Япония '
        "внезапно напала на Порт-Артур»</p>"
    )
    assert quote + translation in html
    assert "<h2>Порт-Артур</h2>" in html


def test_a_quote_without_a_translation_stands_alone(story):
    event = story.events_by_id[ATTACK]
    html = source_html(event, story.sources[event.source_id])
    assert '<blockquote lang="en">' in html and "quote-translation" not in html


def test_the_standalone_map_is_in_the_readers_language(story):
    with speaking("ru"):
        russian = translated(story, "ru")
        document = standalone_html(russian, "Моя история", tiles=False)
    assert document.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<h1>Моя история</h1>" in document
    assert "Русско-японская война" in document  # the legend's era
    assert standalone_html(story, TEMPLATE_TITLE, tiles=False).startswith(
        '<!DOCTYPE html>\n<html lang="en">'
    )


def test_the_pages_get_the_folders_story_in_the_interfaces_language(tmp_path, monkeypatch):
    for name, data in template_with(TRANSLATIONS).items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("STORYMAP_DATA", str(tmp_path))
    russian = html_of(run_page(place="port-arthur", ui="ru"))
    assert "<h2>Порт-Артур</h2>" in russian
    assert "Внезапное нападение Японии на Порт-Артур" in russian
    english = html_of(run_page(place="port-arthur"))
    assert "<h2>Port Arthur</h2>" in english
    assert '<p class="quote-translation"' not in english


def test_a_translated_label_and_area_name_reach_the_map_the_panel_and_the_tables(story):
    russian = translated(story, "ru")
    arcs = link_arcs(russian, russian.span, "port-arthur")
    labels = [
        child.text
        for arc in arcs
        for child in arc._children.values()
        if isinstance(child, folium.Tooltip)
    ]
    assert RUSSIAN_LABEL in labels  # the arc to Portsmouth, where the war ended
    areas = [
        feature["properties"]["label"]
        for feature in story_features(russian)["features"]
        if feature["properties"]["kind"] == "area"
    ]
    assert areas == [RUSSIAN_AREA]  # the map's tooltip over the area
    related = related_events(russian, russian.events_at("port-arthur"))
    assert [item.label for item in related] == [RUSSIAN_LABEL]
    assert list(links_table(russian).iloc[:, 3]) == [RUSSIAN_LABEL]
    assert list(areas_table(russian).iloc[:, 0]) == [RUSSIAN_AREA]


def test_a_language_that_renames_an_area_alone_gets_map_data_of_its_own():
    # An upload's map data in each language is made where it is checked: a copy that
    # renames an area has its own, each geometry written as the story's own was.
    story = template_story(f"{HEADER}\nja,area,{AREA},name,関東州\n")
    data = PrivateStoryData(story)
    japanese = translated(story, "ja")
    made = data.of_copy(japanese)
    assert made is not None and dict(private_map_data_in_languages(story, data)).keys() == {"ja"}

    def without_token(map_data: bytes) -> bytes:
        return map_data.rsplit(b',"private":', 1)[0]

    assert without_token(made) == without_token(private_story_data(japanese))
    assert "関東州" in made.decode("utf-8")


def test_the_sources_page_shows_the_links_and_areas_in_the_interfaces_language(
    tmp_path, monkeypatch
):
    for name, data in template_with(TRANSLATIONS).items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("STORYMAP_DATA", str(tmp_path))
    links, areas = run_page("pages/sources.py", ui="ru").dataframe[3:5]
    assert list(links.value.iloc[:, 3]) == [RUSSIAN_LABEL]
    assert list(areas.value.iloc[:, 0]) == [RUSSIAN_AREA]
    links, areas = run_page("pages/sources.py").dataframe[3:5]
    assert list(links.value["Label"]) == ["the war it started ends here"]
