"""The template folder: a small, valid story to copy and change into one's own.

Every file a story may have is here, with a row or two that follow every rule, so a
new story starts from something that loads; the data format's documentation shows
these same rows as its examples.
"""

from __future__ import annotations

import io
import json
import zipfile

from storymap import schema
from storymap.schema import data_package
from storymap.storyfiles import INTRODUCTION_FILENAME, PACKAGE_FILENAME

TEMPLATE_TITLE = "My story"
TEMPLATE_FOLDER = "my-story"
# Plain text: paragraphs parted by a blank line, shown as written.
TEMPLATE_INTRODUCTION = """\
In 1904 Japan attacked the Russian fleet at Port Arthur; in 1905 the war ended with a \
treaty signed near Portsmouth, in the United States.

Change this text to say what your story is about. It is shown beside the map until a \
place is chosen.
"""

# Each file's text, as a spreadsheet would save it. Quoted cells may hold commas.
TEMPLATE_FILES: dict[str, str] = {
    schema.PLACES.filename: """\
id,name,lat,lon,role,today,location_note,zoom
port-arthur,Port Arthur,38.812,121.243,featured,"Lüshunkou District, Dalian, Liaoning, China",,
portsmouth,Portsmouth,43.080,-70.739,context,"Portsmouth, New Hampshire, United States","The marker shows the shipyard in Kittery, Maine, where the treaty was signed.",12
""",
    schema.SOURCES.filename: """\
id,kind,title,publisher,url,published
article,article,"Russia and Japan Have Fought Before, and It Was Won Decisively",,,2022-11
wp-treaty-of-portsmouth,reference,Treaty of Portsmouth,Wikipedia,https://en.wikipedia.org/wiki/Treaty_of_Portsmouth,
""",
    schema.EVENTS.filename: """\
id,place_id,date,old_style,title,summary,source_id,details_source_id,quote,happened_at,status,era_id,display_date,media_url,media_credit,media_caption,media_alt
port-arthur-attack-1904,port-arthur,1904-02-08,true,Japanese surprise attack on Port Arthur,"Japan attacks the Russian fleet at Port Arthur, beginning the Russo-Japanese War.",article,,"On February 8, 1904, Japan launched a surprise attack on Port Arthur",,established,,Night of 8–9 February 1904,,,,
portsmouth-treaty-signed-1905,portsmouth,1905-09-05,true,Treaty of Portsmouth signed,"The treaty ends the Russo-Japanese War, with U.S. President Theodore Roosevelt as mediator.",wp-treaty-of-portsmouth,,,,established,,,,,,
port-arthur-lease-to-japan-1905,port-arthur,1905-09-05,true,Port Arthur lease passes to Japan,"By the treaty signed near Portsmouth, Russia transfers its lease of Port Arthur to Japan.",wp-treaty-of-portsmouth,,,portsmouth,established,war-1904,,,,,
""",
    schema.NAMES.filename: """\
place_id,language,name,romanized,from,to
port-arthur,ru,Порт-Артур,Port-Artur,1898,1905
port-arthur,ru,Порт-Артур,Port-Artur,1945,1955
port-arthur,ja,旅順,Ryojun,,
""",
    schema.LINKS.filename: """\
from_event,to_event,type,label
port-arthur-attack-1904,portsmouth-treaty-signed-1905,ended-by,the war it started ends here
""",
    schema.ERAS.filename: """\
id,label,from,to,colour
war-1904,The Russo-Japanese War,1904,1905,#D55E00
""",
    schema.TRANSLATIONS.filename: """\
language,record,id,field,text
ru,story,,title,Моя история
ru,place,port-arthur,name,Порт-Артур
ru,event,port-arthur-attack-1904,title,Внезапное нападение Японии на Порт-Артур
ru,event,port-arthur-attack-1904,quote,"8 февраля 1904 года Япония внезапно напала на Порт-Артур"
ru,link,port-arthur-attack-1904>portsmouth-treaty-signed-1905,label,здесь кончается начатая им война
""",
}

TEMPLATE_AREAS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "id": "kwantung-leased-territory",
                "place_id": "port-arthur",
                "name": "Kwantung Leased Territory, Russian 1898–1905 (approximate)",
                "from": 1898,
                "to": 1905,
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [121.5, 39.4],
                        [121.3, 39.0],
                        [121.1, 38.72],
                        [121.55, 38.82],
                        [121.85, 39.0],
                        [122.35, 39.3],
                        [122.4, 39.42],
                        [121.5, 39.4],
                    ]
                ],
            },
        }
    ],
}

_README = f"""\
A story for the map dashboard: a folder of CSV files (and one GeoJSON file).

Change the rows to your own places, events and sources (a spreadsheet can open and save
CSV; save as CSV UTF-8), keep the first line of each file, and upload the folder, zipped,
on the dashboard's "Your story" page. The story's title is the "title" in
{PACKAGE_FILENAME}, and {INTRODUCTION_FILENAME} introduces it, in plain text: change both.
names.csv, links.csv, eras.csv, translations.csv, areas.geojson and {INTRODUCTION_FILENAME}
are optional: delete the ones you do not need (translations.csv gives the story's own
text in other languages, for readers of the dashboard in them). Every column and its
rule is explained on that page, and in docs/data-format.md. Check a folder from the
command line with
python -m storymap validate {TEMPLATE_FOLDER}
"""


def template_files() -> dict[str, bytes]:
    """Every file of the template folder, by name."""
    files = {name: text.encode("utf-8") for name, text in TEMPLATE_FILES.items()}
    files[schema.AREAS_FILENAME] = (
        json.dumps(TEMPLATE_AREAS, ensure_ascii=False, indent=1) + "\n"
    ).encode("utf-8")
    files[PACKAGE_FILENAME] = (
        json.dumps(data_package(TEMPLATE_TITLE), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    files[INTRODUCTION_FILENAME] = TEMPLATE_INTRODUCTION.encode("utf-8")
    files["README.txt"] = _README.encode("utf-8")
    return files


def template_zip() -> bytes:
    """The template folder as a zip, its files under ``my-story/``."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in template_files().items():
            archive.writestr(f"{TEMPLATE_FOLDER}/{name}", data)
    return output.getvalue()
