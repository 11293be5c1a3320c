from storymap import schema
from storymap.__main__ import main
from storymap.docs import data_format_markdown
from storymap.i18n import speaking
from tests.conftest import PROJECT_ROOT


def test_the_committed_documentation_is_written_from_the_schema():
    committed = (PROJECT_ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert committed == data_format_markdown(), "run: python -m storymap docs > docs/data-format.md"


def test_the_documentation_names_every_column_and_its_rule():
    text = data_format_markdown()
    for table in schema.TABLES:
        assert f"## `{table.filename}`" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.rule_in_words()} |" in text


def test_the_docs_command_prints_it(capsys):
    assert main(["docs"]) == 0
    assert capsys.readouterr().out == data_format_markdown()


def test_the_documentation_speaks_the_current_language(marked_catalog):
    with speaking("uk"):
        text = data_format_markdown()
    assert text.startswith("# «The data format»\n\n«A story is a folder of UTF-8 CSV files")
    for heading in ("## «Dates»", "## «Good to know»", "## «`areas.geojson` (optional)»"):
        assert f"\n{heading}\n" in text
    for table in schema.TABLES:
        assert f"«{table.description}» «An upload may have at most" in text
        for column in table.columns:
            assert f"| «{column.description}» |" in text
    assert "| «column» | «rule» | «meaning» | «example» |" in text
    assert "| `lat` | «required»; «a number»; «from -90 to 90» |" in text
    # A list's item in another language goes on over lines indented under its first.
    assert "\n- «**Featured and context places.** Featured places are the story's own: " in text
    assert "\n  first in the place list and, for a story" in text


def test_the_docs_command_writes_english_whatever_the_catalogs_say(marked_catalog, capsys):
    assert main(["docs"]) == 0
    committed = (PROJECT_ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == committed
