from storymap import schema
from storymap.__main__ import main
from storymap.docs import data_format_markdown
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
